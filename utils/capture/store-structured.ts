import Dexie from 'dexie';
import type { AuditInput } from '../audit';
import type { CasefileDb, EvidenceTable } from '../db/schema';
import type { CaptureRecord, ContractRecord, ContractSnapshot, MessageRecord, RoomRecord } from '../db/records';
import { hashRecord } from '../hashing';
import type { ObservedRoom, Structured } from '../protocol';
import { contractChanges, reconcileMessages } from '../extract/changes';

/**
 * Writes what structured extraction found, inside the capture's own transaction (see
 * writeCapture): rooms and messages with their revisions and deletions, or a contract snapshot and
 * the changes since the previous one. Every edit, deletion and contract change gets an audit entry.
 * Only synchronous hashing happens in here; nothing else is awaited but IndexedDB.
 */
export interface StructuredWrite {
  tables: EvidenceTable[];
  write: (db: CasefileDb) => Promise<AuditInput[]>;
}

export function structuredWrite(capture: CaptureRecord, structured: Structured | undefined, newId: () => string): StructuredWrite | null {
  if (!structured) return null;
  if (structured.type === 'room') {
    return {
      tables: ['rooms', 'messages', 'messageRevisions'],
      write: (db) => writeRoom(db, capture, structured),
    };
  }
  return {
    tables: ['contracts', 'contractSnapshots', 'contractChanges', 'milestones'],
    write: (db) => writeContract(db, capture, structured, newId),
  };
}

function mergeRoom(existing: RoomRecord | undefined, seen: ObservedRoom, at: string): RoomRecord {
  const participants = [...(existing?.participants ?? [])];
  for (const p of seen.participants) {
    const known = participants.find((q) => (p.userId && q.userId === p.userId) || q.name === p.name);
    if (!known) participants.push(p);
    else if (!known.userId && p.userId) known.userId = p.userId;
  }
  return {
    id: seen.id,
    title: seen.title ?? existing?.title ?? null,
    subtitle: seen.subtitle ?? existing?.subtitle ?? null,
    contractId: seen.contractId ?? existing?.contractId ?? null,
    participants,
    firstCapturedAt: existing?.firstCapturedAt ?? at,
    lastCapturedAt: at,
    coverage: existing?.coverage ?? null,
  };
}

async function writeRoom(db: CasefileDb, capture: CaptureRecord, s: Extract<Structured, { type: 'room' }>): Promise<AuditInput[]> {
  const at = capture.capturedAt;
  await db.rooms.put(mergeRoom(await db.rooms.get(s.room.id), s.room, at));
  const stored = await db.messages.where('[roomId+sentAt]').between([s.room.id, Dexie.minKey], [s.room.id, Dexie.maxKey]).toArray();
  // Messages whose time could not be read have no sentAt and are not in that index.
  const unparsed = await db.messages.where('roomId').equals(s.room.id).filter((m) => m.sentAt === null).toArray();
  const result = reconcileMessages({
    stored: [...stored, ...unparsed],
    observed: s.messages.map((m) => ({ ...m, roomId: s.room.id })),
    renderedIds: s.renderedIds,
    captureId: capture.id,
    seenAt: at,
  });
  if (result.upserts.length > 0) await db.messages.bulkPut(result.upserts as MessageRecord[]);
  if (result.revisions.length > 0) await db.messageRevisions.bulkAdd(result.revisions);
  const audit: AuditInput[] = [];
  for (const id of result.editedIds) audit.push({ type: 'edit-detected', subject: `message:${id}`, details: { roomId: s.room.id, captureId: capture.id } });
  for (const id of result.deletedIds) audit.push({ type: 'deletion-detected', subject: `message:${id}`, details: { roomId: s.room.id, captureId: capture.id } });
  return audit;
}

async function writeContract(db: CasefileDb, capture: CaptureRecord, s: Extract<Structured, { type: 'contract' }>, newId: () => string): Promise<AuditInput[]> {
  const at = capture.capturedAt;
  const data = s.contract;
  const existing = await db.contracts.get(data.id);
  const previous = existing ? await db.contractSnapshots.get(existing.lastSnapshotId) : undefined;
  const snapshot: ContractSnapshot = { id: newId(), contractId: data.id, captureId: capture.id, capturedAt: at, data, sha256: hashRecord(data) };
  await db.contractSnapshots.add(snapshot);
  const record: ContractRecord = { ...data, firstCapturedAt: existing?.firstCapturedAt ?? at, lastCapturedAt: at, lastSnapshotId: snapshot.id };
  await db.contracts.put(record);
  await db.milestones.bulkPut(data.milestones.map((m) => ({ ...m, id: `${data.id}:${m.id}`, contractId: data.id, lastCapturedAt: at })));
  const audit: AuditInput[] = [];
  if (previous && previous.sha256 !== snapshot.sha256) {
    const changes = contractChanges(previous, snapshot).map((c) => ({ ...c, id: c.id || newId() }));
    if (changes.length > 0) await db.contractChanges.bulkAdd(changes);
    for (const c of changes) {
      audit.push({ type: 'contract-changed', subject: `contract:${data.id}`, details: { kind: c.kind, field: c.field, milestoneId: c.milestoneId ?? null, before: c.before ?? null, after: c.after ?? null } });
    }
  }
  return audit;
}
