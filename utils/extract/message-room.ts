import type { ExtractionStatus } from '../db/records';
import type { ObservedMessage, ObservedRoom } from '../protocol';
import { detectPage } from '../page-kinds';
import { combineDayAndTime, parseDatetimeAttribute, parseDayHeader, parseLocalDateTime, parseTimeOfDay, type LocalDay, type ParsedTime } from './local-time';
import { objectsIn, readNuxtData } from './page-data';
import { all, first, matchesAny, ROOM, textOf, WORKROOM } from './selectors';
import { plainText } from './text';

/**
 * Message rooms (REFERENCE §2): `/ab/messages/rooms/room_<id>` and the same room shown in a
 * contract workroom's Messages tab. Two sources, merged by storyId:
 * - the rendered page (`extractRoom`): sender names, attachments, the time as displayed;
 * - the stories JSON the page itself loaded (`messagesFromStoriesJson`): exact times (Unix ms),
 *   system flags and deletion flags.
 * Either alone is enough (`mergeSources`). Everything here is pure: a Document in, data out.
 */

export type Attachment = ObservedMessage['attachments'][number];

/** Why a message's time needs a second look (kept per storyId, beside the messages). */
export type TimeNote = 'unparsed' | 'ambiguous' | 'nonexistent';

export interface ExtractedRoom {
  /** Null when no room id could be found on the page (the messages still carry what was read). */
  room: ObservedRoom | null;
  /** Rendered messages and system events, top to bottom. */
  messages: ObservedMessage[];
  /** storyIds rendered in the conversation pane now, top to bottom (for deletion by absence). */
  renderedIds: string[];
  /** Messages whose time could not be read, or fell in a daylight-saving change (see local-time.ts). */
  timeNotes: Record<string, TimeNote>;
  status: ExtractionStatus;
}

export interface ExtractRoomOptions {
  /** Reuse what unchanged items gave last time (see ItemMemo). */
  memo?: ItemMemo;
  /**
   * The capture time (ISO or ms). Needed only when the page shows a day separator without a year
   * and a time of day without a date; defaults to now.
   */
  now?: string | number;
}

const UPWORK = 'https://www.upwork.com';
const ROOM_ID = /room_[0-9a-f]{32}/i;
const STORY_ID = /^[\w-]{1,200}$/;

export function findConversationPane(doc: Document): HTMLElement | null {
  return first(doc, ROOM.pane) as HTMLElement | null;
}

