import Dexie from 'dexie';
import type { CasefileDb } from '@/utils/db/schema';
import { byTime } from '@/utils/search';

/**
 * Every message id of a room, oldest first (the order of `byTime`), read as keys only: from the
 * `[roomId+sentAt]` index, unless some of the room's messages have no readable time (IndexedDB
 * leaves them out of that index), in which case the room's messages are read and sorted.
 */
export async function readConversationOrder(db: CasefileDb, roomId: string): Promise<string[]> {
  const [timed, count] = await Promise.all([
    db.messages.where('[roomId+sentAt]').between([roomId, Dexie.minKey], [roomId, Dexie.maxKey]).primaryKeys(),
    db.messages.where('roomId').equals(roomId).count(),
  ]);
  if (timed.length === count) return timed as string[];
  const all = await db.messages.where('roomId').equals(roomId).toArray();
  return all.sort(byTime).map((m) => m.id);
}

/** The first `limit` messages of a room, oldest first, when they all have a readable time (a small ordered read). */
export function readConversationHead(db: CasefileDb, roomId: string, limit: number) {
  return db.messages.where('[roomId+sentAt]').between([roomId, Dexie.minKey], [roomId, Dexie.maxKey]).limit(limit).toArray();
}
