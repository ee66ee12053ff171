/**
 * Every selector Casefile reads Upwork pages with, each as a list of alternatives tried in order,
 * with where it was seen (shared/upwork/REFERENCE.md). Upwork changes its markup often: add the new
 * form first and keep the old one with a dated note, never replace it silently.
 */
export const ROOM = {
  /** REFERENCE §2 (High, confirmed 2026-01); `.room-title` is the older fallback. */
  title: ['[data-test="room-title"]', '.room-title'],
  subtitle: ['[data-test="room-subtitle"]'],
  /** The header's "View contract" link; its href holds the contract id (§2, High). */
  contractLink: ['a[data-ev-label="wm_view_contract_action"]'],
  /** Counterpart's user id (§2, High). */
  counterpart: ['#room-header-avatar[data-user-id]', '.room-header-body [data-user-id]'],
  /** The conversation pane: older messages load when it is scrolled up (§2, High). */
  pane: ['#story-viewport', '.scroll-wrapper'],
  /** One message; its element id is the storyId (§2, High). */
  item: '.up-d-story-item[id]',
  sender: ['.story-message-header span.user-name'],
  senderAvatar: ['.up-d-avatar img[alt]'],
  /** Full local date in `title` ("January 20, 2026 at 3:12 AM"); some builds use time[datetime] (§2). */
  timestamp: ['span.story-timestamp[title]', 'time[datetime]', 'span.story-timestamp'],
  body: ['.story-message [data-test="story-message"]'],
  /** System events have no story-message body; `.system-event-text` is the stand-in's guess (Low). */
  systemText: ['.system-event-text', '.story-system-event'],
  attachmentRoots: ['.up-d-story-reference', '.attachment-item'],
  attachment: '.attachment-item',
  fileName: '.file-name',
  fileSize: '.file-size',
  attachmentLink: 'a[href*="/messages/att"], a[href*="/messages/files"], a[href*="/download/"], a.up-d-story-img[href]',
  /** Menus, typing indicator, buttons, filler (§2). */
  noise: ['.story-menu-section', '.story-menu', '.room-typing', 'button', '.end-of-message', '.story-day-header', '.story-timestamp', '.up-d-avatar', '.up-d-story-reference'],
  /** Stale names from 2020–2023 scrapers (probably gone; kept as last resorts, noted 2026-11). */
  staleItem: ['.up-chat-message', '[data-test="message-item"]'],
} as const;

export const WORKROOM = {
  /** REFERENCE §3: no verified selectors; these are public guesses (Low). */
  title: ['[data-test="job-title"]', 'h1'],
  clientName: ['[data-test="client-name"]'],
  contractType: ['[data-test="contract-type"]'],
  status: ['[data-test="contract-status"]'],
  rate: ['[data-test="rate"]'],
  weeklyLimit: ['[data-test="weekly-limit"]'],
  budget: ['[data-test="budget"]'],
  escrow: ['[data-test="escrow"]'],
  startDate: ['[data-test="start-date"]'],
  milestone: ['[data-test="milestone"]', '[data-qa="milestone-row"]', '.milestone-item'],
  milestoneTitle: ['[data-test="milestone-title"]', '.milestone-title', 'h3'],
  milestoneDescription: ['[data-test="milestone-description"]', '.milestone-description', 'p'],
  milestoneAmount: ['[data-test="milestone-amount"]', '.milestone-amount'],
  milestoneDue: ['[data-test="milestone-due"]', '.milestone-due'],
  milestoneStatus: ['[data-test="milestone-status"]', '.milestone-status'],
  milestoneSubmission: ['[data-test="milestone-submission"]', '.milestone-submission'],
  nuxtData: ['script#__NUXT_DATA__'],
} as const;

/** The first element any alternative finds. */
export function first(root: ParentNode, alternatives: readonly string[]): Element | null {
  for (const selector of alternatives) {
    const found = root.querySelector(selector);
    if (found) return found;
  }
  return null;
}

export function textOf(el: Element | null): string | null {
  const t = el?.textContent?.replace(/\s+/g, ' ').trim();
  return t ? t : null;
}
