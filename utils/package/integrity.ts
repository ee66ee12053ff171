import { verifyAuditChain } from '../audit';
import { hashRecord } from '../hashing';
import { verifyCapture } from '../store';
import { blobRequests, packBlobs, type BlobOutcome } from './blob-check';
import type { BlobPacker, BlobReader, IntegrityProblem, PackageOptions, ParsedInput } from './input';
import type { BlobInfo } from './model';
import type { PackedData } from './zip';

/**
 * Before a package is made, every stored hash is checked again against the stored bytes: a
 * package must never carry a file that already differs from what was captured. The records held
 * in memory (captures, contract snapshots, messages, the audit chain) are checked by checkRecords;
 * the stored blobs (screenshots, MHTML, page JSON) by checkBlobs, which reads them one at a time
 * and packs each for the ZIP as it is checked, so their bytes pass through once and are let go.
 */

/** The checks that need no blob bytes. */
export interface RecordChecks {
  captures: IntegrityProblem[];
  later: IntegrityProblem[];
  verified: string[];
  notVerified: string[];
}

export async function checkRecords(
  input: ParsedInput,
  recordHashes: PackageOptions['recordHashes'] = {},
  onItem: (bytes: number) => void,
  signal?: AbortSignal,
): Promise<RecordChecks> {
  const captures: IntegrityProblem[] = [];
  const later: IntegrityProblem[] = [];
  const verified: string[] = [];
  const notVerified: string[] = [];

  // Captures: the HTML, the text and the record's own hash (see hashCapture in utils/store.ts).
  for (const capture of input.captures) {
    signal?.throwIfAborted();
    for (const problem of await verifyCapture(capture)) captures.push({ item: `capture:${capture.id}`, problem });
    onItem(capture.html.length + capture.text.length);
  }
  verified.push('captures (HTML, text and record hash)');
  verified.push('screenshots, MHTML and page JSON (blob SHA-256 and size)');

  // Contract snapshots hash the contract data they hold.
  for (const snapshot of input.contractSnapshots) {
    if (hashRecord(snapshot.data) !== snapshot.sha256) later.push({ item: `contract snapshot:${snapshot.id}`, problem: 'its contract data changed since capture' });
    onItem(0);
  }
  verified.push('contract snapshots');

  const optional: [string, readonly { id: string; sha256: string }[], ((r: never) => string) | undefined, string][] = [
    ['messages', input.messages, recordHashes.message as ((r: never) => string) | undefined, 'message'],
    ['message revisions', input.messageRevisions, recordHashes.revision as ((r: never) => string) | undefined, 'message revision'],
    ['notes', input.notes, recordHashes.note as ((r: never) => string) | undefined, 'note'],
  ];
  for (const [kind, records, hash, item] of optional) {
    if (!hash) {
      if (records.length > 0) notVerified.push(kind);
      continue;
    }
    for (const record of records) {
      if (hash(record as never) !== record.sha256) later.push({ item: `${item}:${record.id}`, problem: 'its content changed since it was recorded' });
      onItem(0);
    }
    verified.push(kind);
  }

  // The audit log: each entry's hash, and its link to the one before.
  const chain = verifyAuditChain([...input.audit].sort((a, b) => a.seq - b.seq));
  for (const p of chain.problems) later.push({ item: `audit entry ${p.seq}`, problem: p.problem });
  onItem(0);
  verified.push('audit log chain');
  return { captures, later, verified, notVerified };
}

/** A stored blob, checked, with its data packed for the ZIP (by method: 0 stored, 8 deflated). */
export interface CheckedBlob extends BlobInfo {
  packed: Map<0 | 8, PackedData>;
}

export interface BlobChecks {
  /** Blobs whose bytes or size changed, or whose record is not valid, by SHA-256. */
  changed: IntegrityProblem[];
  /** Blobs a capture names that the store lacks, in capture order. */
  missing: IntegrityProblem[];
  /** Every blob the captures name that was found unchanged, packed. */
  blobs: Map<string, CheckedBlob>;
}

