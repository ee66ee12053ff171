import { afterEach, describe, expect, it, vi } from 'vitest';
import Dexie from 'dexie';
import type { MessageRecord, RoomRecord } from '@/utils/db/records';
import { EMPTY_QUERY } from '@/utils/search';
import { FollowedIndex } from '@/components/dashboard/followed-index';
import { freshDb } from '../helpers/db';
import { messageRecord, roomRecord } from '../helpers/records';

/**
 * The Search worker's index over a real (fake-indexeddb) store: read once, then kept up to date
 * from Dexie's storage-mutation notices, whichever way the store was written.
 */

const ROOM = 'room_4f2a9c1b7e3d4a5b8c6d0e1f2a3b4c5d';

function message(i: number, overrides: Partial<MessageRecord> = {}): MessageRecord {
  const at = new Date(Date.UTC(2026, 10, 20, 0, i)).toISOString();
  return messageRecord({ id: `story_${String(i).padStart(5, '0')}`, roomId: ROOM, sentAt: at, sentAtDisplayed: at, text: `message number ${i}`, firstSeenAt: at, lastSeenAt: at, captureId: 'capture-0', ...overrides });
}

const room = (id: string): RoomRecord => roomRecord(id, { lastCapturedAt: '2026-11-21T16:00:00.000Z' });

const listeners: ((parts: Record<string, unknown>) => void)[] = [];
afterEach(() => {
  for (const l of listeners.splice(0)) Dexie.on('storagemutated').unsubscribe(l);
});

async function setup(initial: MessageRecord[]) {
  const db = freshDb();
  await db.open();
  await db.messages.bulkPut(initial);
  const errors: string[] = [];
  const index = new FollowedIndex(db, { progress: () => {}, changed: () => {}, error: (m) => errors.push(m) });
  await index.build();
  const listener = (parts: Record<string, unknown>) => index.notice(parts);
  Dexie.on('storagemutated', listener);
  listeners.push(listener);
  const find = (words: string, limit = 50) => index.search({ ...EMPTY_QUERY, words }, limit);
  return { db, index, find, errors };
}

describe('the search index follows the store', () => {
  it('reads every message in slices, oldest first', async () => {
    const all = Array.from({ length: 12_000 }, (_, i) => message(i));
    const { find, index } = await setup([...all].reverse());
    expect(index.ready).toBe(true);
    const found = find('message number', 3);
    expect(found.total).toBe(12_000);
    expect(found.ids).toEqual(['story_00000', 'story_00001', 'story_00002']);
  });

  it('messages written one by one: added, edited and deleted', async () => {
    const { db, index, find } = await setup([message(1), message(2)]);
    await db.messages.put(message(3, { text: 'a new invoice' }));
    await db.messages.put(message(1, { text: 'the edited invoice', edited: true }));
    await db.messages.delete('story_00002');
    await index.update();
    expect(find('invoice').ids).toEqual(['story_00001', 'story_00003']);
    expect(find('message number').ids).toEqual([]);
  });

  it('a capture storing many messages at once: its room is read again, not everything', async () => {
    const other = Array.from({ length: 30 }, (_, i) => message(1000 + i, { roomId: 'room_other', text: `other room ${i}` }));
    const { db, index, find } = await setup([...Array.from({ length: 100 }, (_, i) => message(i)), ...other]);
    const build = vi.spyOn(index, 'build');
    // As 'page.capture' writes a room: its record and its messages, in one transaction.
    await db.transaction('rw', db.rooms, db.messages, async () => {
      await db.rooms.put(room(ROOM));
      await db.messages.bulkPut([
        ...Array.from({ length: 60 }, (_, i) => message(200 + i, { text: `scope creep ${i}` })),
        message(5, { text: 'milestone rewritten', edited: true }),
      ]);
    });
    await index.update();
    expect(build).not.toHaveBeenCalled();
    expect(find('scope creep').total).toBe(60);
    expect(find('milestone rewritten').ids).toEqual(['story_00005']);
    expect(find('message number').total).toBe(99);
    expect(find('other room').total).toBe(30);
  });

  it('a bulk write that names no room, or changes the count otherwise, reads everything again', async () => {
    const { db, index, find } = await setup(Array.from({ length: 10 }, (_, i) => message(i)));
    const build = vi.spyOn(index, 'build');
    await db.messages.bulkPut(Array.from({ length: 60 }, (_, i) => message(100 + i, { text: `late ${i}` })));
    await index.update();
    expect(build).toHaveBeenCalledTimes(1);
    expect(find('late').total).toBe(60);
    // Messages of another room in the same write as this room's record.
    await db.transaction('rw', db.rooms, db.messages, async () => {
      await db.rooms.put(room(ROOM));
      await db.messages.bulkPut(Array.from({ length: 60 }, (_, i) => message(300 + i, { roomId: 'room_other', text: `elsewhere ${i}` })));
    });
    await index.update();
    expect(build).toHaveBeenCalledTimes(2);
    expect(find('elsewhere').total).toBe(60);
  });

  it('anything else the notice cannot name (a wipe, messages without a new capture) reads everything again', async () => {
    const { db, index, find } = await setup(Array.from({ length: 10 }, (_, i) => message(i)));
    await db.messages.clear();
    await index.update();
    expect(find('message number').total).toBe(0);
    // A restore puts back messages of captures the index had already seen.
    await db.messages.bulkPut(Array.from({ length: 70 }, (_, i) => message(i)));
    await index.update();
    expect(find('message number').total).toBe(70);
  });

  it('says when it could not read the store', async () => {
    const { db, index, errors } = await setup([message(1)]);
    await db.messages.put(message(2));
    db.close();
    await index.update();
    expect(errors).toHaveLength(1);
  });
});
