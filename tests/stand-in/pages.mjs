// Server-side renderers of the stand-in marketplace's pages. The markup follows
// shared/upwork/REFERENCE.md: §2 for message rooms (confirmed selectors), §3 for the workroom
// (weakly known: guessed data-test/data-qa attributes plus the visible labels from the help centre),
// §1 for URLs. Everything is wrapped in Nuxt's `#__nuxt` root.
//
// Message lists are rendered in the browser by /stand-in-assets/room.js, because timestamps must be
// shown in the browser's own time zone (REFERENCE §2, "Timestamp").
import { escapeHtml, avatarUrl, roomHeaderHtml } from './assets/markup.js';
import { PEOPLE, USER_NAMES, contracts, contractApiJson, roomById, stories } from './sample-data.mjs';
import { roomsListJson, DEFAULT_PAGE_SIZE } from './api.mjs';
import { stringifyPayload, scriptSafeJson, shallowReactive, reactive } from './nuxt-payload.mjs';

/**
 * Control state of the stand-in (see server.mjs `/__stand-in/state`).
 * @typedef {{ variant: 'v1'|'v2', json: 'on'|'off', attrs: 'on'|'off', virtualize: 'on'|'off', nuxt: 'devalue'|'plain',
 *   latency: number, session: 'in'|'out', challenge: 'on'|'off' }} StandInState
 */

const ME = PEOPLE.maya;

function documentHtml({ title, body, scripts = '', bodyClass = '' }) {
  return (
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(title)}</title>` +
    `<link rel="icon" href="data:,">` +
    `<link rel="stylesheet" href="/stand-in-assets/styles.css"></head>` +
    `<body class="${escapeHtml(bodyClass)}"><div id="__nuxt"><div id="__layout" class="app air3-app">${body}</div></div>${scripts}</body></html>`
  );
}

function navHeader(active) {
  const link = (href, label, key) => `<a class="nav-link${active === key ? ' active' : ''}" href="${href}">${label}</a>`;
  return (
    `<header class="nav-header" role="banner"><a class="nav-logo" href="/" aria-label="Upwork home">upwork</a>` +
    `<nav class="nav-links" aria-label="Main">${link('/nx/find-work/', 'Find work', 'find')}${link('/nx/wm/contracts', 'Deliver work', 'contracts')}` +
    `${link('/nx/payments/reports/transaction-history', 'Manage finances', 'finances')}${link('/ab/messages/rooms', 'Messages', 'messages')}</nav>` +
    `<div class="nav-user"><img src="${avatarUrl(ME.userId)}" alt="${escapeHtml(ME.name)}" width="28" height="28"><span>${escapeHtml(ME.name)}</span></div></header>`
  );
}

/** JSON for the page script; not an Upwork structure (its id says so). */
function configScript(config) {
  return `<script type="application/json" id="stand-in-config">${scriptSafeJson(JSON.stringify(config))}</script>`;
}

function roomConfig({ page, roomId, storyId = null, state, withRoomsList }) {
  const config = {
    page,
    roomId,
    storyId,
    me: ME.userId,
    callerOrgId: ME.orgId,
    names: USER_NAMES,
    pageSize: DEFAULT_PAGE_SIZE,
    virtualize: state.virtualize === 'on',
    loadRoomsList: withRoomsList,
    embedded: null,
  };
  if (state.json === 'off') {
    // No JSON requests at all: the script renders from this copy instead (DOM-only extraction tests).
    const list = roomsListJson(state.variant);
    config.embedded = {
      rooms: list.rooms,
      stories: Object.fromEntries(list.rooms.map((r) => [r.roomId, stories(r.roomId, state.variant)])),
    };
  }
  return config;
}

/**
 * The conversation pane: header, `#story-viewport` scroll container (fixed height, the page itself
 * does not scroll), typing indicator and composer. `.story-list` is filled by room.js.
 */