/**
 * Checks and packs every blob the captures name (and any other blob given in `input.blobs`): those
 * in `input.blobs` here, the others through `options.packBlobs` (e.g. a worker) or, failing that,
 * read here one at a time through `options.readBlob` (their buffers freed once packed).
 */
export async function checkBlobs(
  input: ParsedInput,
  options: { readBlob?: BlobReader; packBlobs?: BlobPacker },
  onItem: (bytes: number) => void = () => {},
  signal?: AbortSignal,
): Promise<BlobChecks> {
  const given = new Map(input.blobs.map((b) => [b.sha256, b]));
  const requests = blobRequests(input.captures, given.keys());
  const referenced = new Set(input.captures.flatMap((c) => c.blobs.map((b) => b.sha256)));
  const fromInput = requests.filter((r) => given.has(r.sha256));
  const fromStore = requests.filter((r) => !given.has(r.sha256));

  const outcomes = new Map<string, BlobOutcome>();
  const record = (outcome: BlobOutcome) => {
    if (outcomes.has(outcome.sha256)) return; // the first answer for a blob counts
    outcomes.set(outcome.sha256, outcome);
    onItem(outcome.size);
  };
  await packBlobs(fromInput, async (sha) => given.get(sha), record, { owned: false, signal });
  if (fromStore.length > 0) {
    if (options.packBlobs) await options.packBlobs(fromStore, record, signal);
    else if (options.readBlob) await packBlobs(fromStore, options.readBlob, record, { owned: true, signal });
    else for (const r of fromStore) record({ sha256: r.sha256, status: 'missing', size: 0 });
  }
  signal?.throwIfAborted();

  const changed: IntegrityProblem[] = [];
  const blobs = new Map<string, CheckedBlob>();
  for (const sha256 of requests.map((r) => r.sha256).sort()) {
    const outcome = outcomes.get(sha256);
    if (!outcome) throw new Error(`Internal error: blob ${sha256} was not checked.`);
    if (outcome.status === 'changed') changed.push({ item: `blob:${sha256}`, problem: outcome.problem });
    else if (outcome.status === 'invalid') changed.push({ item: `blob:${sha256}`, problem: `its stored record is not valid (${outcome.problem})` });
    else if (outcome.status === 'ok' && referenced.has(sha256)) {
      blobs.set(sha256, { sha256, type: outcome.type, size: outcome.size, packed: new Map(outcome.packed.map((p) => [p.method, p])) });
    }
  }
  const missing: IntegrityProblem[] = [];
  for (const capture of input.captures) {
    for (const ref of capture.blobs) {
      if (outcomes.get(ref.sha256)?.status === 'missing') missing.push({ item: `capture:${capture.id}`, problem: `its ${ref.kind} (blob ${ref.sha256}) is missing from the store` });
    }
  }
  return { changed, missing, blobs };
}

/** Every problem, in a fixed order: captures, blobs, missing blobs, snapshots, records, audit. */
export function integrityProblems(records: RecordChecks, blobs: BlobChecks): IntegrityProblem[] {
  return [...records.captures, ...blobs.changed, ...blobs.missing, ...records.later];
}

/** How many items checkRecords and checkBlobs report through onItem, for progress. */
export function integrityItemCount(input: ParsedInput, recordHashes: PackageOptions['recordHashes'] = {}): { records: number; blobs: number } {
  const shas = new Set(input.blobs.map((b) => b.sha256));
  for (const c of input.captures) for (const ref of c.blobs) shas.add(ref.sha256);
  return {
    records:
      input.captures.length +
      input.contractSnapshots.length +
      (recordHashes.message ? input.messages.length : 0) +
      (recordHashes.revision ? input.messageRevisions.length : 0) +
      (recordHashes.note ? input.notes.length : 0) +
      1,
    blobs: shas.size,
  };
}
