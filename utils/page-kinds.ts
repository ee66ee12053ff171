import type { PageKind } from './db/records';

/**
 * Which Upwork page a URL is, as pure functions (model: fregante/github-url-detection). Patterns
 * are from shared/upwork/REFERENCE.md §1; each kind exports sample URLs, and a test checks that
 * every kind has samples and that each kind's samples are negatives for all the others.
 */
const UPWORK_HOST = 'www.upwork.com';

/** `room_` + 32 hex (REFERENCE §1, High). Some links carry `/story_<hex>` after it (legacy, Medium). */
const ROOM_PATH = /^\/ab\/messages\/rooms\/(room_[0-9a-f]{32})(?:\/story_[0-9a-f]+)?\/?$/i;
/** Workroom with a numeric contract id; the trailing tab (overview, messages, timesheet…) may be absent. */
const WORKROOM_PATH = /^\/nx\/wm\/workroom\/(\d+)(?:\/([a-z-]+))?\/?$/i;
/** Legacy contract pages that may redirect to the workroom (REFERENCE §1, Medium). */
const LEGACY_CONTRACT_PATH = /^\/ab\/(?:f\/)?contracts\/(\d+)\/?$/i;

export interface PageInfo {
  kind: PageKind;
  roomId?: string;
  contractId?: string;
  /** The workroom tab, e.g. "overview" or "messages". */
  tab?: string;
}

function parse(url: string | URL): URL | null {
  try {
    return typeof url === 'string' ? new URL(url) : url;
  } catch {
    return null;
  }
}

export function detectPage(input: string | URL): PageInfo {
  const url = parse(input);
  if (!url || url.protocol !== 'https:' || url.hostname !== UPWORK_HOST) return { kind: 'other' };
  const path = url.pathname;
  let m = ROOM_PATH.exec(path);
  if (m) return { kind: 'message-room', roomId: m[1]!.toLowerCase() };
  if (/^\/ab\/messages(?:\/rooms)?\/?$/i.test(path)) return { kind: 'messages-list' };
  m = WORKROOM_PATH.exec(path);
  if (m) return { kind: 'workroom', contractId: m[1]!, tab: (m[2] ?? 'overview').toLowerCase() };
  m = LEGACY_CONTRACT_PATH.exec(path);
  if (m) return { kind: 'workroom', contractId: m[1]!, tab: 'overview' };
  if (/^\/nx\/wm\/contracts\/?$/i.test(path)) return { kind: 'contracts-list' };
  if (/^\/nx\/payments\/reports\/transaction-history\/?$/i.test(path)) return { kind: 'transaction-history' };
  if (/^\/ab\/account-security\/login\/?$/i.test(path)) return { kind: 'login' };
  return { kind: 'other' };
}

/** Page kinds that Casefile records structurally (the rest are only recognised). */
export const CAPTURED_KINDS: readonly PageKind[] = ['message-room', 'workroom'];

export const PAGE_KIND_LABELS: Record<PageKind, string> = {
  'message-room': 'Upwork message room',
  'messages-list': 'Upwork messages list',
  workroom: 'Upwork contract workroom',
  'contracts-list': 'Upwork contracts list',
  'transaction-history': 'Upwork transaction history',
  login: 'Upwork sign-in page',
  challenge: 'Upwork security check',
  other: 'Not an Upwork page Casefile understands',
};

/** Sample URLs for every kind (the "challenge" kind is recognised from the page title, not its URL). */
export const SAMPLE_URLS: Record<Exclude<PageKind, 'challenge'>, string[]> = {
  'message-room': [
    'https://www.upwork.com/ab/messages/rooms/room_4f2a9c1b7e3d4a5b8c6d0e1f2a3b4c5d',
    'https://www.upwork.com/ab/messages/rooms/room_4f2a9c1b7e3d4a5b8c6d0e1f2a3b4c5d?pageTitle=Northwind&companyReference=1234567&sidebar=true',
    'https://www.upwork.com/ab/messages/rooms/room_4f2a9c1b7e3d4a5b8c6d0e1f2a3b4c5d/story_9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d',
  ],
  'messages-list': ['https://www.upwork.com/ab/messages/rooms', 'https://www.upwork.com/ab/messages/', 'https://www.upwork.com/ab/messages/rooms?sidebar=true'],
  workroom: [
    'https://www.upwork.com/nx/wm/workroom/38210457/overview',
    'https://www.upwork.com/nx/wm/workroom/38210457/messages',
    'https://www.upwork.com/nx/wm/workroom/38210457/timesheet?timesheetDate=2026-11-02&workdiaryDate=2026-11-02',
    'https://www.upwork.com/nx/wm/workroom/38210457',
    'https://www.upwork.com/ab/f/contracts/38210457',
  ],
  'contracts-list': ['https://www.upwork.com/nx/wm/contracts?status=active', 'https://www.upwork.com/nx/wm/contracts'],
  'transaction-history': ['https://www.upwork.com/nx/payments/reports/transaction-history'],
  login: ['https://www.upwork.com/ab/account-security/login'],
  other: [
    'https://www.upwork.com/',
    'https://www.upwork.com/nx/wm/offer/91234',
    'https://upwork.com.evil.example/ab/messages/rooms/room_4f2a9c1b7e3d4a5b8c6d0e1f2a3b4c5d',
    'http://www.upwork.com/nx/wm/workroom/38210457/overview',
    'https://www.upwork.com/ab/messages/rooms/room_nothex',
    'not a url',
  ],
};

/** "Just a moment..." is the bot challenge's title (REFERENCE §1, High). */
export function isChallengeTitle(title: string): boolean {
  return /^just a moment/i.test(title.trim());
}
