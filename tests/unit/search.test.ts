import { describe, expect, it } from 'vitest';
import Dexie, { liveQuery } from 'dexie';
import type { MessageRecord } from '@/utils/db/records';
import { byTime, changedMessageIds, EMPTY_QUERY, isActiveQuery, MessageIndex, type MessageQuery } from '@/utils/search';
import { readConversationOrder } from '@/components/dashboard/conversation-order';
import { freshDb } from '../helpers/db';
import { messageRecord } from '../helpers/records';

const ROOM = 'room_4f2a9c1b7e3d4a5b8c6d0e1f2a3b4c5d';

const message = (overrides: Partial<MessageRecord> = {}): MessageRecord => messageRecord({ roomId: ROOM, ...overrides });

const query = (q: Partial<MessageQuery>): MessageQuery => ({ ...EMPTY_QUERY, ...q });

function indexOf(messages: MessageRecord[]): MessageIndex {
  const index = new MessageIndex();
  index.put(messages);
  return index;
}

describe('message search', () => {
  const messages = [
    message({ id: 'story_3', sentAt: '2026-11-22T09:00:00.000Z', text: 'The INVOICE for milestone 2', senderName: 'Daniel Reyes' }),
    message({ id: 'story_1', sentAt: '2026-11-20T09:00:00.000Z', text: 'Draft of the homepage' }),
    message({ id: 'story_2', sentAt: '2026-11-21T23:59:59.000Z', text: 'See attached', attachments: [{ name: 'Invoice-Nov.pdf', size: '1 MB', url: null }] }),
    message({ id: 'story_4', sentAt: null, sentAtUnparsed: true, firstSeenAt: '2026-11-19T12:00:00.000Z', text: 'ﬁnal invoice (time not readable)' }),
  ];

  it('finds every word anywhere in the text or attachment names, ignoring case and Unicode forms, oldest first', () => {
    const index = indexOf(messages);
    expect(index.search(query({ words: 'invoice' }))).toEqual({ ids: ['story_4', 'story_2', 'story_3'], total: 3 });
    expect(index.search(query({ words: 'FINAL invoice' })).ids).toEqual(['story_4']);
    expect(index.search(query({ words: '  milestone   invoice ' })).ids).toEqual(['story_3']);
    expect(index.search(query({ words: 'invoice nowhere' }))).toEqual({ ids: [], total: 0 });
  });

  it('filters by sender, by days in UTC (inclusive), and by attachments', () => {
    const index = indexOf(messages);
    expect(index.search(query({ sender: 'daniel' })).ids).toEqual(['story_3']);
    expect(index.search(query({ from: '2026-11-21', to: '2026-11-21' })).ids).toEqual(['story_2']);
    // A message whose time could not be read is never inside a date range.
    expect(index.search(query({ to: '2026-11-30' })).ids).toEqual(['story_1', 'story_2', 'story_3']);
    expect(index.search(query({ hasAttachment: true })).ids).toEqual(['story_2']);
  });

  it('returns the first `limit` ids and how many match in all', () => {
    const many = Array.from({ length: 120 }, (_, i) => message({ id: `story_${String(i).padStart(3, '0')}`, sentAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(), text: 'payment' }));
    const result = indexOf(many).search(query({ words: 'payment' }), 50);
    expect(result.total).toBe(120);
    expect(result.ids).toEqual(many.slice(0, 50).map((m) => m.id));
  });

  it('follows the store: messages added, edited (text or time) and removed', () => {
    const index = indexOf(messages);
    index.put([message({ id: 'story_5', sentAt: '2026-11-18T00:00:00.000Z', text: 'an earlier invoice' })]);
    expect(index.search(query({ words: 'invoice' })).ids).toEqual(['story_5', 'story_4', 'story_2', 'story_3']);
    index.put([message({ id: 'story_3', sentAt: '2026-11-17T00:00:00.000Z', text: 'edited: no longer about money' })]);
    expect(index.search(query({ words: 'invoice' })).ids).toEqual(['story_5', 'story_4', 'story_2']);
    expect(index.search(query({ words: 'edited' })).ids).toEqual(['story_3']);
    expect(index.search(query({ words: 'a' })).ids[0]).toBe('story_3');
    index.remove(['story_5', 'unknown']);
    expect(index.size).toBe(4);
    expect(index.search(query({ words: 'invoice' })).ids).toEqual(['story_4', 'story_2']);
    // The same id twice in one write: the last one counts.
    index.put([message({ id: 'story_6', text: 'first' }), message({ id: 'story_6', text: 'second' })]);
    expect(index.search(query({ words: 'first' })).total).toBe(0);
    expect(index.search(query({ words: 'second' })).total).toBe(1);
  });

  it('an empty query asks for nothing', () => {
    expect(isActiveQuery(EMPTY_QUERY)).toBe(false);
    expect(isActiveQuery(query({ words: '   ' }))).toBe(false);
    expect(isActiveQuery(query({ hasAttachment: true }))).toBe(true);
  });
});