function roomPaneHtml(room) {
  const typing = room ? `${escapeHtml(room.counterpart.name.split(' ')[0])} is typing…` : '';
  return (
    `<section class="room-pane" id="room-pane" aria-label="Conversation">` +
    `<div class="room-header${room ? '' : ' empty'}">${room ? roomHeaderHtml(room) : ''}</div>` +
    `<div class="room-body">` +
    `<div id="story-viewport" class="scroll-wrapper" tabindex="0"><div class="story-list" role="log"></div></div>` +
    `<div class="story-list-loader" role="status" hidden>Loading messages…</div>` +
    `<div class="room-empty"${room ? ' hidden' : ''}>Select a conversation to read it</div></div>` +
    `<div class="room-typing" aria-live="polite"${room ? '' : ' hidden'}><span class="typing-dots" aria-hidden="true"><i></i><i></i><i></i></span> <span class="typing-text">${typing}</span></div>` +
    `<form class="room-composer" action="#"><textarea rows="2" placeholder="Send a message…" aria-label="Message"></textarea>` +
    `<button type="button" class="air3-btn air3-btn-secondary air3-btn-sm" aria-label="Attach a file">Attach</button>` +
    `<button type="submit" class="air3-btn air3-btn-primary air3-btn-sm">Send</button></form></section>`
  );
}

function roomsPanelHtml() {
  return (
    `<aside class="rooms-panel" aria-label="Rooms"><div class="rooms-panel-header"><h1 class="air3-h4">Messages</h1></div>` +
    `<div class="rooms-panel-search"><input type="search" placeholder="Search" aria-label="Search messages"></div>` +
    `<ul class="rooms-panel-room-list"></ul></aside>`
  );
}

/** `/ab/messages/rooms/<roomId>` (optionally `/story_<hex>`), and `/ab/messages/rooms` with no room. */
export function renderMessagesPage({ roomId, storyId = null, state }) {
  const room = roomId ? roomById(roomId) : null;
  const config = roomConfig({ page: room ? 'room' : 'messages-list', roomId: room ? room.roomId : null, storyId, state, withRoomsList: true });
  return documentHtml({
    title: 'Messages | Upwork',
    bodyClass: 'layout-fixed',
    body: `${navHeader('messages')}<main class="messages-page">${roomsPanelHtml()}${roomPaneHtml(room)}</main>`,
    scripts: `${configScript(config)}<script type="module" src="/stand-in-assets/room.js"></script>`,
  });
}

// --- Workroom (REFERENCE §3) --------------------------------------------------------------------

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026-09-21" → "Sep 21, 2026" (a date, no time zone involved). */
function shortDate(ymd) {
  const [y, m, d] = ymd.split('-').map(Number);
  return `${MONTHS[m - 1]} ${d}, ${y}`;
}

/** "Nov 20, 2026 8:15 PM UTC": a fallback that workroom.js replaces with the browser's local time. */
function utcDateTime(ms) {
  const d = new Date(ms);
  const h = d.getUTCHours();
  const min = String(d.getUTCMinutes()).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()} ${h % 12 === 0 ? 12 : h % 12}:${min} ${h < 12 ? 'AM' : 'PM'} UTC`;
}

function localTime(ms) {
  return `<time class="local-datetime" datetime="${new Date(ms).toISOString()}">${escapeHtml(utcDateTime(ms))}</time>`;
}

function hoursLabel(minutes) {
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')} hrs`;
}

function summaryItem(label, value, dataTest) {
  const attr = dataTest ? ` data-test="${dataTest}"` : '';
  return `<div class="summary-item"><div class="summary-label">${escapeHtml(label)}</div><div class="summary-value"${attr}>${escapeHtml(value)}</div></div>`;
}

const BADGE = { Paid: 'success', 'Active and funded': 'info', 'Not funded': 'neutral' };

