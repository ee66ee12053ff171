/**
 * Every selector and visible label Casefile reads Upwork pages with, in one place. Each is a list
 * of alternatives tried in order, with where it was seen (shared/upwork/REFERENCE.md, "§n" below)
 * and how sure we are (High / Medium / Low, as in the reference).
 *
 * Upwork changes its markup often. When a new form appears, add it first and keep the old one with
 * a dated note; never replace a selector silently. Stale names are kept at the end of their list so
 * an old cached page still reads, and so the history stays visible.
 */

/** Message rooms: `/ab/messages/rooms/room_<id>` and the workroom's Messages tab (§2, confirmed 2026-01). */
export const ROOM = {
  /** Room title: usually the other party's name and/or the contract title (§2, High). */
  title: [
    '[data-test="room-title"]',
    '.room-title',
    // Stale (2020–2023 scrapers, noted 2026-01; probably gone).
    '.up-chat-room-header-title',
  ],
  /** Often the job or contract title (§2, High). */
  subtitle: ['[data-test="room-subtitle"]'],
  /** The header's "View contract" link; its href holds the contract id (§2, High). */
  contractLink: ['a[data-ev-label="wm_view_contract_action"]'],
  /** The counterpart's user id on the header avatar (§2, High); the avatar's img[alt] is their name. */
  counterpart: ['#room-header-avatar[data-user-id]', '.room-header-body [data-user-id]'],
  /**
   * The conversation pane. Older messages load when *this* pane is scrolled up; the page itself
   * does not scroll (§2, High).
   */
  pane: ['#story-viewport', '.scroll-wrapper'],
  /** One message or system event; its element id is the storyId (§2, High). */
  item: ['.up-d-story-item[id]'],
  /** Stale item names (2020–2023 scrapers, noted 2026-01): if only these match, the markup changed. */
  staleItem: ['.up-chat-message', '[data-test="message-item"]'],
  /** Day separator inside the first item of a (local) day: "Tuesday, January 20" (§2, High). */
  dayHeader: ['.story-day-header'],
  /** `.story-inner.top` marks the first message of a run by one sender (§2, High). */
  runStart: ['.story-inner.top'],
  /** Rendered only on the first message of a run: carry the last one forward (§2, High). */
  sender: ['.story-message-header span.user-name', '.story-message-header .user-name'],
  /** The run's avatar; its alt is the sender's name (§2, High). */
  senderAvatar: ['.up-d-avatar img[alt]'],
  /**
   * The time: `span.story-timestamp` whose title is the full local date ("January 20, 2026 at
   * 3:12 AM") and whose text is only the time (§2, High); some builds use `time[datetime]` (§2,
   * Medium).
   */
  timestamp: ['span.story-timestamp', '.story-timestamp', 'time[datetime]'],
  /** The message body: rich text (p, a[href], lists, code, strong, img) (§2, High). */
  body: ['.story-message [data-test="story-message"]', '[data-test="story-message"]'],
  /**
   * System events are the items *without* a story-message body (§2, High). The reference gives no
   * markup for their text: these are the stand-in's shapes (Low); without them the item's own text
   * is read, noise removed.
   */
  systemText: ['.system-event-text', '.story-system-event'],
  /** Attachment containers (§2, High). */
  attachment: ['.attachment-item', '.up-d-story-reference a[href]'],
  attachmentRoot: ['.up-d-story-reference'],
  fileName: ['.file-name'],
  fileSize: ['.file-size'],
  /** Download links (§2, High): paths containing /messages/att, /messages/files or /download/, and image links. */
  attachmentLink: ['a[href*="/messages/att"]', 'a[href*="/messages/files"]', 'a[href*="/download/"]', 'a.up-d-story-img[href]', '.up-d-story-img[href]'],
  /** Thumbnail whose alt may be the only name an image has (§2, High). */
  thumbnail: ['.story-thumbnail img[alt]'],
  /** Deleted attachments sit under an ancestor `.deleted` (§2, High); no verified marker for deleted text. */
  deleted: ['.deleted'],
  /** Menus, typing indicator, buttons and filler that are not part of what was said (§2, High). */
  noise: ['.story-menu-section', '.story-menu', '.room-typing', 'button', '.end-of-message', 'script', 'style', 'template', 'noscript'],
  /** Links to a room, used to find the room id on a workroom's Messages tab (§1 URL pattern, High). */
  roomLink: ['a[href*="/messages/rooms/room_"]', '[data-room-id^="room_"]'],
  /** The open room in the rooms list (`.rooms-panel`, §2 High; `.active` is the stand-in's guess, Low). */
  activeRoom: ['.rooms-panel-room.active [data-room-id]', '.rooms-panel-room.active a[href*="/messages/rooms/room_"]'],
} as const;

/**
 * Contract workrooms: `/nx/wm/workroom/<contractId>/…` (§3). **No verified selectors exist**; the
 * attributes below are public automation's guesses (Low). The layered extractor therefore tries the
 * page's JSON first and falls back to the visible labels in WORKROOM_LABELS.
 */
