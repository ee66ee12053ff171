// Markup shared by the stand-in's server (pages.mjs) and its in-page script (room.js), so a room
// header rendered on the server and one re-rendered after a client-side navigation are identical.
// Pure string functions: no DOM, no Node APIs. Every piece of data is HTML-escaped here.
//
// The class names and attributes follow shared/upwork/REFERENCE.md §2 (message room markup,
// confirmed January 2026). Where the reference gives no markup (system events, attachments'
// inner layout, the menu) the shapes are plausible inventions, marked as such.

/** Escapes text for use in element content and in double-quoted attribute values. */
export function escapeHtml(value) {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Inline formatting: `code`, **bold** and bare https links. Everything else is escaped text. */
const INLINE = /`([^`\n]+)`|\*\*([^*\n]+)\*\*|(https?:\/\/[^\s<>"]*[^\s<>".,;:!?)\]])/g;
const LIST_LINE = /^\s*[-•]\s+/;

function inlineHtml(line) {
  let out = '';
  let last = 0;
  for (const m of line.matchAll(INLINE)) {
    out += escapeHtml(line.slice(last, m.index));
    if (m[1] !== undefined) out += `<code>${escapeHtml(m[1])}</code>`;
    else if (m[2] !== undefined) out += `<strong>${escapeHtml(m[2])}</strong>`;
    else out += `<a href="${escapeHtml(m[3])}" target="_blank" rel="noopener noreferrer">${escapeHtml(m[3])}</a>`;
    last = m.index + m[0].length;
  }
  return out + escapeHtml(line.slice(last));
}

function inlineText(line) {
  return line.replace(INLINE, (_all, code, bold, url) => code ?? bold ?? url);
}

function blocksOf(text) {
  return String(text)
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .filter((block) => block.trim() !== '');
}

/** Splits a block's lines into runs of list lines and runs of ordinary lines. */
function groupsOf(block) {
  const groups = [];
  for (const line of block.split('\n')) {
    const list = LIST_LINE.test(line);
    const last = groups.at(-1);
    if (last && last.list === list) last.lines.push(line);
    else groups.push({ list, lines: [line] });
  }
  return groups;
}

/**
 * The stories API carries plain text with newlines (REFERENCE §2, "The JSON the page itself
 * loads"); the page shows rich text (`p`, `a[href]`, lists, `code`, `strong`). This stand-in's
 * rules: blank lines separate paragraphs, consecutive lines starting with "- " or "• " form a list,
 * other single newlines are `<br>`, `` `x` `` is code, `**x**` is strong, https URLs are links.
 */
export function richTextHtml(text) {
  return blocksOf(text)
    .flatMap(groupsOf)
    .map((g) =>
      g.list
        ? `<ul>${g.lines.map((l) => `<li>${inlineHtml(l.replace(LIST_LINE, ''))}</li>`).join('')}</ul>`
        : `<p>${g.lines.map(inlineHtml).join('<br>')}</p>`,
    )
    .join('');
}

/**
 * The text a reader sees in the rendered body: the JSON text without the formatting markers
 * (list bullets, backticks, double asterisks). Blocks are joined by a blank line, lines within a
 * block (including list items) by a newline. Tests compare DOM-extracted text against this.
 */
export function renderedText(text) {
  return blocksOf(text)
    .map((block) =>
      groupsOf(block)
        .map((g) => g.lines.map((l) => inlineText(g.list ? l.replace(LIST_LINE, '') : l)).join('\n'))
        .join('\n'),
    )
    .join('\n\n');
}

/** Avatar image URL (served by the stand-in as a generated SVG with the person's initials). */
export function avatarUrl(userId) {
  return `/stand-in-assets/avatar/${encodeURIComponent(userId)}.svg`;
}

/**
 * The room header (REFERENCE §2): title `[data-test="room-title"]` (+ `.room-title`), subtitle
 * `[data-test="room-subtitle"]`, counterpart `#room-header-avatar[data-user-id]`, and the
 * "View contract" link `a[data-ev-label="wm_view_contract_action"]` whose href holds the contract id.
 *
 * @param {{ roomName: string, topic: string, contractId: string|null, counterpart: { userId: string, name: string } }} room
 */
export function roomHeaderHtml(room) {
  const contractLink = room.contractId
    ? `<a class="air3-btn air3-btn-secondary air3-btn-sm" data-ev-label="wm_view_contract_action" href="/nx/wm/workroom/${escapeHtml(room.contractId)}">View contract</a>`
    : '';
  return (
    `<div class="room-header-avatar up-d-avatar" id="room-header-avatar" data-user-id="${escapeHtml(room.counterpart.userId)}">` +
    `<img src="${avatarUrl(room.counterpart.userId)}" alt="${escapeHtml(room.counterpart.name)}" width="40" height="40"></div>` +
    `<div class="room-header-body">` +
    `<h2 class="room-title" data-test="room-title">${escapeHtml(room.roomName)}</h2>` +
    `<div class="room-subtitle" data-test="room-subtitle">${escapeHtml(room.topic)}</div></div>` +
    `<div class="room-header-actions">${contractLink}` +
    `<button type="button" class="air3-btn-circle" aria-label="More options" title="More options">⋯</button></div>`
  );
}

