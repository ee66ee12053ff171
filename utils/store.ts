import type { z } from 'zod';
import { appendAudit, verifyAuditChain, type AuditInput, type ChainReport } from './audit';
import { CasefileError, toCasefileError } from './errors';
import { hashRecord, sha256Bytes } from './hashing';
import { CasefileDb, EVIDENCE_TABLES, type EvidenceTable } from './db/schema';
import * as R from './db/records';
import { crc32 } from './package/crc32';

const encoder = new TextEncoder();

/** Opens the store; an upgrade that fails leaves the data as it was and is reported, never skipped. */
export async function openStore(db: CasefileDb = new CasefileDb()): Promise<CasefileDb> {
  try {
    await db.open();
    return db;
  } catch (error) {
    throw toCasefileError(error, 'upgrade-failed');
  }
}

/** What a content script sends for one page: the raw snapshot before hashing. */
export interface RawPageInput {
  url: string;
  pageKind: R.PageKind;
  title: string;
  html: string;
  text: string;
  capturedAt: string;
  timeZone: string;
  userAgent: string;
  extraction: z.infer<typeof R.ExtractionStatus>;
  contractId?: string;
  roomId?: string;
  scope?: 'page' | 'fragment';
}

export interface BlobInput {
  kind: R.BlobKind;
  label?: string;
  type: string;
  bytes: Uint8Array;
}

/**
 * Hashes a raw page capture: each part (HTML, text) and then the record itself over canonical
 * JSON of its metadata and part hashes. Done before any transaction opens.
 */
export async function hashCapture(
  input: RawPageInput,
  id: string,
  extensionVersion: string,
  blobs: R.CaptureRecord['blobs'] = [],
): Promise<R.CaptureRecord> {
  const [htmlSha256, textSha256] = await Promise.all([sha256Bytes(encoder.encode(input.html)), sha256Bytes(encoder.encode(input.text))]);
  const base = {
    id,
    url: input.url,
    pageKind: input.pageKind,
    capturedAt: input.capturedAt,
    timeZone: input.timeZone,
    userAgent: input.userAgent,
    extensionVersion,
    title: input.title,
    htmlSha256,
    textSha256,
    extraction: input.extraction,
    blobs,
    ...(input.scope === 'fragment' ? { scope: input.scope } : {}),
  };
  const sha256 = hashRecord(base);
  return R.CaptureRecord.parse({
    ...base,
    ...(input.contractId ? { contractId: input.contractId } : {}),
    ...(input.roomId ? { roomId: input.roomId } : {}),
    html: input.html,
    text: input.text,
    sha256,
  });
}

/**
 * What a capture's own hash covers: its metadata and the hashes of its parts. `roomId` and
 * `contractId` are left out because they are derived from the URL (which is covered), so a schema
 * upgrade may fill them in without changing any hash.
 */
export function captureHashBase(capture: R.CaptureRecord): Record<string, unknown> {
  const { html: _html, text: _text, sha256: _sha, roomId: _room, contractId: _contract, ...base } = capture;
  return base;
}

/** Re-checks a stored capture against its hashes (used before export and by verify). */
export async function verifyCapture(capture: R.CaptureRecord): Promise<string[]> {
  const problems: string[] = [];
  if ((await sha256Bytes(encoder.encode(capture.html))) !== capture.htmlSha256) problems.push('HTML changed since capture');
  if ((await sha256Bytes(encoder.encode(capture.text))) !== capture.textSha256) problems.push('text changed since capture');
  if (hashRecord(captureHashBase(capture)) !== capture.sha256) problems.push('metadata changed since capture');
  return problems;
}

/**
 * The blob records for a capture's screenshots, MHTML and page JSON: SHA-256 (the evidence) and
 * size, and the CRC-32 an export writes into the ZIP, computed here once from the same bytes. The
 * bytes are kept as a Blob (see blobRecord).
 */
export async function hashBlobs(blobs: BlobInput[], createdAt: string): Promise<R.BlobRecord[]> {
  return Promise.all(blobs.map(async (b) => blobRecord(b.bytes, await sha256Bytes(b.bytes), b.type, createdAt)));
}

