import { packBlobs, type BlobOutcome } from '../package/blob-check';
import type { BlobPacker, BlobReader } from '../package';
import type { LimitMessage, PackReplyMessage, PackRequestMessage } from './blob-worker-core';

/** Requests the page takes from the end of the list at a time, while the worker works from the front. */
const PAGE_TAKES = 3;

/** A BlobPacker with a worker of its own, started at once; `close` ends it (call it when done). */
export interface WorkerBlobPacker extends BlobPacker {
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
 * The worker is started here, before the records are read, so that loading its script and
 * opening the store are done by the time the package asks for the blobs. One pack per packer.
 */
export function workerBlobPacker(dbName: string, fallback: BlobReader, storeName = 'blobs'): WorkerBlobPacker {
  let started: Worker | null = null;
  try {
    started = typeof Worker === 'undefined' ? null : new Worker(new URL('./blob-worker.ts', import.meta.url), { type: 'module' });
  } catch (error) {
    console.warn('Casefile: no worker for the export; the page packs the blobs itself.', error);
  }
  const pack: BlobPacker = async (requests, onOutcome, signal) => {
    const answered = new Set<string>();
    const report = (outcome: BlobOutcome) => {
      if (answered.has(outcome.sha256)) return;
      answered.add(outcome.sha256);
      onOutcome(outcome);
    };
    const allAnswered = () => requests.every((r) => answered.has(r.sha256));
    const worker = started;
    started = null;
    if (!worker) {
      await packBlobs(requests, fallback, report, { owned: true, signal });
      return;
    }

    let limit = requests.length;
    let workerAt = -1;
    let workerEnded = false;
    let failure: unknown = null;
    let wake: () => void = () => {};
    {
      const end = () => {
        workerEnded = true;
        wake();
      };
      worker.onmessage = (event: MessageEvent<PackReplyMessage>) => {
        const reply = event.data;
        if (reply.type === 'started') workerAt = Math.max(workerAt, reply.index);
        else if (reply.type === 'outcome') {
          report(reply.outcome);
          wake();
        } else if (reply.type === 'done') end();
        else {
          failure = new Error(reply.message);
          end();
        }
      };
      worker.onerror = (event) => {
        failure = new Error(`The export worker stopped: ${event.message || 'it could not be started'}`);
        end();
      };
    }
    const stop = () => {
      worker.terminate();
      wake();
    };
    signal?.addEventListener('abort', stop, { once: true });
    try {
      const message: PackRequestMessage = { type: 'pack', dbName, storeName, requests };
      worker.postMessage(message);
      // The page's share: from the end, a few at a time, while the worker is well short of them.
      while (!workerEnded && limit - PAGE_TAKES > workerAt + 1) {
        signal?.throwIfAborted();
        const from = limit - PAGE_TAKES;
        limit = from;
        const lower: LimitMessage = { type: 'limit', limit };
        worker.postMessage(lower);
        await packBlobs(requests.slice(from, from + PAGE_TAKES), fallback, report, { owned: true, signal });
      }
      // Then wait for the worker to reach the page's share (or to stop).
      while (!workerEnded && !allAnswered()) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        signal?.throwIfAborted();
      }
      signal?.throwIfAborted();
      if (!allAnswered()) {
        if (failure) console.warn('Casefile: the export worker stopped; the page packs the remaining blobs.', failure);
        await packBlobs(
          requests.filter((r) => !answered.has(r.sha256)),
          fallback,
          report,
          { owned: true, signal },
        );
      }
    } finally {
      signal?.removeEventListener('abort', stop);
      worker.terminate();
    }
  };
  return Object.assign(pack, {
    close() {
      started?.terminate();
      started = null;
    },
  });
}
