/**
 * The page's own JSON (REFERENCE §2 "The JSON the page itself loads"): which responses Casefile
 * reads, and the channel that carries copies from the MAIN-world observer to the isolated content
 * script. Only responses the page already received are read; nothing is requested, and no cookie,
 * token, header or storage value is ever read or forwarded.
 */
export const PAGE_JSON_CHANNEL = 'casefile:page-json/1';

/** Larger responses are not copied (the raw page capture still keeps what the page showed). */
export const MAX_OBSERVED_CHARS = 8 * 1024 * 1024;

export type ObservedKind = 'stories' | 'rooms' | 'graphql';

const WATCHED: { kind: ObservedKind; path: RegExp }[] = [
  // GET /api/v3/rooms/rooms/<roomId>/stories/simplified?limit=… (High)
  { kind: 'stories', path: /^\/api\/v3\/rooms\/rooms\/(room_[0-9a-f]{32})\/stories\/simplified\/?$/i },
  // GET /api/v3/rooms/rooms/simplified?callerOrgId=… (High)
  { kind: 'rooms', path: /^\/api\/v3\/rooms\/rooms\/simplified\/?$/i },
  // POST /api/graphql/v1 (often ?alias=<operationName>): contract and milestone data (Medium)
  { kind: 'graphql', path: /^\/api\/graphql\/v1\/?$/i },
];

export interface ObservedJson {
  channel: typeof PAGE_JSON_CHANNEL;
  kind: ObservedKind;
  /** The response URL without its query string's values that could identify a session (none are kept). */
  url: string;
  roomId: string | null;
  receivedAt: string;
  body: string;
}

/** Which watched endpoint a request URL is, or null. Only https://www.upwork.com is watched. */
export function watchedKind(rawUrl: string, base: string): { kind: ObservedKind; roomId: string | null } | null {
  let url: URL;
  try {
    url = new URL(rawUrl, base);
  } catch {
    return null;
  }
  if (url.origin !== 'https://www.upwork.com') return null;
  for (const w of WATCHED) {
    const m = w.path.exec(url.pathname);
    if (m) return { kind: w.kind, roomId: m[1]?.toLowerCase() ?? null };
  }
  return null;
}

/** Drops the query string: it may carry an org id or paging cursor but is not evidence. */
export function safeUrl(rawUrl: string, base: string): string {
  const url = new URL(rawUrl, base);
  return `${url.origin}${url.pathname}`;
}

/**
 * The observer hands each copy over with a synchronous DOM event on `window`, so the content
 * script has it before the page goes on (a page that renders thousands of messages right after
 * its request is busy for seconds; a posted message would wait until it is done). The event's
 * detail is a string, which crosses between the page's world and the content script's in every
 * browser: the copy's description as JSON, a line break, then the body as received.
 */
export const PAGE_JSON_EVENT = 'casefile:page-json/1';
/** Sent by the content script once it listens: the observer then hands over what it kept meanwhile. */
export const PAGE_JSON_READY_EVENT = 'casefile:page-json-ready/1';

export function encodeObserved(observed: ObservedJson): string {
  const { body, ...meta } = observed;
  return `${JSON.stringify(meta)}\n${body}`;
}

/** The copy an event carries, or null for anything else (the page can send such events too). */
export function decodeObserved(detail: unknown): ObservedJson | null {
  if (typeof detail !== 'string') return null;
  const cut = detail.indexOf('\n');
  if (cut < 0 || cut > 20_000) return null;
  try {
    const data: unknown = { ...JSON.parse(detail.slice(0, cut)), body: detail.slice(cut + 1) };
    return isObservedJson(data) ? data : null;
  } catch {
    return null;
  }
}

export function isObservedJson(data: unknown): data is ObservedJson {
  const d = data as ObservedJson | null;
  return (
    !!d &&
    typeof d === 'object' &&
    d.channel === PAGE_JSON_CHANNEL &&
    (d.kind === 'stories' || d.kind === 'rooms' || d.kind === 'graphql') &&
    typeof d.url === 'string' &&
    typeof d.body === 'string' &&
    d.body.length <= MAX_OBSERVED_CHARS &&
    typeof d.receivedAt === 'string' &&
    (d.roomId === null || typeof d.roomId === 'string')
  );
}
