import type { MessageRecord } from './db/records';

export interface MessageQuery {
  words: string;
  sender: string;
  from: string | null;
  to: string | null;
  hasAttachment: boolean;
}

export const EMPTY_QUERY: MessageQuery = { words: '', sender: '', from: null, to: null, hasAttachment: false };

/** Whether a query asks for anything (an empty one lists nothing). */
export function isActiveQuery(q: MessageQuery): boolean {
  return Boolean(q.words.trim() || q.sender.trim() || q.from || q.to || q.hasAttachment);
}

const fold = (s: string) => s.normalize('NFKC').toLocaleLowerCase();

/** Where a message sorts in its conversation: its time, or when it was first seen if its time could not be read. */
export function timeKey(m: Pick<MessageRecord, 'sentAt' | 'firstSeenAt'>): string {
  return m.sentAt ?? m.firstSeenAt;
}

/**
 * Oldest first; a message whose time could not be read sorts by when it was first seen; equal
 * times by id. Strings compare by code unit, as IndexedDB compares keys, so this is also the order
 * of the `[roomId+sentAt]` index.
 */
export function byTime(a: Pick<MessageRecord, 'id' | 'sentAt' | 'firstSeenAt'>, b: Pick<MessageRecord, 'id' | 'sentAt' | 'firstSeenAt'>): number {
  const ka = timeKey(a);
  const kb = timeKey(b);
  if (ka !== kb) return ka < kb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** What the search keeps of one message: its text and sender folded once (case, Unicode forms). */
export interface IndexedMessage {
  id: string;
  roomId: string;
  sentAt: string | null;
  firstSeenAt: string;
  /** The text and the attachments' names, folded. */
  text: string;
  sender: string;
  hasAttachment: boolean;
}

export function indexedMessage(m: MessageRecord): IndexedMessage {
  return {
    id: m.id,
    roomId: m.roomId,
    sentAt: m.sentAt,
    firstSeenAt: m.firstSeenAt,
    text: fold(m.attachments.length ? `${m.text} ${m.attachments.map((a) => a.name).join(' ')}` : m.text),
    sender: fold(m.senderName ?? ''),
    hasAttachment: m.attachments.length > 0,
  };
}

export interface SearchResult {
  /** Ids of the first `limit` matches, oldest first. */
  ids: string[];
  total: number;
}

/**
 * Every message of the store, folded once and kept oldest first, so that a query is only substring
 * tests over strings in memory; messages are added, replaced and removed as the store changes.
 */
export class MessageIndex {
  private byId = new Map<string, IndexedMessage>();
  private ordered: IndexedMessage[] = [];
  private sorted = true;

  get size(): number {
    return this.byId.size;
  }

  /** Adds or replaces messages. */
  put(messages: readonly MessageRecord[]): void {
    const latest = new Map<string, MessageRecord>();
    for (const m of messages) latest.set(m.id, m);
    const replaced = new Map<IndexedMessage, IndexedMessage>();
    for (const m of latest.values()) {
      const entry = indexedMessage(m);
      const old = this.byId.get(m.id);
      this.byId.set(m.id, entry);
      if (old) {
        replaced.set(old, entry);
        if (timeKey(old) !== timeKey(entry)) this.sorted = false;
      } else {
        const last = this.ordered[this.ordered.length - 1];
        if (last && byTime(last, entry) > 0) this.sorted = false;
        this.ordered.push(entry);
      }
    }
    if (replaced.size > 0) {
      const entries = this.ordered;
      for (let i = 0; i < entries.length; i++) {
        const entry = replaced.get(entries[i]!);
        if (entry) entries[i] = entry;
      }
    }
  }

  /** Removes messages by id (unknown ids are ignored). */
  remove(ids: Iterable<string>): void {
    const gone = new Set<IndexedMessage>();
    for (const id of ids) {
      const entry = this.byId.get(id);
      if (!entry) continue;
      this.byId.delete(id);
      gone.add(entry);
    }
    if (gone.size > 0) this.ordered = this.ordered.filter((e) => !gone.has(e));
  }

  /** Replaces every message of a room with these (read again from the store). */
  replaceRoom(roomId: string, messages: readonly MessageRecord[]): void {
    const kept = new Set(messages.map((m) => m.id));
    this.remove(this.ordered.filter((e) => e.roomId === roomId && !kept.has(e.id)).map((e) => e.id));
    this.put(messages);
  }

  clear(): void {
    this.byId.clear();
    this.ordered = [];
    this.sorted = true;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /**
   * Messages matching every word (case-insensitive, anywhere in the text or attachment names), the
   * sender, the date range (inclusive days, compared in UTC) and the attachment filter: the first
   * `limit` ids, oldest first, and how many match in all.
   */
  search(q: MessageQuery, limit = 50): SearchResult {
    if (!this.sorted) {
      this.ordered.sort(byTime);
      this.sorted = true;
    }
    const words = fold(q.words).split(/\s+/).filter(Boolean);
    const sender = fold(q.sender.trim());
    const from = q.from ? `${q.from}T00:00:00.000Z` : null;
    const to = q.to ? `${q.to}T23:59:59.999Z` : null;
    const ids: string[] = [];
    let total = 0;
    const entries = this.ordered;
    for (let i = 0; i < entries.length; i++) {
      const m = entries[i]!;
      if (q.hasAttachment && !m.hasAttachment) continue;
      if (sender && !m.sender.includes(sender)) continue;
      if ((from || to) && (!m.sentAt || (from && m.sentAt < from) || (to && m.sentAt > to))) continue;
      if (words.length > 0) {
        const hay = m.text;
        let all = true;
        for (const w of words) {
          if (!hay.includes(w)) {
            all = false;
            break;
          }
        }
        if (!all) continue;
      }
      total += 1;
      if (ids.length < limit) ids.push(m.id);
    }
    return { ids, total };
  }
}

/** One part of Dexie's storage-mutation notice: an interval tree of keys (a structured clone when it came from another page). */
interface KeyTree {
  from?: unknown;
  to?: unknown;
  l?: KeyTree | null;
  r?: KeyTree | null;
}

/**
 * Which rows of a table a Dexie storage-mutation notice (`Dexie.on('storagemutated')`, sent to
 * every page and worker of the extension) says were written or deleted: their keys; 'all' when it
 * names a range instead (a wipe, a delete by range, or a bulk write of 50 rows or more, which
 * Dexie reports as the whole table); null when it does not touch the table.
 */
export function changedKeys(parts: Record<string, unknown>, dbName: string, table: string): string[] | 'all' | null {
  if (parts.all) return 'all';
  const tree = parts[`idb://${dbName}/${table}/`] as KeyTree | undefined;
  if (!tree) return null;
  const keys: string[] = [];
  const stack: KeyTree[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!('from' in node)) continue;
    if (typeof node.from !== 'string' || node.from !== node.to) return 'all';
    keys.push(node.from);
    if (node.l) stack.push(node.l);
    if (node.r) stack.push(node.r);
  }
  return keys.length > 0 ? keys : null;
}

/** changedKeys of the messages table: the ids of the messages written or deleted. */
export function changedMessageIds(parts: Record<string, unknown>, dbName: string): string[] | 'all' | null {
  return changedKeys(parts, dbName, 'messages');
}