/**
 * One entry of the rooms list (`.rooms-panel .rooms-panel-room-list`, REFERENCE §2).
 *
 * @param {{ roomId: string, roomName: string, topic: string, latestStory?: { message: string } | null }} room
 * @param {string} dateLabel short local date of the latest story, formatted by the caller
 * @param {boolean} active
 */
export function roomListItemHtml(room, dateLabel, active) {
  const excerpt = room.latestStory ? room.latestStory.message.replace(/\s+/g, ' ').slice(0, 80) : '';
  return (
    `<li class="rooms-panel-room${active ? ' active' : ''}">` +
    `<a class="rooms-panel-room-link" href="/ab/messages/rooms/${escapeHtml(room.roomId)}" data-room-id="${escapeHtml(room.roomId)}">` +
    `<span class="rooms-panel-room-name">${escapeHtml(room.roomName)}</span>` +
    `<span class="rooms-panel-room-date">${escapeHtml(dateLabel)}</span>` +
    `<span class="rooms-panel-room-topic">${escapeHtml(room.topic)}</span>` +
    `<span class="rooms-panel-room-excerpt">${escapeHtml(excerpt)}</span></a></li>`
  );
}

function attachmentHtml(att) {
  const meta = `<span class="file-name">${escapeHtml(att.name)}</span><span class="file-size">${escapeHtml(att.sizeLabel)}</span>`;
  // REFERENCE §2: deleted attachments sit under an ancestor with class `.deleted`.
  if (att.deleted) {
    return `<div class="attachment-item deleted"><span class="file-icon" aria-hidden="true">✕</span>${meta}<span class="deleted-note">This file has been deleted</span></div>`;
  }
  if (att.objectType === 'IMAGE') {
    // REFERENCE §2: images as `.up-d-story-img[href]` around `.story-thumbnail img`.
    return (
      `<div class="attachment-item attachment-image">` +
      `<a class="up-d-story-img" href="${escapeHtml(att.url)}" target="_blank" rel="noopener">` +
      `<div class="story-thumbnail"><img src="${escapeHtml(att.thumbnailUrl)}" alt="${escapeHtml(att.name)}" width="240" height="160"></div></a>` +
      `<a class="attachment-link" href="${escapeHtml(att.url)}" download="${escapeHtml(att.name)}">${meta}</a></div>`
    );
  }
  const ext = (att.name.split('.').pop() || '').slice(0, 4).toUpperCase();
  return (
    `<div class="attachment-item">` +
    `<a class="attachment-link" href="${escapeHtml(att.url)}" download="${escapeHtml(att.name)}">` +
    `<span class="file-icon" aria-hidden="true">${escapeHtml(ext)}</span>${meta}</a></div>`
  );
}

/**
 * One message or system event (REFERENCE §2). The item's element id is the storyId; the day
 * header sits inside the first item of a (local) day; `.story-inner.top` and the sender's
 * `span.user-name` appear only on the first message of a run by one sender; every item carries a
 * `span.story-timestamp` whose title is the full local date and whose text is only the time.
 * System events have no `[data-test="story-message"]`.
 *
 * @param {{ storyId: string, userId: string, message: string, isSystemStory: number, attachments?: any[] }} story
 * @param {{ top: boolean, dayHeader: string|null, senderName: string, timeTitle: string, timeText: string }} view
 */
export function storyItemHtml(story, view) {
  const system = story.isSystemStory === 1;
  const day = view.dayHeader ? `<div class="story-day-header"><span class="story-day-header-text">${escapeHtml(view.dayHeader)}</span></div>` : '';
  const stamp = `<span class="story-timestamp" title="${escapeHtml(view.timeTitle)}">${escapeHtml(view.timeText)}</span>`;
  const attachments =
    story.attachments && story.attachments.length > 0
      ? `<div class="up-d-story-reference">${story.attachments.map(attachmentHtml).join('')}</div>`
      : '';
  const menu =
    `<div class="story-menu-section"><div class="story-menu">` +
    `<button type="button" aria-label="Favorite message" title="Favorite message">☆</button>` +
    `<button type="button" aria-label="More options" title="More options">⋯</button></div></div>`;
  let inner;
  if (system) {
    // Invented shape (the reference only says system events lack the story-message body).
    inner =
      `<div class="story-inner story-inner-system">` +
      `<div class="story-system-event"><span class="system-event-icon" aria-hidden="true">i</span>` +
      `<div class="system-event-text">${escapeHtml(story.message)}</div>${stamp}</div>${attachments}</div>`;
  } else {
    const avatar = view.top
      ? `<div class="up-d-avatar"><img src="${avatarUrl(story.userId)}" alt="${escapeHtml(view.senderName)}" width="32" height="32"></div>`
      : `<div class="up-d-avatar-placeholder"></div>`;
    const name = view.top ? `<span class="user-name">${escapeHtml(view.senderName)}</span>` : '';
    inner =
      `<div class="story-inner${view.top ? ' top' : ''}">${avatar}<div class="story-section">` +
      `<div class="story-message-header">${name}${stamp}</div>` +
      `<div class="story-message"><div class="story-message-text" data-test="story-message">${richTextHtml(story.message)}</div>` +
      `<span class="end-of-message">&nbsp;</span></div>${attachments}</div>${menu}</div>`;
  }
  return (
    `<div class="up-d-story-item" id="${escapeHtml(story.storyId)}">${day}` +
    `<div class="up-d-story${system ? ' up-d-story-system' : ''}" data-test="story-container">${inner}</div></div>`
  );
}
