import JSZip from 'jszip';
import type { CasefileDb, EvidenceTable } from '../db/schema';
import * as R from '../db/records';
import { canonicalJson, hashRecord, sha256Bytes } from '../hashing';
import { verifyPackage, type PackageReport } from '../package';
import { messageHash, revisionHash } from '../extract/changes';
import { blobRecord, verifyCapture, withAudit } from '../store';
import { CasefileError } from '../errors';
import { z } from '../zod';

/**
 * Restores a Casefile package (a backup, or any export) into the store. The package is verified
 * first (every file hash, the manifest digest); every record's own hash is re-verified; records
 * are merged by id. A record that is already there unchanged is skipped; one that differs is never
 * overwritten: a message is kept as an earlier version (a revision) of the stored one, anything
 * else is set aside in the quarantine with the reason. One transaction, one audit entry.
 */
export interface RestoreResult {
  added: Record<string, number>;
  unchanged: number;
  conflicts: { table: string; id: string; kept: 'revision' | 'quarantine' }[];
  report: PackageReport;
}

const decoder = new TextDecoder();

const ContractFile = z.object({ contract: R.ContractRecord, snapshots: z.array(R.ContractSnapshot), changes: z.array(R.ContractChange), milestones: z.array(R.MilestoneRecord) });
const MessagesFile = z.object({ room: R.RoomRecord, messages: z.array(R.MessageRecord), revisions: z.array(R.MessageRevision) });
const CaptureFile = z.object({ capture: R.CaptureRecord.omit({ html: true, text: true }), files: z.array(z.object({ name: z.string(), kind: z.string(), sha256: R.Sha256 })) });

type Rows = Partial<Record<EvidenceTable, { id: string; row: Record<string, unknown> }[]>>;