function milestoneRowHtml(m) {
  const submission =
    m.submittedAt !== null && m.paidAt === null
      ? `<div class="milestone-submission" data-test="milestone-submission"><span class="air3-badge air3-badge-warning">Submitted for review</span> ` +
        `<span class="submission-time">Submitted ${localTime(m.submittedAt)}</span></div>`
      : '';
  return (
    `<li class="milestone-item milestone-state-${m.state.toLowerCase().replace(/_/g, '-')}" data-test="milestone" data-qa="milestone-row">` +
    `<div class="milestone-marker" aria-hidden="true">${m.sequence}</div><div class="milestone-content">` +
    `<div class="milestone-head"><span class="milestone-label">Milestone ${m.sequence}</span>` +
    `<span class="air3-badge air3-badge-${BADGE[m.status] ?? 'neutral'} milestone-status" data-test="milestone-status">${escapeHtml(m.status)}</span></div>` +
    `<h3 class="milestone-title" data-test="milestone-title">${escapeHtml(m.title)}</h3>` +
    `<p class="milestone-description" data-test="milestone-description">${escapeHtml(m.description)}</p>` +
    `<div class="milestone-meta"><span class="milestone-amount" data-test="milestone-amount">${escapeHtml(m.amount)}</span>` +
    `<span class="milestone-due" data-test="milestone-due">Due ${shortDate(m.dueDate)}</span></div>${submission}</div></li>`
  );
}

function fixedOverview(c) {
  return (
    `<section class="air3-card contract-summary" data-test="contract-summary">` +
    summaryItem('Contract type', 'Fixed-price', 'contract-type') +
    summaryItem('Project price', c.budget, 'budget') +
    summaryItem('Project funds', c.escrow, 'escrow') +
    summaryItem('Received', c.paid, 'received') +
    summaryItem('Started', shortDate(c.startDate), 'start-date') +
    `</section><section class="air3-card milestone-timeline-card"><div class="card-head"><h2 class="air3-h4">Milestone timeline</h2>` +
    `<button type="button" class="air3-btn air3-btn-secondary air3-btn-sm">Propose new milestone</button></div>` +
    `<ol class="milestone-timeline">${c.milestones.map(milestoneRowHtml).join('')}</ol></section>`
  );
}

function timesheetTable(c) {
  const days = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  const rows = c.timesheet
    .map(
      (w) =>
        `<tr data-test="timesheet-week"><th scope="row">Week of ${shortDate(w.weekStart)}</th>${w.minutes.map((m) => `<td>${m ? hoursLabel(m).replace(' hrs', '') : '—'}</td>`).join('')}` +
        `<td class="timesheet-total">${hoursLabel(w.totalMinutes)}</td><td>${escapeHtml(w.amount)}</td></tr>`,
    )
    .join('');
  return (
    `<table class="air3-table timesheet-table"><thead><tr><th scope="col">Billing week (Mon–Sun, UTC)</th>${days.map((d) => `<th scope="col">${d}</th>`).join('')}` +
    `<th scope="col">Total</th><th scope="col">Amount</th></tr></thead><tbody>${rows}</tbody></table>`
  );
}

function hourlyOverview(c) {
  const last = c.timesheet.at(-1);
  const totalMinutes = c.timesheet.reduce((s, w) => s + w.totalMinutes, 0);
  return (
    `<section class="air3-card contract-summary" data-test="contract-summary">` +
    summaryItem('Contract type', 'Hourly', 'contract-type') +
    summaryItem('Hourly rate', c.hourlyRate, 'rate') +
    summaryItem('Weekly limit', c.weeklyLimit, 'weekly-limit') +
    summaryItem('Last week', hoursLabel(last.totalMinutes), 'last-week-hours') +
    summaryItem('Since start', hoursLabel(totalMinutes), 'total-hours') +
    summaryItem('Started', shortDate(c.startDate), 'start-date') +
    `</section><section class="air3-card"><div class="card-head"><h2 class="air3-h4">Recent weeks</h2></div>${timesheetTable(c)}</section>`
  );
}

function detailsTab(c) {
  const rows =
    c.type === 'fixed'
      ? [
          ['Contract ID', c.id],
          ['Contract type', 'Fixed-price'],
          ['Project price', c.budget],
          // Older wording that parts of the site still use (REFERENCE §3: accept both).
          ['Escrow', c.escrow],
          ['Milestones', String(c.milestones.length)],
          ['Start date', shortDate(c.startDate)],
        ]
      : [
          ['Contract ID', c.id],
          ['Contract type', 'Hourly'],
          ['Hourly rate', c.hourlyRate],
          ['Weekly limit', c.weeklyLimit],
          ['Start date', shortDate(c.startDate)],
        ];
  return (
    `<section class="air3-card contract-details"><h2 class="air3-h4">Contract details</h2><dl class="details-list">` +
    rows.map(([k, v]) => `<div class="details-row"><dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd></div>`).join('') +
    `</dl></section>`
  );
}