describe('conversation order', () => {
  it('sorts by time, by first seen when the time could not be read, then by id as IndexedDB compares keys', () => {
    const a = message({ id: 'story_B', sentAt: '2026-11-20T10:00:00.000Z' });
    const b = message({ id: 'story_a', sentAt: '2026-11-20T10:00:00.000Z' });
    const c = message({ id: 'story_0', sentAt: null, firstSeenAt: '2026-11-20T09:00:00.000Z' });
    expect([b, a, c].sort(byTime).map((m) => m.id)).toEqual(['story_0', 'story_B', 'story_a']);
    expect(indexedDB.cmp('story_B', 'story_a')).toBe(-1);
  });

  it('reads a room in order from its keys, and falls back to reading it whole when a time is missing', async () => {
    const db = freshDb();
    const room = Array.from({ length: 30 }, (_, i) => message({ id: `story_${(i * 7) % 30}`, sentAt: new Date(Date.UTC(2026, 10, 20, 0, i)).toISOString() }));
    await db.messages.bulkPut([...room, message({ id: 'other', roomId: 'room_other' })]);
    const expected = [...room].sort(byTime).map((m) => m.id);
    expect(await readConversationOrder(db, ROOM)).toEqual(expected);

    // A message whose time could not be read is not in the [roomId+sentAt] index, but still has its place.
    await db.messages.put(message({ id: 'story_unread', sentAt: null, sentAtUnparsed: true, firstSeenAt: new Date(Date.UTC(2026, 10, 20, 0, 10, 30)).toISOString() }));
    const order = await readConversationOrder(db, ROOM);
    expect(order).toHaveLength(31);
    expect(order.indexOf('story_unread')).toBe(11);
    db.close();
  });
});

describe('conversation order, followed live', () => {
  it('is read again when a message of the room changes (even its time alone), not for other rooms', async () => {
    const db = freshDb();
    await db.messages.bulkPut([message({ id: 'story_1', sentAt: '2026-11-20T10:00:00.000Z' }), message({ id: 'story_2', sentAt: '2026-11-20T11:00:00.000Z' })]);
    const seen: string[][] = [];
    const next = () => new Promise<void>((resolve) => waiters.push(resolve));
    const waiters: (() => void)[] = [];
    const subscription = liveQuery(() => readConversationOrder(db, ROOM)).subscribe((order) => {
      seen.push(order);
      waiters.shift()?.();
    });
    await next();
    expect(seen.at(-1)).toEqual(['story_1', 'story_2']);
    await db.messages.put(message({ id: 'story_1', sentAt: '2026-11-20T12:00:00.000Z' }));
    await next();
    expect(seen.at(-1)).toEqual(['story_2', 'story_1']);
    const before = seen.length;
    await db.messages.put(message({ id: 'elsewhere', roomId: 'room_other' }));
    await db.messages.put(message({ id: 'story_3', sentAt: '2026-11-20T13:00:00.000Z' }));
    await next();
    expect(seen.length).toBe(before + 1);
    expect(seen.at(-1)).toEqual(['story_2', 'story_1', 'story_3']);
    subscription.unsubscribe();
    db.close();
  });
});

describe('changes announced by the store', () => {
  async function announced(write: (db: ReturnType<typeof freshDb>) => Promise<unknown>) {
    const db = freshDb();
    await db.open();
    const seen: (string[] | 'all' | null)[] = [];
    const listener = (parts: Record<string, unknown>) => {
      const ids = changedMessageIds(parts, db.name);
      if (ids !== null) seen.push(Array.isArray(ids) ? [...ids].sort() : ids);
    };
    Dexie.on('storagemutated', listener);
    try {
      await write(db);
      await new Promise((r) => setTimeout(r, 20));
    } finally {
      Dexie.on('storagemutated').unsubscribe(listener);
      db.close();
    }
    return seen;
  }

  it('names the messages written or deleted one by one', async () => {
    expect(await announced((db) => db.messages.bulkPut([message({ id: 'story_2' }), message({ id: 'story_1' })]))).toEqual([['story_1', 'story_2']]);
    expect(
      await announced(async (db) => {
        await db.messages.put(message({ id: 'story_9' }));
        await db.messages.delete('story_9');
      }),
    ).toEqual([['story_9'], ['story_9']]);
  });

  it('says "all" for a bulk write, a clear or a delete by range, and nothing for other tables', async () => {
    const many = Array.from({ length: 60 }, (_, i) => message({ id: `story_${i}` }));
    expect(await announced((db) => db.messages.bulkPut(many))).toEqual(['all']);
    expect(await announced((db) => db.messages.clear())).toEqual(['all']);
    expect(await announced((db) => db.messages.where('id').above('story_5').delete())).toEqual(['all']);
    expect(await announced((db) => db.rooms.put({ id: ROOM, title: null, subtitle: null, contractId: null, participants: [], firstCapturedAt: '2026-11-20T16:00:00.000Z', lastCapturedAt: '2026-11-20T16:00:00.000Z', coverage: null }))).toEqual([]);
  });

  it('reads the notice as it arrives from another page (a structured clone of the key tree)', () => {
    const tree = { from: 'story_2', to: 'story_2', d: 2, l: { from: 'story_1', to: 'story_1', d: 1, l: null, r: null }, r: null };
    expect(changedMessageIds(structuredClone({ 'idb://casefile/messages/': tree }), 'casefile')?.toString()).toBe(['story_2', 'story_1'].toString());
    expect(changedMessageIds({ 'idb://casefile/messages/': { d: 0 } }, 'casefile')).toBeNull();
    expect(changedMessageIds({ 'idb://other/messages/': tree }, 'casefile')).toBeNull();
    expect(changedMessageIds({ all: { from: -Infinity, to: [[]] } }, 'casefile')).toBe('all');
  });
});
