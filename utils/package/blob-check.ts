import { sha256Bytes } from '../hashing';
import * as R from '../db/records';
import { extensionFor } from './model';
import { crc32 } from './crc32';
import { methodFor, packBytes, toBlobs, type PackedData } from './zip';
import { releaseBuffer } from './release';

/**
 * One stored blob (screenshot, MHTML, page JSON) on its way into a package: checked against the
 * SHA-256 it is stored under and the size recorded, then packed for the ZIP (CRC-32, the one
 * stored with the record when it has one; DEFLATE unless already compressed; the data handed to
 * the browser's blob store). The same code runs in
 * the page (readerBlobPacker) and in the export page's worker (blob-worker.ts).
 */

/** A blob the package needs, with the ways the captures name it (they decide its file extension). */
export interface BlobRequest {
  sha256: string;
  refs: { kind: R.BlobKind; type: string }[];
}

/**
 * What to read for `captures`: each blob they name once (and each SHA-256 in `also`), longest work
 * first: blobs that will be deflated (MHTML, page JSON) cost far more per byte than stored
 * screenshots, so they go to the front, where a worker starts; whoever shares the work from the back
 * then ends on cheap ones, and no thread is left with one long job at the end.
 */
export function blobRequests(captures: readonly { blobs: readonly { sha256: string; kind: R.BlobKind; type: string }[] }[], also: Iterable<string> = []): BlobRequest[] {
  const refs = new Map<string, BlobRequest['refs']>();
  for (const sha256 of also) refs.set(sha256, []);
  for (const capture of captures) {
    for (const ref of capture.blobs) {
      const list = refs.get(ref.sha256) ?? [];
      list.push({ kind: ref.kind, type: ref.type });
      refs.set(ref.sha256, list);
    }
  }
  const cost = (r: BlobRequest) => Math.max(0, ...r.refs.map((ref) => (ref.kind === 'mhtml' ? 2 : ref.kind === 'page-json' ? 1 : 0)));
  return [...refs].map(([sha256, list]): BlobRequest => ({ sha256, refs: list })).sort((a, b) => cost(b) - cost(a) || (a.sha256 < b.sha256 ? -1 : 1));
}

export type BlobOutcome =
  /** Found and unchanged: what the package needs to know, and its data packed by method. */
  | { sha256: string; status: 'ok'; type: string; size: number; packed: PackedData[] }
  /** Not in the store. */
  | { sha256: string; status: 'missing'; size: 0 }
  /** In the store, but its bytes or size no longer match what was recorded. */
  | { sha256: string; status: 'changed'; problem: string; size: number }
  /** In the store, but not a valid blob record. */
  | { sha256: string; status: 'invalid'; problem: string; size: 0 };

/**
 * Checks and packs the stored blob `raw` (as read from the store, or undefined) for `request`. With
 * `pack` false only the checks are made. The packed data are bytes (a stored file's are `raw`'s
 * own): packBlobs hands them to the blob store. `read`, when given, is the reading of `raw`'s
 * bytes already under way (packBlobs starts it ahead, see readBytesAhead).
 */
export async function checkBlob(request: BlobRequest, raw: unknown, pack = true, read?: Promise<Uint8Array>): Promise<BlobOutcome> {
  const { sha256 } = request;
  if (raw === undefined || raw === null) return { sha256, status: 'missing', size: 0 };
  const parsed = R.BlobRecord.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { sha256, status: 'invalid', problem: `${issue.path.join('.') || '(record)'}: ${issue.message}`, size: 0 };
  }
  const record = parsed.data;
  if (record.sha256 !== sha256) return { sha256, status: 'invalid', problem: `it is filed under ${sha256} but names ${record.sha256}`, size: 0 };
  // A blob stored as a Blob is read here, once, into a buffer of this function's own; one stored
  // as a Uint8Array (before Casefile kept Blobs) is used as it is.
  const stored = record.bytes;
  let bytes: Uint8Array;
  try {
    bytes = await (read ?? R.blobBytes(stored));
  } catch (error) {
    // A Blob whose data the browser can no longer read (its file gone or changed on disk).
    return { sha256, status: 'changed', problem: `its bytes could not be read (${error instanceof Error ? error.message : String(error)})`, size: stored instanceof Uint8Array ? stored.byteLength : stored.size };
  }
  const own = bytes !== stored;
  if ((await sha256Bytes(bytes)) !== sha256) return { sha256, status: 'changed', problem: 'its bytes changed since capture (SHA-256 differs)', size: bytes.byteLength };
  if (bytes.byteLength !== record.size) return { sha256, status: 'changed', problem: `its size is ${bytes.byteLength} bytes, not the ${record.size} recorded`, size: bytes.byteLength };
  const methods = new Set(request.refs.map((ref) => methodFor(`x.${extensionFor(ref.type || record.type, ref.kind)}`)));
  if (!pack) {
    if (own) releaseBuffer(bytes.buffer);
    return { sha256, status: 'ok', type: record.type, size: record.size, packed: [] };
  }
  // The CRC-32 stored with the record (hashBlobs) was computed from the same bytes, which the
  // SHA-256 has just shown unchanged. It is not covered by the SHA-256 itself: a wrong one (a record
  // damaged beside its bytes) would give a ZIP entry every reader names damaged, never a wrong file.
  // Blobs stored before it was kept have theirs computed now.
  const crc = record.crc32 ?? crc32(bytes);
  const packed: PackedData[] = [];
  for (const method of [...methods].sort()) packed.push(await packBytes(bytes, method, crc));
  if (own) {
    // Stored as a Blob: a stored (method 0) entry's data is that Blob itself, immutable and just
    // shown to hold these bytes, so they are not copied into the blob store again; the buffer read
    // from it is then no longer needed (deflated data are buffers of their own).
    for (const p of packed) if (p.method === 0) p.data = stored;
    releaseBuffer(bytes.buffer);
  }
  return { sha256, status: 'ok', type: record.type, size: record.size, packed };
}