/**
 * A blob record for `bytes`, whose SHA-256 the caller has computed (or checked); size and CRC-32
 * are computed here from the same bytes, which are kept as a Blob: IndexedDB stores a Blob by
 * reference, so an export reads it once and puts the Blob itself into the ZIP.
 */
export function blobRecord(bytes: Uint8Array, sha256: string, type: string, createdAt: string): R.BlobRecord {
  return { sha256, type, size: bytes.byteLength, bytes: new Blob([bytes as Uint8Array<ArrayBuffer>], { type }), createdAt, crc32: crc32(bytes) };
}

export interface CaptureWrite {
  capture: R.CaptureRecord;
  blobs?: R.BlobRecord[];
  /** Extra work in the same transaction (structured records, change detection); returns audit entries. */
  structured?: (db: CasefileDb) => Promise<AuditInput[]>;
  structuredTables?: EvidenceTable[];
}

const AUDIT_HEAD_KEY = 'auditHead';

async function appendAndMoveHead(db: CasefileDb, inputs: AuditInput[], at: string) {
  const entries = await appendAudit(db.audit, inputs, at);
  const head = entries[entries.length - 1];
  if (head) await db.settings.put({ key: AUDIT_HEAD_KEY, value: { seq: head.seq, hash: head.hash } });
  return entries;
}

/**
 * Writes everything one capture touches (the raw capture, its blobs stored once by hash, its
 * structured records, the audit entries) in ONE transaction: all of it lands or none of it does,
 * and a failure (quota, abort) leaves earlier data intact and reports a CasefileError.
 */
export async function writeCapture(db: CasefileDb, write: CaptureWrite): Promise<R.CaptureRecord> {
  const { capture, blobs = [] } = write;
  const tables = [db.captures, db.blobs, db.audit, db.settings, ...(write.structuredTables ?? []).map((t) => db.table(t))];
  try {
    await db.transaction('rw', tables, async () => {
      for (const blob of blobs) {
        if (!(await db.blobs.get(blob.sha256))) await db.blobs.add(blob);
      }
      await db.captures.add(capture);
      const extra = write.structured ? await write.structured(db) : [];
      await appendAndMoveHead(
        db,
        [
          {
            type: 'capture',
            subject: `capture:${capture.id}`,
            details: { url: capture.url, pageKind: capture.pageKind, sha256: capture.sha256, extraction: capture.extraction.status },
          },
          ...extra,
        ],
        capture.capturedAt,
      );
    });
  } catch (error) {
    throw toCasefileError(error);
  }
  return capture;
}

/** Runs other audited changes (deletions, exports, wipes) in one transaction with their entry. */
export async function withAudit<T>(
  db: CasefileDb,
  tables: EvidenceTable[],
  at: string,
  work: () => Promise<{ result: T; audit: AuditInput[] }>,
): Promise<T> {
  try {
    return await db.transaction('rw', [db.audit, db.settings, ...tables.map((t) => db.table(t))], async () => {
      const { result, audit } = await work();
      await appendAndMoveHead(db, audit, at);
      return result;
    });
  } catch (error) {
    throw toCasefileError(error);
  }
}

/** Deletes one capture (asked for by the user from an extension page); the audit log keeps its hash. */
export async function deleteCapture(db: CasefileDb, id: string, at: string): Promise<void> {
  await withAudit(db, ['captures'], at, async () => {
    const capture = await db.captures.get(id);
    if (!capture) throw new CasefileError('not-found', `capture ${id}`);
    await db.captures.delete(id);
    return { result: undefined, audit: [{ type: 'deleted', subject: `capture:${id}`, details: { sha256: capture.sha256, url: capture.url } }] };
  });
}

/** Clears every evidence table except the audit log, which records the wipe. */
export async function wipeEvidence(db: CasefileDb, at: string): Promise<Record<string, number>> {
  const cleared = EVIDENCE_TABLES.filter((t) => t !== 'audit');
  return withAudit(db, [...cleared, 'quarantine' as EvidenceTable], at, async () => {
    const counts: Record<string, number> = {};
    for (const name of cleared) {
      counts[name] = await db.table(name).count();
      await db.table(name).clear();
    }
    return { result: counts, audit: [{ type: 'wipe', subject: 'store', details: { counts } }] };
  });
}