export async function restorePackage(db: CasefileDb, zipBytes: Uint8Array, at: string): Promise<RestoreResult> {
  const report = await verifyPackage(zipBytes);
  if (!report.ok) throw new CasefileError('invalid-request', `the package does not verify, so nothing was restored: ${report.summary}`);
  const zip = await JSZip.loadAsync(zipBytes);
  const base = report.bag.base ?? '';
  const read = async (path: string) => {
    const file = zip.file(`${base}/${path}`);
    return file ? file.async('uint8array') : null;
  };
  const json = async <T>(path: string, schema: z.ZodType<T>): Promise<T | null> => {
    const bytes = await read(path);
    if (!bytes) return null;
    const parsed = schema.safeParse(JSON.parse(decoder.decode(bytes)));
    if (!parsed.success) throw new CasefileError('invalid-request', `${path}: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  };
  const paths = Object.keys(zip.files).filter((p) => !zip.files[p]!.dir).map((p) => p.slice(base.length + 1));
  const rows: Rows = {};
  const push = (table: EvidenceTable, id: string, row: object) => (rows[table] ??= []).push({ id, row: row as Record<string, unknown> });
  const problems: string[] = [];

  for (const path of paths.filter((p) => /^data\/contracts\/[^/]+\.json$/.test(p))) {
    const f = (await json(path, ContractFile))!;
    push('contracts', f.contract.id, f.contract);
    for (const s of f.snapshots) {
      if (hashRecord(s.data) !== s.sha256) problems.push(`contract snapshot ${s.id}`);
      push('contractSnapshots', s.id, s);
    }
    for (const c of f.changes) push('contractChanges', c.id, c);
    for (const m of f.milestones) push('milestones', m.id, m);
  }
  for (const path of paths.filter((p) => /^data\/messages\/[^/]+\.json$/.test(p))) {
    const f = (await json(path, MessagesFile))!;
    push('rooms', f.room.id, f.room);
    for (const m of f.messages) {
      if (messageHash(m) !== m.sha256) problems.push(`message ${m.id}`);
      push('messages', m.id, m);
    }
    for (const r of f.revisions) {
      if (revisionHash(r) !== r.sha256) problems.push(`message revision ${r.id}`);
      push('messageRevisions', r.id, r);
    }
  }
  for (const path of paths.filter((p) => /^data\/captures\/[^/]+\/capture\.json$/.test(p))) {
    const dir = path.slice(0, -'capture.json'.length);
    const f = (await json(path, CaptureFile))!;
    const html = decoder.decode((await read(`${dir}page.html`)) ?? new Uint8Array());
    const text = decoder.decode((await read(`${dir}page.txt`)) ?? new Uint8Array());
    const capture = R.CaptureRecord.parse({ ...f.capture, html, text });
    const wrong = await verifyCapture(capture);
    if (wrong.length > 0) problems.push(`capture ${capture.id}: ${wrong.join(', ')}`);
    push('captures', capture.id, capture);
    for (const file of f.files.filter((x) => !['page-html', 'page-text'].includes(x.kind))) {
      const bytes = await read(`${dir}${file.name}`);
      if (!bytes || (await sha256Bytes(bytes)) !== file.sha256) {
        problems.push(`file ${dir}${file.name}`);
        continue;
      }
      const ref = capture.blobs.find((b) => b.sha256 === file.sha256);
      push('blobs', file.sha256, blobRecord(bytes, file.sha256, ref?.type ?? 'application/octet-stream', capture.capturedAt));
    }
  }
  const list = async <T>(path: string, key: string, schema: z.ZodType<T>) => ((await json(path, z.object({ [key]: z.array(schema) }))) as Record<string, T[]> | null)?.[key] ?? [];
  for (const d of await list('data/deadlines.json', 'deadlines', R.DeadlineRecord)) push('deadlines', d.id, d);
  for (const e of await list('data/events.json', 'events', R.DisputeEvent)) push('disputeEvents', e.id, e);
  for (const n of await list('data/notes.json', 'notes', R.NoteRecord)) {
    const { id, caseId, contractId, text, createdAt } = n;
    if (hashRecord({ id, caseId, contractId, text, createdAt }) !== n.sha256) problems.push(`note ${n.id}`);
    push('notes', n.id, n);
  }
  for (const c of await list('data/cases.json', 'cases', R.CaseRecord)) push('cases', c.id, c);
  const single = await json('data/case.json', z.object({ case: R.CaseRecord }));
  if (single) push('cases', single.case.id, single.case);

  if (problems.length > 0) {
    throw new CasefileError('invalid-request', `records in the package do not match their own hashes, so nothing was restored: ${problems.slice(0, 5).join('; ')}`);
  }

  const tables = Object.keys(rows) as EvidenceTable[];
  return withAudit(db, [...new Set<EvidenceTable>([...tables, 'messageRevisions', 'quarantine' as EvidenceTable])], at, async () => {
    const added: Record<string, number> = {};
    const conflicts: RestoreResult['conflicts'] = [];
    let unchanged = 0;
    for (const table of tables) {
      const incoming = rows[table]!;
      const existing = await db.table(table).bulkGet(incoming.map((r) => r.id));
      const fresh: Record<string, unknown>[] = [];
      for (const [i, { id, row }] of incoming.entries()) {
        const current = existing[i] as Record<string, unknown> | undefined;
        if (!current) {
          fresh.push(row);
          continue;
        }
        if (table === 'blobs' || canonicalJson(stripBytes(current)) === canonicalJson(stripBytes(row))) {
          unchanged += 1;
          continue;
        }
        if (table === 'messages') {
          const m = row as R.MessageRecord;
          const base = { id: `${m.id}@restore:${m.sha256.slice(0, 12)}`, messageId: m.id, roomId: m.roomId, text: m.text, attachments: m.attachments, seenAt: m.lastSeenAt, captureId: m.captureId };
          await db.messageRevisions.put({ ...base, sha256: revisionHash(base) });
          conflicts.push({ table, id, kept: 'revision' });
        } else {
          await db.quarantine.add({ table, key: id, reason: 'restore: a different record with this id is already in the store; the stored one was kept', record: row, quarantinedAt: at });
          conflicts.push({ table, id, kept: 'quarantine' });
        }
      }
      if (fresh.length > 0) await db.table(table).bulkAdd(fresh);
      added[table] = fresh.length;
    }
    return {
      result: { added, unchanged, conflicts, report },
      audit: [{ type: 'restore', subject: `package:${report.bag.packageId ?? 'unknown'}`, details: { digest: report.digest.computed, added, unchanged, conflicts: conflicts.length, auditHeadInPackage: report.audit ? JSON.stringify(report.audit).slice(0, 200) : null } }],
    };
  });
}

function stripBytes(row: Record<string, unknown>): Record<string, unknown> {
  const { bytes: _bytes, ...rest } = row;
  return rest;
}
