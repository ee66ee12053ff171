import type { EntityTable } from 'dexie';
import { hashRecord, ZERO_HASH } from './hashing';
import type { AuditEntry } from './db/records';

export type AuditType = AuditEntry['type'];
export interface AuditInput {
  type: AuditType;
  subject: string;
  details: Record<string, unknown>;
}

/** The hash of an entry covers the previous entry's hash and all of its own content. */
export function auditEntryHash(entry: Omit<AuditEntry, 'hash'>): string {
  const { seq, at, type, subject, details, prevHash } = entry;
  return hashRecord({ seq, at, type, subject, details, prevHash });
}

/**
 * Appends entries to the append-only audit log. Must run inside a read-write transaction that
 * includes the audit table: IndexedDB serialises such transactions, so two writers can never
 * fork the chain. Hashing is synchronous, so nothing else is awaited inside the transaction.
 */
export async function appendAudit(audit: EntityTable<AuditEntry, 'seq'>, inputs: AuditInput[], at: string): Promise<AuditEntry[]> {
  const last = await audit.orderBy('seq').last();
  let prevHash = last?.hash ?? ZERO_HASH;
  let seq = last?.seq ?? 0;
  const entries: AuditEntry[] = [];
  for (const input of inputs) {
    seq += 1;
    const partial = { seq, at, type: input.type, subject: input.subject, details: input.details, prevHash };
    const entry: AuditEntry = { ...partial, hash: auditEntryHash(partial) };
    entries.push(entry);
    prevHash = entry.hash;
  }
  await audit.bulkAdd(entries);
  return entries;
}

export interface ChainProblem {
  seq: number;
  problem: string;
}
export interface ChainReport {
  ok: boolean;
  count: number;
  headHash: string;
  problems: ChainProblem[];
}

/**
 * Checks a chain read in seq order: every entry's hash matches its content, links to the one
 * before it, and no sequence number is missing (a removed entry), so a changed or removed
 * entry is named.
 */
export function verifyAuditChain(entries: readonly AuditEntry[], after: { seq: number; hash: string } = { seq: 0, hash: ZERO_HASH }): ChainReport {
  const problems: ChainProblem[] = [];
  let prevHash = after.hash;
  let expectedSeq = after.seq + 1;
  for (const entry of entries) {
    if (entry.seq !== expectedSeq) {
      problems.push({
        seq: entry.seq,
        problem:
          entry.seq > expectedSeq
            ? `entries ${expectedSeq}–${entry.seq - 1} are missing (removed from the log)`
            : `entry ${entry.seq} is out of order`,
      });
    }
    if (entry.prevHash !== prevHash) {
      problems.push({ seq: entry.seq, problem: `entry ${entry.seq} does not link to the entry before it` });
    }
    const { hash, ...rest } = entry;
    if (auditEntryHash(rest) !== hash) {
      problems.push({ seq: entry.seq, problem: `entry ${entry.seq} was changed after it was written` });
    }
    prevHash = entry.hash;
    expectedSeq = entry.seq + 1;
  }
  return { ok: problems.length === 0, count: entries.length, headHash: prevHash, problems };
}