const TABS = [
  { key: 'overview', label: 'Overview' },
  { key: 'messages', label: 'Messages' },
  { key: 'details', label: 'Contract details' },
  { key: 'timesheet', label: 'Timesheet', hourlyOnly: true },
  { key: 'feedback', label: 'Feedback' },
];

export const WORKROOM_TABS = TABS.map((t) => t.key);

function nuxtDataScript(c, path, state) {
  const data = { [`workroom-contract-${c.id}`]: contractApiJson(c.id, state.variant) };
  if (state.nuxt === 'plain') {
    return `<script type="application/json" id="__NUXT_DATA__" data-ssr="true">${scriptSafeJson(JSON.stringify({ data, state: {}, serverRendered: true, path }))}</script>`;
  }
  const payload = shallowReactive({ data: shallowReactive(data), state: reactive({}), once: [], _errors: shallowReactive({}), serverRendered: true, path });
  return `<script type="application/json" id="__NUXT_DATA__" data-ssr="true">${scriptSafeJson(stringifyPayload(payload))}</script>`;
}

/** Drops the guessed data-test/data-qa attributes (control state `attrs=off`): labels only. */
function withoutTestAttributes(html) {
  return html.replace(/ data-(?:test|qa)="[^"]*"/g, '');
}

/**
 * `/nx/wm/workroom/<id>[/overview|/messages|/details|/timesheet|/feedback]`.
 * @param {{ contractId: string, tab: string, path: string, state: StandInState }} args
 */
export function renderWorkroom({ contractId, tab, path, state }) {
  const c = contracts(state.variant).find((x) => x.id === contractId);
  if (!c) return null;
  const tabs = TABS.filter((t) => !t.hourlyOnly || c.type === 'hourly');
  if (!tabs.some((t) => t.key === tab)) return null;
  const tabNav =
    `<nav class="air3-tabs" role="tablist" aria-label="Contract">` +
    tabs
      .map(
        (t) =>
          `<a class="air3-tab-btn${t.key === tab ? ' is-active' : ''}" role="tab" aria-selected="${t.key === tab}" href="/nx/wm/workroom/${c.id}/${t.key}">${t.label}</a>`,
      )
      .join('') +
    `</nav>`;
  const submit = c.type === 'fixed' ? `<button type="button" class="air3-btn air3-btn-primary" data-test="submit-work">Submit work</button>` : '';
  const header =
    `<div class="workroom-header air3-container"><nav class="air3-breadcrumbs" aria-label="Breadcrumb"><a href="/nx/wm/contracts">All contracts</a><span aria-hidden="true"> / </span><span>${escapeHtml(c.title)}</span></nav>` +
    `<div class="workroom-title-row"><div class="workroom-title-block">` +
    `<h1 class="air3-h2 workroom-title" data-test="job-title">${escapeHtml(c.title)}</h1>` +
    `<div class="workroom-client"><img src="${avatarUrl(c.client.userId)}" alt="" width="24" height="24">` +
    `<span data-test="client-name">${escapeHtml(c.client.name)}</span><span class="client-company">${escapeHtml(c.client.company)}</span>` +
    `<span class="air3-badge air3-badge-success" data-test="contract-status">${escapeHtml(c.statusLabel)}</span></div></div>` +
    `<div class="workroom-actions">${submit}<a class="air3-btn air3-btn-secondary" href="/nx/wm/workroom/${c.id}/messages">Message client</a></div></div>${tabNav}</div>`;

  let content;
  let bodyClass = 'layout-scroll';
  let scripts = '<script type="module" src="/stand-in-assets/workroom.js"></script>';
  if (tab === 'overview') content = c.type === 'fixed' ? fixedOverview(c) : hourlyOverview(c);
  else if (tab === 'details') content = detailsTab(c);
  else if (tab === 'timesheet') content = `<section class="air3-card"><div class="card-head"><h2 class="air3-h4">Timesheet</h2></div>${timesheetTable(c)}</section>`;
  else if (tab === 'feedback') content = `<section class="air3-card"><h2 class="air3-h4">Feedback</h2><p>Feedback can be given when the contract ends.</p></section>`;
  else content = '';

  let main = `<main class="workroom-page">${header}<div class="workroom-body air3-container">${content}</div></main>`;
  if (state.attrs === 'off') main = withoutTestAttributes(main);
  if (tab === 'messages') {
    // The contract's room with the same room markup (REFERENCE §2), without the rooms panel.
    const room = roomById(c.roomId);
    bodyClass = 'layout-fixed';
    main = main.replace('<div class="workroom-body air3-container"></div>', `<div class="workroom-body workroom-messages">${roomPaneHtml(room)}</div>`);
    scripts += configScript(roomConfig({ page: 'workroom-messages', roomId: room.roomId, state, withRoomsList: false }));
    scripts += '<script type="module" src="/stand-in-assets/room.js"></script>';
  }
  if (state.json !== 'off') scripts = nuxtDataScript(c, path, state) + scripts;
  return documentHtml({ title: `${c.title} | Upwork`, bodyClass, body: `${navHeader('contracts')}${main}`, scripts });
}