export interface AuditStatus extends ChainReport {
  /** The head recorded beside the log, which catches entries cut off its end. */
  headMatches: boolean;
}

/**
 * Checks the audit chain. With `after` (an entry already checked), only the entries since are read
 * and checked against it: the popup does a full check once per background start, then this.
 */
export async function checkAuditLog(db: CasefileDb, after?: { seq: number; hash: string }): Promise<AuditStatus> {
  const entries = after ? await db.audit.where('seq').above(after.seq).sortBy('seq') : await db.audit.orderBy('seq').toArray();
  const report = verifyAuditChain(entries, after);
  if (after) report.count += after.seq;
  const head = (await db.settings.get(AUDIT_HEAD_KEY))?.value as { seq: number; hash: string } | undefined;
  const last = entries[entries.length - 1] ?? (after ? { seq: after.seq, hash: after.hash } : undefined);
  const headMatches = head === undefined ? last === undefined : last !== undefined && head.seq === last.seq && head.hash === last.hash;
  if (!headMatches) {
    report.problems.push({
      seq: head?.seq ?? 0,
      problem: head ? `the log should end at entry ${head.seq} but ends at ${last?.seq ?? 0} (entries removed from its end)` : 'the log has entries but no recorded head',
    });
  }
  return { ...report, ok: report.ok && headMatches, headMatches };
}

const SCHEMAS: Partial<Record<string, z.ZodType>> = {
  captures: R.CaptureRecord,
  contracts: R.ContractRecord,
  contractSnapshots: R.ContractSnapshot,
  contractChanges: R.ContractChange,
  milestones: R.MilestoneRecord,
  rooms: R.RoomRecord,
  messages: R.MessageRecord,
  messageRevisions: R.MessageRevision,
  cases: R.CaseRecord,
  disputeEvents: R.DisputeEvent,
  deadlines: R.DeadlineRecord,
  notes: R.NoteRecord,
  audit: R.AuditEntry,
};

/**
 * Reads rows and validates them. A row that fails is moved, whole and unchanged, to the quarantine
 * with the reason, and the move is audited: evidence is never dropped or reset silently.
 */
export async function readValidated<T>(db: CasefileDb, table: EvidenceTable, rows: unknown[], at: string): Promise<T[]> {
  const schema = SCHEMAS[table];
  if (!schema) return rows as T[];
  const valid: T[] = [];
  const invalid: { row: unknown; reason: string }[] = [];
  for (const row of rows) {
    const parsed = schema.safeParse(row);
    if (parsed.success) valid.push(parsed.data as T);
    else invalid.push({ row, reason: parsed.error.issues.map((i) => `${i.path.join('.') || '(record)'}: ${i.message}`).join('; ') });
  }
  if (invalid.length > 0) {
    const primKey = db.table(table).schema.primKey.keyPath as string;
    await withAudit(db, [table, 'quarantine' as EvidenceTable], at, async () => {
      const audit: AuditInput[] = [];
      for (const { row, reason } of invalid) {
        const key = String((row as Record<string, unknown>)[primKey]);
        await db.quarantine.add({ table, key, reason, record: row, quarantinedAt: at });
        await db.table(table).delete((row as Record<string, unknown>)[primKey] as never);
        audit.push({ type: 'quarantine', subject: `${table}:${key}`, details: { reason } });
      }
      return { result: undefined, audit };
    });
  }
  return valid;
}

export interface StorageInfo {
  usage: number | null;
  quota: number | null;
  persisted: boolean | null;
}

export async function storageInfo(): Promise<StorageInfo> {
  const storage = globalThis.navigator?.storage;
  if (!storage) return { usage: null, quota: null, persisted: null };
  const estimate = await storage.estimate?.().catch(() => undefined);
  const persisted = storage.persisted ? await storage.persisted().catch(() => null) : null;
  return { usage: estimate?.usage ?? null, quota: estimate?.quota ?? null, persisted };
}

/** Asks the browser to keep Casefile's data under storage pressure. Window contexts only. */
export async function requestPersistence(): Promise<boolean | null> {
  const storage = globalThis.navigator?.storage;
  if (!storage?.persist) return null;
  if (await storage.persisted?.()) return true;
  return storage.persist().catch(() => null);
}