/** An absolute http(s) URL on the marketplace's origin for relative links; anything else (javascript:, data:) is dropped. */
function safeUrl(href: string | null | undefined): string | null {
  if (!href) return null;
  try {
    const u = new URL(href, UPWORK);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

// --- Room header -----------------------------------------------------------------------------

/**
 * The room id: from the address (`/ab/messages/rooms/room_<id>`), else from a link to the room on
 * the page, else (a workroom's Messages tab, where the address has only the contract id) from the
 * page's Nuxt payload: the one room id it mentions, or the room whose contractId is this contract.
 */
export function roomIdOf(doc: Document, url: string): string | null {
  const info = detectPage(url);
  if (info.roomId) return info.roomId;
  const idIn = (el: Element | null) => ROOM_ID.exec(el?.getAttribute('data-room-id') ?? el?.getAttribute('href') ?? '')?.[0].toLowerCase() ?? null;
  // The open room in the rooms list (§2 `.rooms-panel`), when the list is shown.
  const active = idIn(first(doc, ROOM.activeRoom));
  if (active) return active;
  // The page's payload: the room whose contractId is this contract, else the only room it names.
  const raw = first(doc, WORKROOM.nuxtData)?.textContent ?? '';
  const inPayload = new Set(Array.from(raw.matchAll(new RegExp(ROOM_ID.source, 'gi')), (m) => m[0].toLowerCase()));
  if (inPayload.size > 1 && info.contractId) {
    for (const o of objectsIn(readNuxtData(doc, WORKROOM.nuxtData))) {
      const id = String(o.roomId ?? o.id ?? '');
      if (ROOM_ID.test(id) && String(o.contractId ?? '') === info.contractId) return id.toLowerCase();
    }
  }
  if (inPayload.size === 1) return [...inPayload][0]!;
  // Links to a room: only when they all name the same one (a list of rooms names several).
  const linked = new Set(all(doc, ROOM.roomLink).map(idIn).filter((id): id is string => id !== null));
  return linked.size === 1 ? [...linked][0]! : null;
}

function contractIdOf(doc: Document, url: string): string | null {
  const href = first(doc, ROOM.contractLink)?.getAttribute('href') ?? '';
  const fromLink = /\/workroom\/(\d+)/.exec(href)?.[1] ?? /\/contracts\/(\d+)/.exec(href)?.[1];
  return fromLink ?? detectPage(url).contractId ?? null;
}

// --- One item --------------------------------------------------------------------------------

/** What never belongs to a message's text (§2 noise, plus the parts read separately). */
const NOT_TEXT = [...ROOM.noise, ...ROOM.dayHeader, ...ROOM.timestamp, '.story-message-header', '.up-d-avatar', ...ROOM.attachmentRoot, ...ROOM.attachment].join(', ');

function attachmentsOf(item: Element): Attachment[] {
  const out: Attachment[] = [];
  const seen = new Set<string>();
  for (const el of all(item, ROOM.attachment)) {
    const link = matchesAny(el, ROOM.attachmentLink) ? el : first(el, ROOM.attachmentLink);
    // A deleted file (ancestor `.deleted`, §2) is listed without a link: the page offers none.
    const deleted = el.closest(ROOM.deleted.join(',')) !== null;
    const name =
      textOf(first(el, ROOM.fileName)) ??
      first(el, ROOM.thumbnail)?.getAttribute('alt')?.trim() ??
      link?.getAttribute('download')?.trim() ??
      textOf(link);
    if (!name) continue;
    const url = deleted ? null : safeUrl(link?.getAttribute('href'));
    const key = `${name}\u0000${url ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ name, size: textOf(first(el, ROOM.fileSize)), url });
  }
  return out;
}

interface ItemTime {
  sentAt: string | null;
  displayed: string | null;
  note?: TimeNote;
}

/**
 * The item's time, most exact form first: `time[datetime]`, then the timestamp's title (full local
 * date), then its visible text when that is a full date, then the day separator plus the visible
 * time of day. `displayed` is what the page showed: the title, or the visible text (prefixed with
 * the day separator's text when the day came from there).
 */
function timeOf(item: Element, timeZone: string, day: { text: string; day: LocalDay | null } | null, notBefore: string | null): ItemTime {
  const stamp = first(item, ROOM.timestamp);
  if (!stamp) return { sentAt: null, displayed: null, note: 'unparsed' };
  const options = { notBefore };
  const visible = textOf(stamp);
  const result = (parsed: ParsedTime | null, displayed: string | null): ItemTime =>
    parsed ? { sentAt: parsed.iso, displayed, ...(parsed.note ? { note: parsed.note } : {}) } : { sentAt: null, displayed, note: 'unparsed' };

  const datetime = stamp.getAttribute('datetime') ?? stamp.querySelector('time[datetime]')?.getAttribute('datetime') ?? null;
  if (datetime) return result(parseDatetimeAttribute(datetime, timeZone, options), visible ?? datetime);
  const title = stamp.getAttribute('title')?.trim();
  if (title) return result(parseLocalDateTime(title, timeZone, options), title);
  if (!visible) return { sentAt: null, displayed: null, note: 'unparsed' };
  const full = parseLocalDateTime(visible, timeZone, options);
  if (full) return result(full, visible);
  if (day && parseTimeOfDay(visible)) {
    const displayed = `${day.text}, ${visible}`;
    return result(day.day ? combineDayAndTime(day.day, visible, timeZone, options) : null, displayed);
  }
  return result(null, visible);
}

// --- The room ----------------------------------------------------------------------------------

/**
 * Reads the room header and every rendered message of a message room, or of a workroom's Messages
 * tab. Sender names are shown only on the first message of a run (§2): the last one is carried
 * forward, across system events, until a new run starts. Times are read in `timeZone` (the
 * browser's zone at capture); a time that cannot be read is kept as displayed and flagged
 * (`sentAtUnparsed`), never guessed.
 */
/** What reading one item leaves for the next: the sender carried forward, the day, the last time. */
interface Carry {
  sender: string | null;
  day: { text: string; day: LocalDay | null } | null;
  lastTime: string | null;
}

interface MemoEntry {
  key: string;
  after: Carry;
  message: ObservedMessage | null;
  note: TimeNote | undefined;
  bodyMissing: number;
}

/**
 * What each rendered item gave when last read, so the next read of a long conversation reads only
 * the items that changed. An entry is used only when the item was not reported changed (the
 * caller's MutationObserver) and what was carried into it (sender, day, last time, room) is the
 * same as then; anything else is read again.
 */
export class ItemMemo {
  private entries = new WeakMap<Element, MemoEntry>();
  private changed = new WeakSet<Element>();

  /** An item whose content, attributes or children changed since it was read. */
  markChanged(item: Element): void {
    this.changed.add(item);
  }

  get(item: Element, key: string): MemoEntry | undefined {
    if (this.changed.has(item)) return undefined;
    const entry = this.entries.get(item);
    return entry?.key === key ? entry : undefined;
  }

  set(item: Element, entry: MemoEntry): void {
    this.changed.delete(item);
    this.entries.set(item, entry);
  }
}

export function extractRoom(doc: Document, url: string, timeZone: string, options: ExtractRoomOptions = {}): ExtractedRoom {
  const reader = roomReader(doc, url, timeZone, options);
  for (const item of reader.items) reader.read(item);
  return reader.finish();
}

/** The same as extractRoom, calling `tick` between items so a long conversation is read in slices. */
export async function extractRoomSliced(doc: Document, url: string, timeZone: string, tick: () => Promise<void>, options: ExtractRoomOptions = {}): Promise<ExtractedRoom> {
  const reader = roomReader(doc, url, timeZone, options);
  for (const item of reader.items) {
    reader.read(item);
    await tick();
  }
  return reader.finish();
}

function roomReader(doc: Document, url: string, timeZone: string, options: ExtractRoomOptions) {
  const now = options.now ?? Date.now();
  const pane = findConversationPane(doc);
  const roomId = roomIdOf(doc, url);
  const title = textOf(first(doc, ROOM.title));
  const subtitle = textOf(first(doc, ROOM.subtitle));
  const counterpart = first(doc, ROOM.counterpart);
  const counterpartId = counterpart?.getAttribute('data-user-id') || null;
  const counterpartName = (counterpart?.querySelector('img[alt]') ?? (counterpart?.matches('img[alt]') ? counterpart : null))?.getAttribute('alt')?.trim() || null;

  // Items in the pane; if the pane's selector changed but the items' did not, read them anyway.
  let items = pane ? all(pane, ROOM.item) : [];
  const paneMissing = !pane;
  if (paneMissing) items = all(doc, ROOM.item);

  const messages: ObservedMessage[] = [];
  const timeNotes: Record<string, TimeNote> = {};
  let sender: string | null = null;
  let day: { text: string; day: LocalDay | null } | null = null;
  let lastTime: string | null = null;
  let bodyMissing = 0;
  let skipped = 0;
  const memo = options.memo;

  function read(item: Element): void {
    const id = item.id;
    if (!STORY_ID.test(id)) {
      skipped += 1;
      return;
    }
    const key = memo ? JSON.stringify([sender, day?.text ?? null, lastTime, roomId, counterpartName, counterpartId, timeZone]) : '';
    const known = memo?.get(item, key);
    if (known) {
      ({ sender, day, lastTime } = known.after);
      bodyMissing += known.bodyMissing;
      if (known.note) timeNotes[id] = known.note;
      if (known.message) messages.push(known.message);
      return;
    }
    const missingBefore = bodyMissing;
    const message = readItem(item, id);
    messages.push(message);
    memo?.set(item, { key, after: { sender, day, lastTime }, message, note: timeNotes[id], bodyMissing: bodyMissing - missingBefore });
  }

  function readItem(item: Element, id: string): ObservedMessage {
    const header = first(item, ROOM.dayHeader);
    if (header) {
      const text = textOf(header) ?? '';
      day = { text, day: parseDayHeader(text, timeZone, now) };
    }
    const body = first(item, ROOM.body);
    const runStart = first(item, ROOM.runStart) !== null;
    const name = textOf(first(item, ROOM.sender)) ?? (runStart ? first(item, ROOM.senderAvatar)?.getAttribute('alt')?.trim() || null : null);
    // System events are the items without a story-message body (§2). An item with a sender but no
    // body is a message whose body markup was not recognised: read its text, and say so.
    const looksLikeMessage = body !== null || name !== null || runStart;
    const kind: ObservedMessage['kind'] = looksLikeMessage ? 'message' : 'system';
    if (kind === 'message') {
      if (name) sender = name;
      else if (runStart) sender = null; // a new run whose sender could not be read: unknown, not the previous one
    }
    let text: string;
    if (body) text = plainText(body, ROOM.noise.join(', '));
    else {
      if (kind === 'message') bodyMissing += 1;
      text = plainText(first(item, ROOM.systemText) ?? item, NOT_TEXT);
    }
    const time = timeOf(item, timeZone, day, lastTime);
    if (time.sentAt) lastTime = time.sentAt;
    if (time.note) timeNotes[id] = time.note;
    const senderName = kind === 'message' ? sender : null;
    return {
      id,
      roomId: roomId ?? '',
      senderName,
      senderId: senderName !== null && senderName === counterpartName ? counterpartId : null,
      sentAt: time.sentAt,
      sentAtDisplayed: time.displayed,
      sentAtUnparsed: time.sentAt === null,
      text,
      source: 'dom',
      jsonText: null,
      attachments: attachmentsOf(item),
      kind,
      deleted: false,
    };
  }

  function finish(): ExtractedRoom {
    const participants: ObservedRoom['participants'] = [];
    if (counterpartName) participants.push(counterpartId ? { name: counterpartName, userId: counterpartId } : { name: counterpartName });
    for (const m of messages) {
      if (m.senderName && !participants.some((p) => p.name === m.senderName)) participants.push(m.senderId ? { name: m.senderName, userId: m.senderId } : { name: m.senderName });
    }
    const status = roomStatus({ doc, paneMissing, items: items.length, messages: messages.length, skipped, bodyMissing, roomId, title, timeNotes });
    return {
      room: roomId ? { id: roomId, title, subtitle, contractId: contractIdOf(doc, url), participants } : null,
      messages,
      renderedIds: messages.map((m) => m.id),
      timeNotes,
      status,
    };
  }

  return { items, read, finish };
}

function roomStatus(r: { doc: Document; paneMissing: boolean; items: number; messages: number; skipped: number; bodyMissing: number; roomId: string | null; title: string | null; timeNotes: Record<string, TimeNote> }): ExtractionStatus {
  if (r.messages === 0) {
    const stale = first(r.doc, ROOM.staleItem);
    if (stale) return { status: 'failed', detail: 'structured extraction failed: the page uses older message markup than Casefile reads (.up-chat-message); the raw page is kept' };
    if (r.paneMissing) return { status: 'failed', detail: 'structured extraction failed: the conversation pane (#story-viewport) was not found; the raw page is kept' };
    return { status: 'failed', detail: 'structured extraction failed: no messages (.up-d-story-item) were found in the conversation pane; the raw page is kept' };
  }
  const problems: string[] = [];
  if (r.paneMissing) problems.push('the conversation pane (#story-viewport) was not found, messages were read from the whole page');
  if (!r.roomId) problems.push('the room id was not found on the page');
  if (!r.title) problems.push('the room title was not found');
  if (r.bodyMissing > 0) problems.push(`${r.bodyMissing} message(s) had no recognised body ([data-test="story-message"]); their text was read from the whole item`);
  if (r.skipped > 0) problems.push(`${r.skipped} item(s) had no usable story id and were skipped`);
  const notes = Object.values(r.timeNotes);
  const unparsed = notes.filter((n) => n === 'unparsed').length;
  if (unparsed > 0) problems.push(`${unparsed} message time(s) could not be read and were kept as displayed`);
  if (problems.length > 0) return { status: 'partial', detail: problems.join('; ') };
  const dst = notes.length;
  return dst > 0 ? { status: 'ok', detail: `${dst} message time(s) fell in a daylight-saving change; read as documented (earlier reading for a repeated hour, after the gap for a skipped one)` } : { status: 'ok' };
}

// --- The page's own JSON -------------------------------------------------------------------------

function flag(v: unknown): boolean {
  return v === 1 || v === true || v === '1' || v === 'true';
}

/** Unix ms (number or digits), or an ISO time with a zone → ISO UTC. */
function instant(v: unknown): string | null {
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) return new Date(v).toISOString();
  if (typeof v === 'string' && /^\d{10,16}$/.test(v)) return new Date(Number(v)).toISOString();
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/i.test(v)) {
    const t = Date.parse(v);
    return Number.isNaN(t) ? null : new Date(t).toISOString();
  }
  return null;
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v : null;
}

function attachmentsFromJson(v: unknown): Attachment[] {
  if (!Array.isArray(v)) return [];
  const out: Attachment[] = [];
  for (const a of v as unknown[]) {
    if (!a || typeof a !== 'object') continue;
    const o = a as Record<string, unknown>;
    // GraphQL RoomStory attachments carry their details in metadata[] {key, value} (§4).
    const meta: Record<string, unknown> = {};
    if (Array.isArray(o.metadata)) for (const m of o.metadata as { key?: unknown; value?: unknown }[]) if (m && typeof m.key === 'string') meta[m.key] = m.value;
    const name = str(o.name) ?? str(o.fileName) ?? str(meta.name) ?? str(meta.fileName) ?? str(o.objectReferenceId);
    if (!name) continue;
    const size = str(o.sizeLabel) ?? (typeof o.size === 'number' ? `${o.size} bytes` : null);
    out.push({ name, size, url: flag(o.deleted) ? null : safeUrl(str(o.url) ?? str(meta.url)) });
  }
  return out;
}

/** The stories array of a stories response (`stories`, `data.stories`, or the response itself), or null. */
export function storiesIn(json: unknown): unknown[] | null {
  const root = json as { stories?: unknown; data?: { stories?: unknown } } | unknown[] | null;
  const stories = Array.isArray(root) ? root : (root?.stories ?? root?.data?.stories);
  return Array.isArray(stories) ? stories : null;
}

/**
 * Messages from the stories JSON the page loaded: `GET /api/v3/rooms/rooms/<roomId>/stories/simplified`
 * (REFERENCE §2: `stories[]` with storyId, userId, message, created in Unix ms UTC, isSystemStory
 * 0/1, deleted 0/1). The GraphQL RoomStory shape (§4: id, createdDateTime, user, message,
 * attachments) is accepted too. The text is kept as the JSON carries it (formatting markers and
 * all) in both `text` and `jsonText`; the JSON has no names, only user ids.
 */
export function messagesFromStoriesJson(json: unknown, roomId: string): ObservedMessage[] {
  const stories = storiesIn(json);
  if (!stories) return [];
  const out: ObservedMessage[] = [];
  for (const s of stories as Record<string, unknown>[]) {
    if (!s || typeof s !== 'object') continue;
    const id = str(s.storyId) ?? str(s.id);
    if (!id || !STORY_ID.test(id)) continue;
    const user = s.user && typeof s.user === 'object' ? (s.user as Record<string, unknown>) : null;
    const text = typeof s.message === 'string' ? s.message : '';
    const system = flag(s.isSystemStory);
    out.push({
      id,
      roomId,
      senderName: system ? null : (str(user?.name) ?? str(s.userName)),
      senderId: str(s.userId) ?? str(user?.id),
      sentAt: instant(s.created) ?? instant(s.createdDateTime),
      sentAtDisplayed: null,
      sentAtUnparsed: false,
      text,
      source: 'json',
      jsonText: text,
      attachments: attachmentsFromJson(s.attachments),
      kind: system ? 'system' : 'message',
      deleted: flag(s.deleted),
    });
  }
  return out;
}

/**
 * Merges the two sources by storyId. From the JSON: the exact time, the system flag, the deletion
 * flag, the sender's user id and the JSON text (`jsonText`). From the page: the text as shown,
 * sender names, attachments and the time as displayed. Names learnt on the page are given to other
 * messages by the same user id (never guessed otherwise). Order: the page's, then JSON-only
 * messages oldest first.
 */
export function mergeSources(dom: readonly ObservedMessage[], json: readonly ObservedMessage[]): ObservedMessage[] {
  const fromJson = new Map(json.map((m) => [m.id, m]));
  const merged: ObservedMessage[] = dom.map((d) => {
    const j = fromJson.get(d.id);
    if (!j) return d;
    fromJson.delete(d.id);
    const sentAt = j.sentAt ?? d.sentAt;
    // When the page showed no text (body markup not recognised), the text is the JSON's.
    const textFromPage = d.text !== '' || j.text === '';
    return {
      ...d,
      roomId: d.roomId || j.roomId,
      senderName: j.kind === 'system' ? null : (d.senderName ?? j.senderName),
      senderId: j.senderId ?? d.senderId,
      sentAt,
      sentAtUnparsed: sentAt === null,
      text: textFromPage ? d.text : j.text,
      source: textFromPage ? ('both' as const) : ('json' as const),
      jsonText: j.jsonText,
      attachments: d.attachments.length > 0 ? d.attachments : j.attachments,
      kind: j.kind,
      deleted: d.deleted || j.deleted,
    };
  });
  const names = new Map<string, string>();
  for (const m of merged) if (m.senderId && m.senderName && m.kind === 'message') names.set(m.senderId, m.senderName);
  const rest = [...fromJson.values()].sort((a, b) => (a.sentAt ?? '').localeCompare(b.sentAt ?? ''));
  return [...merged, ...rest].map((m) => (m.kind === 'message' && m.senderName === null && m.senderId && names.has(m.senderId) ? { ...m, senderName: names.get(m.senderId)! } : m));
}
