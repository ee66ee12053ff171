import { verifyAuditChain } from '../audit';
import { hashRecord, sha256Bytes } from '../hashing';
import { verifyCapture } from '../store';
import type { IntegrityProblem, PackageOptions, ParsedInput } from './input';

/**
 * Before anything is written, every stored hash is checked again against the stored bytes: a
 * package must never carry a file that already differs from what was captured. Returns the
 * problems (each naming its item) and which kinds of record were checked.
 */
export interface IntegrityResult {
  problems: IntegrityProblem[];
  verified: string[];
  notVerified: string[];
}

export async function checkStoredHashes(
  input: ParsedInput,
  recordHashes: PackageOptions['recordHashes'] = {},
  onItem: (bytes: number) => void = () => {},
  signal?: AbortSignal,
): Promise<IntegrityResult> {
  const problems: IntegrityProblem[] = [];
  const verified: string[] = [];
  const notVerified: string[] = [];

  // Captures: the HTML, the text and the record's own hash (see hashCapture in utils/store.ts).
  for (const capture of input.captures) {
    signal?.throwIfAborted();
    for (const problem of await verifyCapture(capture)) problems.push({ item: `capture:${capture.id}`, problem });
    onItem(capture.html.length + capture.text.length);
  }
  verified.push('captures (HTML, text and record hash)');

  // Blobs are stored once under their own SHA-256; every blob a capture names must be present.
  const blobs = new Map(input.blobs.map((b) => [b.sha256, b]));
  for (const blob of input.blobs) {
    signal?.throwIfAborted();
    if ((await sha256Bytes(blob.bytes)) !== blob.sha256) problems.push({ item: `blob:${blob.sha256}`, problem: 'its bytes changed since capture (SHA-256 differs)' });
    else if (blob.bytes.byteLength !== blob.size) problems.push({ item: `blob:${blob.sha256}`, problem: `its size is ${blob.bytes.byteLength} bytes, not the ${blob.size} recorded` });
    onItem(blob.bytes.byteLength);
  }
  for (const capture of input.captures) {
    for (const ref of capture.blobs) {
      if (!blobs.has(ref.sha256)) problems.push({ item: `capture:${capture.id}`, problem: `its ${ref.kind} (blob ${ref.sha256}) is missing from the store` });
    }
  }
  verified.push('screenshots, MHTML and page JSON (blob SHA-256 and size)');

  // Contract snapshots hash the contract data they hold.
  for (const snapshot of input.contractSnapshots) {
    if (hashRecord(snapshot.data) !== snapshot.sha256) problems.push({ item: `contract snapshot:${snapshot.id}`, problem: 'its contract data changed since capture' });
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
      if (hash(record as never) !== record.sha256) problems.push({ item: `${item}:${record.id}`, problem: 'its content changed since it was recorded' });
      onItem(0);
    }
    verified.push(kind);
  }

  // The audit log: each entry's hash, and its link to the one before.
  const chain = verifyAuditChain([...input.audit].sort((a, b) => a.seq - b.seq));
  for (const p of chain.problems) problems.push({ item: `audit entry ${p.seq}`, problem: p.problem });
  onItem(0);
  verified.push('audit log chain');

  return { problems, verified, notVerified };
}

/** How many items checkStoredHashes reports through onItem, for progress. */
export function integrityItemCount(input: ParsedInput, recordHashes: PackageOptions['recordHashes'] = {}): number {
  return (
    input.captures.length +
    input.blobs.length +
    input.contractSnapshots.length +
    (recordHashes.message ? input.messages.length : 0) +
    (recordHashes.revision ? input.messageRevisions.length : 0) +
    (recordHashes.note ? input.notes.length : 0) +
    1
  );
}
