import type { ExtractionStatus } from '../db/records';
import type { ObservedMessage, ObservedRoom } from '../protocol';
import { detectPage } from '../page-kinds';
import { parseIsoWithZone, parseLocalTimestamp } from './local-time';
import { first, ROOM, textOf } from './selectors';

/**
 * Message rooms (REFERENCE §2), from two sources merged by storyId: the rendered page, and the
 * stories JSON the page itself loaded. Either alone is enough; together the JSON gives exact times
 * and deletion flags, the page gives sender names, attachments and the time as displayed.
 */
export interface ExtractedRoom {
  room: ObservedRoom | null;
  messages: ObservedMessage[];
  status: ExtractionStatus;
}

export function findConversationPane(doc: Document): HTMLElement | null {
  return first(doc, ROOM.pane) as HTMLElement | null;
}

const BLOCK = new Set(['P', 'DIV', 'UL', 'OL', 'PRE', 'BLOCKQUOTE', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'TABLE', 'TR']);

/** Plain text of rich message markup: paragraphs apart by a blank line, list items and <br> by a newline. */
export function plainText(root: Element): string {
  let out = '';
  const walk = (node: Node) => {
    if (node.nodeType === 3) {
      out += (node.nodeValue ?? '').replace(/[ \t\r\n]+/g, ' ');
      return;
    }
    if (node.nodeType !== 1) return;
    const el = node as Element;
    if (el.matches('.end-of-message, .story-menu-section, .story-menu, button, script, style')) return;
    const tag = el.tagName;
    if (tag === 'BR') {
      out += '\n';
      return;
    }
    if (tag === 'LI') out += '\n';
    if (BLOCK.has(tag)) out += '\n\n';
    for (const child of Array.from(el.childNodes)) walk(child);
    if (BLOCK.has(tag)) out += '\n\n';
  };
  walk(root);
  return out
    .split('\n')
    .map((l) => l.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function roomIdOf(doc: Document, url: string): string | null {
  const fromUrl = detectPage(url).roomId;
  if (fromUrl) return fromUrl;
  // A workroom's Messages tab: a link to the room, where the page shows one.
  const link = doc.querySelector('a[href*="/ab/messages/rooms/room_"]');
  const m = link?.getAttribute('href')?.match(/room_[0-9a-f]{32}/i);
  return m ? m[0].toLowerCase() : null;
}

function attachmentsOf(item: Element): ObservedMessage['attachments'] {
  const out: ObservedMessage['attachments'] = [];
  for (const a of Array.from(item.querySelectorAll(ROOM.attachment))) {
    const name = textOf(a.querySelector(ROOM.fileName)) ?? a.querySelector('img[alt]')?.getAttribute('alt') ?? null;
    if (!name) continue;
    const link = a.querySelector(ROOM.attachmentLink) ?? (a.matches(ROOM.attachmentLink) ? a : null);
    const href = link?.getAttribute('href') ?? null;
    out.push({ name, size: textOf(a.querySelector(ROOM.fileSize)), url: href ? new URL(href, 'https://www.upwork.com').href : null });
  }
  return out;
}

function timeOf(item: Element, timeZone: string): { sentAt: string | null; displayed: string | null } {
  const stamp = first(item, ROOM.timestamp);
  if (!stamp) return { sentAt: null, displayed: null };
  const datetime = stamp.getAttribute('datetime');
  if (datetime) return { sentAt: parseIsoWithZone(datetime), displayed: textOf(stamp) ?? datetime };
  const title = stamp.getAttribute('title');
  if (title) return { sentAt: parseLocalTimestamp(title, timeZone), displayed: title };
  return { sentAt: null, displayed: textOf(stamp) };
}

/** Reads the room header and every rendered message. */
export function extractRoom(doc: Document, url: string, timeZone: string): ExtractedRoom {
  const pane = findConversationPane(doc);
  const roomId = roomIdOf(doc, url);
  const title = textOf(first(doc, ROOM.title));
  const subtitle = textOf(first(doc, ROOM.subtitle));
  const contractHref = first(doc, ROOM.contractLink)?.getAttribute('href') ?? '';
  const contractId = /\/workroom\/(\d+)/.exec(contractHref)?.[1] ?? /\/contracts\/(\d+)/.exec(contractHref)?.[1] ?? null;
  const counterpart = first(doc, ROOM.counterpart);
  const participants: ObservedRoom['participants'] = [];
  const counterpartId = counterpart?.getAttribute('data-user-id');
  if (counterpart && counterpartId) participants.push({ name: counterpart.querySelector('img[alt]')?.getAttribute('alt') || title || 'Unknown', userId: counterpartId });

  const items = pane ? Array.from(pane.querySelectorAll(ROOM.item)) : [];
  const messages: ObservedMessage[] = [];
  let sender: string | null = null;
  let unparsed = 0;
  for (const item of items) {
    const body = first(item, ROOM.body);
    const system = body === null;
    const name = textOf(first(item, ROOM.sender)) ?? (item.querySelector('.story-inner.top') ? (first(item, ROOM.senderAvatar)?.getAttribute('alt') ?? null) : null);
    // Sender names are rendered only on the first message of a run: carry the last one forward.
    if (!system && name) sender = name;
    let text: string;
    if (body) text = plainText(body);
    else {
      const sys = first(item, ROOM.systemText);
      const clone = (sys ?? item).cloneNode(true) as Element;
      for (const n of Array.from(clone.querySelectorAll(ROOM.noise.join(',')))) n.remove();
      text = plainText(clone);
    }
    const { sentAt, displayed } = timeOf(item, timeZone);
    if (!sentAt) unparsed += 1;
    messages.push({
      id: item.id,
      roomId: roomId ?? '',
      senderName: system ? null : sender,
      senderId: null,
      sentAt,
      sentAtDisplayed: displayed,
      sentAtUnparsed: sentAt === null,
      text,
      source: 'dom',
      jsonText: null,
      attachments: attachmentsOf(item),
      kind: system ? 'system' : 'message',
      deleted: false,
    });
    if (!sender && name) sender = name;
  }
  for (const m of messages) if (m.senderName && !participants.some((p) => p.name === m.senderName)) participants.push({ name: m.senderName });

  let status: ExtractionStatus;
  if (!pane) status = { status: 'failed', detail: 'the conversation pane (#story-viewport) was not found' };
  else if (items.length === 0) status = { status: 'failed', detail: 'no messages (.up-d-story-item) were found in the conversation pane' };
  else if (!roomId) status = { status: 'partial', detail: 'the room id was not found on the page' };
  else if (unparsed > 0) status = { status: 'partial', detail: `${unparsed} message time(s) could not be read and were kept as displayed` };
  else if (!title) status = { status: 'partial', detail: 'the room title was not found' };
  else status = { status: 'ok' };
  return { room: roomId ? { id: roomId, title, subtitle, contractId, participants } : null, messages, status };
}

interface StoryJson {
  storyId?: unknown;
  userId?: unknown;
  message?: unknown;
  created?: unknown;
  isSystemStory?: unknown;
  deleted?: unknown;
  attachments?: unknown;
}

/** Messages from the page's own `/stories/simplified` response (REFERENCE §2 JSON table). */
export function messagesFromStoriesJson(json: unknown, roomId: string): ObservedMessage[] {
  const stories = (json as { stories?: unknown } | null)?.stories;
  if (!Array.isArray(stories)) return [];
  const out: ObservedMessage[] = [];
  for (const s of stories as StoryJson[]) {
    if (!s || typeof s.storyId !== 'string' || !/^[\w-]{1,200}$/.test(s.storyId)) continue;
    const created = typeof s.created === 'number' && Number.isFinite(s.created) ? new Date(s.created) : null;
    const text = typeof s.message === 'string' ? s.message : '';
    const attachments = Array.isArray(s.attachments)
      ? (s.attachments as Record<string, unknown>[])
          .filter((a) => a && typeof a === 'object')
          .map((a) => ({ name: String(a.name ?? a.fileName ?? a.objectReferenceId ?? 'attachment'), size: typeof a.sizeLabel === 'string' ? a.sizeLabel : null, url: typeof a.url === 'string' ? new URL(a.url, 'https://www.upwork.com').href : null }))
      : [];
    out.push({
      id: s.storyId,
      roomId,
      senderName: null,
      senderId: typeof s.userId === 'string' ? s.userId : null,
      sentAt: created && !Number.isNaN(created.getTime()) ? created.toISOString() : null,
      sentAtDisplayed: null,
      sentAtUnparsed: false,
      text,
      source: 'json',
      jsonText: text,
      attachments,
      kind: s.isSystemStory === 1 || s.isSystemStory === true ? 'system' : 'message',
      deleted: s.deleted === 1 || s.deleted === true,
    });
  }
  return out;
}

/** Merges both sources by storyId; the result keeps the page's order, then JSON-only messages. */
export function mergeSources(dom: readonly ObservedMessage[], json: readonly ObservedMessage[]): ObservedMessage[] {
  const fromJson = new Map(json.map((m) => [m.id, m]));
  const names = new Map<string, string>();
  const merged = dom.map((d) => {
    const j = fromJson.get(d.id);
    if (!j) return d;
    fromJson.delete(d.id);
    if (j.senderId && d.senderName) names.set(j.senderId, d.senderName);
    return {
      ...d,
      roomId: d.roomId || j.roomId,
      senderId: j.senderId ?? d.senderId,
      // The JSON's time is exact (Unix ms); the displayed text stays as the page showed it.
      sentAt: j.sentAt ?? d.sentAt,
      sentAtUnparsed: (j.sentAt ?? d.sentAt) === null,
      source: 'both' as const,
      jsonText: j.jsonText,
      attachments: d.attachments.length > 0 ? d.attachments : j.attachments,
      deleted: d.deleted || j.deleted,
    };
  });
  // JSON-only messages (not rendered now): sender names learnt from rendered ones with the same user id.
  for (const j of fromJson.values()) merged.push({ ...j, senderName: j.kind === 'system' ? null : (j.senderId ? (names.get(j.senderId) ?? null) : null) });
  return merged;
}
