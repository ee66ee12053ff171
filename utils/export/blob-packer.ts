import { packBlobs, type BlobOutcome, type BlobRequest } from '../package/blob-check';
import type { BlobPacker, BlobReader } from '../package';
import type { LimitMessage, PackReplyMessage, PackRequestMessage } from './blob-worker-core';

/** Requests the page takes from the end of the list at a time, while the worker works from the front. */
const PAGE_TAKES = 3;

/** A BlobPacker with a worker of its own, started at once. */
export interface WorkerBlobPacker extends BlobPacker {
  /** Sets the worker reading these blobs now, before the package asks for them (once). */
  prefetch(requests: BlobRequest[]): void;
  /** Ends the worker (call it when the package is made, or was not). */
  close(): void;
}

/**
 * buildPackageBlob's `packBlobs` for the export page. A worker reads the stored blobs from the
 * store itself, checks and packs them from the first on, while the page's thread makes the
 * package's other files and, in between, takes blobs from the end of the list (lowering the
 * worker's limit): two cores share the work whichever has more to do. The first outcome for a
 * blob counts (a blob both happen to take is packed twice, identically). Where no worker can be
 * started, or it fails, the page packs whatever is left through `fallback`, one at a time.
 *
 * The worker is started here, so that loading its script and opening the store are done by the
 * time it is needed; `prefetch` sets it to work as soon as the captures are known, while the page
 * still reads the other records. One package per packer.
 */
export function workerBlobPacker(dbName: string, fallback: BlobReader, storeName = 'blobs'): WorkerBlobPacker {
  let worker: Worker | null = null;
  try {
    worker = typeof Worker === 'undefined' ? null : new Worker(new URL('./blob-worker.ts', import.meta.url), { type: 'module' });
  } catch (error) {
    console.warn('Casefile: no worker for the export; the page packs the blobs itself.', error);
  }

  // What the worker was asked for and has answered so far.
  let asked: BlobRequest[] | null = null;
  let limit = 0;
  let workerAt = -1;
  let workerEnded = worker === null;
  let failure: unknown = null;
  const outcomes = new Map<string, BlobOutcome>();
  let deliver: (outcome: BlobOutcome) => void = () => {};
  let wake: () => void = () => {};
  const record = (outcome: BlobOutcome) => {
    if (outcomes.has(outcome.sha256)) return; // the first answer for a blob counts
    outcomes.set(outcome.sha256, outcome);
    deliver(outcome);
    wake();
  };
  const end = (error: unknown) => {
    workerEnded = true;
    failure ??= error;
    worker?.terminate();
    worker = null;
    wake();
  };
  if (worker) {
    worker.onmessage = (event: MessageEvent<PackReplyMessage>) => {
      const reply = event.data;
      if (reply.type === 'started') workerAt = Math.max(workerAt, reply.index);
      else if (reply.type === 'outcome') record(reply.outcome);
      else if (reply.type === 'done') end(null);
      else end(new Error(reply.message));
    };
    worker.onerror = (event) => end(new Error(`The export worker stopped: ${event.message || 'it could not be started'}`));
  }

  const start = (requests: BlobRequest[]) => {
    if (asked) return;
    asked = requests;
    limit = requests.length;
    const message: PackRequestMessage = { type: 'pack', dbName, storeName, requests };
    worker?.postMessage(message);
  };

  const pack: BlobPacker = async (requests, onOutcome, signal) => {
    start(requests);
    const wanted = new Set(requests.map((r) => r.sha256));
    deliver = (outcome) => {
      if (wanted.has(outcome.sha256)) onOutcome(outcome);
    };
    for (const outcome of outcomes.values()) deliver(outcome);
    const stop = () => end(signal?.reason);
    signal?.addEventListener('abort', stop, { once: true });
    const unanswered = () => requests.filter((r) => !outcomes.has(r.sha256));
    try {
      // Blobs asked for now that the worker was not given (none when prefetch had the same captures).
      const given = new Set(asked!.map((a) => a.sha256));
      const extra = requests.filter((r) => !given.has(r.sha256));
      if (extra.length > 0) await packBlobs(extra, fallback, record, { owned: true, signal });
      // The page's share: from the end, a few at a time, while the worker is well short of them.
      const list = asked!;
      while (!workerEnded && limit - PAGE_TAKES > workerAt + 1) {
        signal?.throwIfAborted();
        const from = limit - PAGE_TAKES;
        limit = from;
        const lower: LimitMessage = { type: 'limit', limit };
        worker?.postMessage(lower);
        const share = list.slice(from, from + PAGE_TAKES).filter((r) => !outcomes.has(r.sha256));
        await packBlobs(share, fallback, record, { owned: true, signal });
      }
      // Then wait for the worker to reach the page's share (or to stop).
      while (!workerEnded && unanswered().length > 0) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        signal?.throwIfAborted();
      }
      signal?.throwIfAborted();
      const rest = unanswered();
      if (rest.length > 0) {
        if (failure) console.warn('Casefile: the export worker stopped; the page packs the remaining blobs.', failure);
        await packBlobs(rest, fallback, record, { owned: true, signal });
      }
    } finally {
      signal?.removeEventListener('abort', stop);
      deliver = () => {};
      end(null);
    }
  };

  return Object.assign(pack, {
    prefetch: start,
    close: () => end(null),
  });
}