/** Frees the buffer of a stored blob record the builder owns (read fresh from the store) once packed. */
export function releaseBytes(raw: unknown): void {
  const bytes = (raw as { bytes?: unknown } | null | undefined)?.bytes;
  // Only a buffer the record has to itself: a view into a larger one may share it with others.
  if (bytes instanceof Uint8Array && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) releaseBuffer(bytes.buffer);
}

/** Stored blobs read in flight while one is checked and packed, so the store's latency overlaps the work. */
export const READ_AHEAD = 3;

/**
 * The bytes of blobs stored as Blobs are read ahead too (a Blob's bytes come from the browser's blob
 * store, a separate read that would otherwise wait for the one before to be hashed and packed), as
 * long as those read ahead and not yet checked come to no more than this; a larger blob is read only
 * when its turn comes. Memory thus stays within the blob being packed and this much more.
 */
export const READ_AHEAD_BYTES = 32 * 1024 * 1024;

/** Packed data handed to the blob store together, as one Blob (see toBlobs). */
const BATCH_BYTES = 8 * 1024 * 1024;

/**
 * Reads, checks and packs each requested blob in turn, a few reads ahead, reporting each outcome
 * once its data is in the blob store. `owned`: the records read are the builder's own (fresh from
 * the store), so their buffers are freed as soon as their data is in the blob store.
 */
export async function packBlobs(
  requests: readonly BlobRequest[],
  read: (sha256: string) => Promise<unknown>,
  onOutcome: (outcome: BlobOutcome) => void,
  options: {
    owned: boolean;
    signal?: AbortSignal;
    /** How many of `requests` to do, asked before each (another thread may take the last ones). */
    limit?: () => number;
    /** Called as the request at `index` is started. */
    onStart?: (index: number) => void;
  },
): Promise<void> {
  const limit = options.limit ?? (() => requests.length);
  /** A read in flight: the record, then (for a Blob, within the budget) its bytes. */
  interface Ahead {
    record: Promise<unknown>;
    raw?: unknown;
    bytes?: Promise<Uint8Array>;
    size: number;
  }
  const inFlight: Ahead[] = [];
  let bytesAhead = 0;
  const readBytesAhead = () => {
    for (const entry of inFlight) {
      if (entry.bytes || entry.raw === undefined) continue;
      const stored = (entry.raw as { bytes?: unknown } | null)?.bytes;
      if (!(typeof Blob !== 'undefined' && stored instanceof Blob)) continue;
      if (bytesAhead + stored.size > READ_AHEAD_BYTES) return;
      entry.size = stored.size;
      bytesAhead += entry.size;
      entry.bytes = R.blobBytes(stored);
      entry.bytes.catch(() => {}); // awaited by checkBlob, which reports a failure as the blob's
    }
  };
  let next = 0;
  const readAhead = () => {
    while (inFlight.length < READ_AHEAD && next < Math.min(requests.length, limit())) {
      const entry: Ahead = { record: read(requests[next++]!.sha256), size: 0 };
      entry.record.then(
        (raw) => {
          entry.raw = raw;
          readBytesAhead();
        },
        () => {}, // awaited in turn below; one never reached (cancelled) is no error
      );
      inFlight.push(entry);
    }
  };
  let batch: { outcome: BlobOutcome; raw: unknown }[] = [];
  let batchBytes = 0;
  const flush = () => {
    toBlobs(batch.flatMap(({ outcome }) => (outcome.status === 'ok' ? outcome.packed : [])));
    for (const { outcome, raw } of batch) {
      if (options.owned) releaseBytes(raw);
      onOutcome(outcome);
    }
    batch = [];
    batchBytes = 0;
  };
  for (const [index, request] of requests.entries()) {
    options.signal?.throwIfAborted();
    if (index >= limit()) break;
    readAhead();
    const entry = inFlight.shift()!;
    const raw = await entry.record;
    bytesAhead -= entry.size;
    if (index >= limit()) {
      if (options.owned) releaseBytes(raw);
      break;
    }
    options.onStart?.(index);
    readAhead();
    readBytesAhead();
    const outcome = await checkBlob(request, raw, true, entry.bytes);
    batch.push({ outcome, raw });
    if (outcome.status === 'ok') batchBytes += outcome.packed.reduce((n, p) => n + p.compressedSize, 0);
    else if (options.owned) releaseBytes(raw);
    if (batchBytes >= BATCH_BYTES) flush();
  }
  flush();
  // Reads started ahead that were not reached (another thread took them): let their bytes go.
  for (const { record } of inFlight) if (options.owned) void record.then(releaseBytes, () => {});
}
