import { packBlobs, type BlobOutcome, type BlobRequest } from '../package/blob-check';

/**
 * What the export page's worker does (blob-worker.ts is only its wiring, so this runs in unit
 * tests too): open the extension's IndexedDB database, then read, check and pack each requested
 * blob in turn (blob-check.ts), posting every outcome back. The worker reads the store itself, so
 * the page's thread never touches the blobs' bytes and goes on making the package's other files.
 */

export interface PackRequestMessage {
  type: 'pack';
  /** The database and object store holding the blobs (Dexie's `casefile` / `blobs`). */
  dbName: string;
  storeName: string;
  requests: BlobRequest[];
}

/** The page takes the last requests itself: the worker stops before request `limit`. */
export interface LimitMessage {
  type: 'limit';
  limit: number;
}

export type PackReplyMessage =
  | { type: 'started'; index: number }
  | { type: 'outcome'; outcome: BlobOutcome }
  | { type: 'done' }
  | { type: 'error'; message: string };

/** Opens an existing database at its current version; refuses to create one. */
function openExisting(factory: IDBFactory, name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = factory.open(name);
    request.onupgradeneeded = () => request.transaction?.abort();
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(new Error(`The database "${name}" could not be opened: ${request.error?.message ?? 'unknown error'}`));
    request.onblocked = () => reject(new Error(`The database "${name}" is blocked by another page.`));
  });
}

function readOne(db: IDBDatabase, storeName: string, key: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const request = db.transaction(storeName, 'readonly').objectStore(storeName).get(key);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error(`Reading blob ${key} failed.`));
  });
}

/**
 * Runs one pack request; `limit()` is the current limit (lowered by LimitMessages that arrive
 * meanwhile).
 */
export async function handlePackMessage(message: PackRequestMessage, post: (reply: PackReplyMessage) => void, factory: IDBFactory, limit: () => number = () => message.requests.length): Promise<void> {
  let db: IDBDatabase | null = null;
  try {
    db = await openExisting(factory, message.dbName);
    const opened = db;
    await packBlobs(message.requests, (sha256) => readOne(opened, message.storeName, sha256), (outcome) => post({ type: 'outcome', outcome }), {
      owned: true,
      limit,
      onStart: (index) => post({ type: 'started', index }),
    });
    post({ type: 'done' });
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  } finally {
    db?.close();
  }
}