export const WORKROOM = {
  /** The page's own payload (§3; Nuxt 3 root `#__nuxt`, §1). */
  nuxtData: ['script#__NUXT_DATA__', 'script[type="application/json"][data-nuxt-data]'],
  title: ['[data-test="job-title"]', '[data-qa="job-title"]', '[data-test="contract-title"]', 'h1'],
  clientName: ['[data-test="client-name"]', '[data-qa="client-name"]'],
  freelancerName: ['[data-test="freelancer-name"]', '[data-qa="freelancer-name"]'],
  contractType: ['[data-test="contract-type"]', '[data-qa="contract-type"]'],
  status: ['[data-test="contract-status"]', '[data-qa="contract-status"]'],
  rate: ['[data-test="rate"]', '[data-qa="rate"]', '[data-test="hourly-rate"]'],
  weeklyLimit: ['[data-test="weekly-limit"]', '[data-qa="weekly-limit"]'],
  budget: ['[data-test="budget"]', '[data-qa="budget"]', '[data-test="project-price"]'],
  /** Money held for the contract: "Project funds", formerly "Escrow" (§3, High for the labels). */
  projectFunds: ['[data-test="project-funds"]', '[data-test="escrow"]', '[data-qa="escrow"]'],
  startDate: ['[data-test="start-date"]', '[data-qa="start-date"]'],
  endDate: ['[data-test="end-date"]', '[data-qa="end-date"]'],
  /** One milestone row (§3, Low). */
  milestone: ['[data-test="milestone"]', '[data-qa="milestone-row"]'],
  /** The same by class name (§3 `.milestone-item`, Low); without either, rows are found by their "Milestone N" label. */
  milestoneByClass: ['.milestone-item'],
  milestoneTitle: ['[data-test="milestone-title"]', '[data-qa="milestone-title"]', '.milestone-title'],
  milestoneDescription: ['[data-test="milestone-description"]', '[data-qa="milestone-description"]', '.milestone-description'],
  milestoneAmount: ['[data-test="milestone-amount"]', '[data-qa="milestone-amount"]', '.milestone-amount'],
  milestoneDue: ['[data-test="milestone-due"]', '[data-qa="milestone-due"]', '.milestone-due'],
  milestoneStatus: ['[data-test="milestone-status"]', '[data-qa="milestone-status"]', '.milestone-status'],
  milestoneSubmission: ['[data-test="milestone-submission"]', '[data-qa="milestone-submission"]', '.milestone-submission'],
} as const;

/**
 * Visible label text in the workroom (§3: tabs and labels from the help centre, High). Compared
 * case-insensitively, after trimming and dropping a trailing colon. Upwork is renaming "Escrow" to
 * "Project funds": both are accepted.
 */
export const WORKROOM_LABELS = {
  contractType: ['Contract type'],
  hourlyRate: ['Hourly rate', 'Rate'],
  weeklyLimit: ['Weekly limit'],
  budget: ['Project price', 'Budget', 'Fixed price', 'Fixed-price'],
  projectFunds: ['Project funds', 'Escrow', 'In escrow', 'Funds in escrow'],
  startDate: ['Started', 'Start date'],
  endDate: ['Ended', 'End date'],
  status: ['Status', 'Contract status'],
  client: ['Client'],
  freelancer: ['Freelancer'],
} as const;

/** Milestone status wordings seen in the workroom (§3, High for "Active and funded" and "Paid"). */
export const MILESTONE_STATUS_WORDS = [
  'Active and funded',
  'Active & funded',
  'Not funded',
  'Awaiting funding',
  'Submitted for review',
  'Awaiting payment',
  'Changes requested',
  'Approved',
  'Funded',
  'Paid',
  'Released',
  'Refunded',
  'Cancelled',
  'Active',
] as const;

/**
 * The part of a selector after its last combinator (`.a [b]` → `[b]`), or null when it has none.
 * Chromium runs a scoped `querySelector` with a combinator about a hundred times slower than one
 * without (tens of microseconds on a small subtree), which adds up to seconds over thousands of
 * messages; finding the rightmost part and checking the whole selector with `matches` gives the
 * same elements (querySelector also matches ancestors outside the root) in document order.
 */
const rightmostCache = new Map<string, string | null>();
export function rightmostCompound(selector: string): string | null {
  const cached = rightmostCache.get(selector);
  if (cached !== undefined) return cached;
  let depth = 0;
  let quote = '';
  let cut = -1;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') depth--;
    else if (depth === 0 && (c === ' ' || c === '>' || c === '+' || c === '~' || c === ',')) {
      if (c === ',') {
        cut = -2; // a selector list: no single rightmost part
        break;
      }
      cut = i;
    }
  }
  const result = cut === -2 ? null : cut >= 0 ? selector.slice(cut + 1).trim() || null : null;
  rightmostCache.set(selector, result);
  return result;
}

function queryFirst(root: ParentNode, selector: string): Element | null {
  const right = rightmostCompound(selector);
  if (right === null || root.nodeType === 9) return root.querySelector(selector);
  for (const el of root.querySelectorAll(right)) if (el.matches(selector)) return el;
  return null;
}

function queryAll(root: ParentNode, selector: string): Element[] {
  const right = rightmostCompound(selector);
  if (right === null || root.nodeType === 9) return Array.from(root.querySelectorAll(selector));
  return Array.from(root.querySelectorAll(right)).filter((el) => el.matches(selector));
}

/** The first element any alternative finds (alternatives are tried in order, not in document order). */
export function first(root: ParentNode, alternatives: readonly string[]): Element | null {
  for (const selector of alternatives) {
    const found = queryFirst(root, selector);
    if (found) return found;
  }
  return null;
}

/** Every element the first matching alternative finds. */
export function all(root: ParentNode, alternatives: readonly string[]): Element[] {
  for (const selector of alternatives) {
    const found = queryAll(root, selector);
    if (found.length > 0) return found;
  }
  return [];
}

/** Whether an element matches any alternative. */
export function matchesAny(el: Element, alternatives: readonly string[]): boolean {
  return alternatives.some((s) => el.matches(s));
}

/** An element's text on one line (whitespace runs collapsed), or null when empty. */
export function textOf(el: Element | null | undefined): string | null {
  const t = el?.textContent?.replace(/\s+/g, ' ').trim();
  return t ? t : null;
}