// --- Other pages -------------------------------------------------------------------------------

/** `/nx/wm/contracts` */
export function renderContractsList({ state }) {
  const rows = contracts(state.variant)
    .map(
      (c) =>
        `<li class="air3-card contract-tile"><a class="contract-tile-title" href="/nx/wm/workroom/${c.id}">${escapeHtml(c.title)}</a>` +
        `<div class="contract-tile-meta">${escapeHtml(c.client.name)} · ${escapeHtml(c.client.company)} · ${c.type === 'fixed' ? `Fixed-price ${escapeHtml(c.budget)}` : escapeHtml(`${c.hourlyRate}, ${c.weeklyLimit}`)}</div>` +
        `<span class="air3-badge air3-badge-success">${escapeHtml(c.statusLabel)}</span></li>`,
    )
    .join('');
  return documentHtml({
    title: 'My contracts | Upwork',
    bodyClass: 'layout-scroll',
    body: `${navHeader('contracts')}<main class="air3-container contracts-page"><h1 class="air3-h2">My contracts</h1><ul class="contract-list">${rows}</ul></main>`,
  });
}

/** `/ab/account-security/login` (where a logged-out visit is sent, REFERENCE §1). */
export function renderLogin() {
  return documentHtml({
    title: 'Log in to Upwork',
    bodyClass: 'layout-scroll',
    body:
      `<main class="login-page"><div class="air3-card login-card"><div class="nav-logo">upwork</div><h1 class="air3-h3">Log in to Upwork</h1>` +
      `<form action="#"><input type="text" placeholder="Username or Email" aria-label="Username or Email">` +
      `<button type="button" class="air3-btn air3-btn-primary">Continue</button></form></div></main>`,
  });
}

/** A bot challenge page: its title is "Just a moment..." (REFERENCE §1). */
export function renderChallenge() {
  return (
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Just a moment...</title>` +
    `<link rel="stylesheet" href="/stand-in-assets/styles.css"></head><body class="challenge-page">` +
    `<div class="challenge"><h1>www.upwork.com</h1><h2>Verifying you are human. This may take a few seconds.</h2>` +
    `<div class="challenge-spinner" aria-hidden="true"></div><p>www.upwork.com needs to review the security of your connection before proceeding.</p></div></body></html>`
  );
}

export function renderNotFound() {
  return documentHtml({
    title: 'Page not found | Upwork',
    bodyClass: 'layout-scroll',
    body: `${navHeader('')}<main class="air3-container not-found"><h1 class="air3-h2">This page doesn't exist</h1><p><a href="/nx/wm/contracts">Go to your contracts</a></p></main>`,
  });
}

export function renderHome() {
  return documentHtml({
    title: 'Upwork',
    bodyClass: 'layout-scroll',
    body:
      `${navHeader('')}<main class="air3-container home-page"><h1 class="air3-h2">Good afternoon, ${escapeHtml(ME.name.split(' ')[0])}</h1>` +
      `<p>This is a local stand-in for the marketplace, with invented sample data.</p><ul>` +
      `<li><a href="/ab/messages/rooms">Messages</a></li><li><a href="/nx/wm/contracts">My contracts</a></li></ul></main>`,
  });
}
