import Dexie from 'dexie';
import type { CasefileDb } from '@/utils/db/schema';
import { byTime } from '@/utils/search';

/** A read of the messages store straight from IndexedDB (see readConversationOrder for why). */
async function readMessagesStore<T>(db: CasefileDb, read: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  if (!db.isOpen()) await db.open();
  return new Promise((resolve, reject) => {
    const request = read(db.backendDB().transaction('messages', 'readonly').objectStore('messages'));
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/**
 * Every message id of a room, oldest first (the order of `byTime`), read as keys only from the
 * `[roomId+sentAt]` index. When some messages have no readable time (IndexedDB leaves them out of
 * that index) the room's messages are read and sorted.
 *
 * Made to run in a liveQuery: the keys and the count are read from IndexedDB itself, because Dexie
 * records every key a query returns to know which changes concern it (for 10,000 keys some 25 ms
 * of the page's time as the conversation opened), and a count is taken to concern every deletion
 * in the table. Dexie follows the room through a one-row query on its range of the `roomId` index
 * instead: any message of the room written (or the whole table) runs it again, and nothing else.
 */
export async function readConversationOrder(db: CasefileDb, roomId: string): Promise<string[]> {
  const [, count, timed] = await Promise.all([
    db.messages.where('roomId').equals(roomId).limit(1).primaryKeys(),
    readMessagesStore(db, (store) => store.index('roomId').count(IDBKeyRange.only(roomId))),
    readMessagesStore(db, (store) => store.index('[roomId+sentAt]').getAllKeys(IDBKeyRange.bound([roomId, Dexie.minKey], [roomId, Dexie.maxKey]))),
  ]);
  if (timed.length === count) return timed as string[];
  const all = await db.messages.where('roomId').equals(roomId).toArray();
  return all.sort(byTime).map((m) => m.id);
}

/** The first `limit` messages of a room, oldest first, when they all have a readable time (a small ordered read). */
export function readConversationHead(db: CasefileDb, roomId: string, limit: number) {
  return db.messages.where('[roomId+sentAt]').between([roomId, Dexie.minKey], [roomId, Dexie.maxKey]).limit(limit).toArray();
}
