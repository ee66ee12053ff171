import type { CasefileDb } from './db/schema';
import { CaseRecord, NoteRecord, type Money } from './db/records';
import { hashRecord } from './hashing';
import { withAudit } from './store';
import { CasefileError } from './errors';

/**
 * Cases and the user's notes. Every change is written with its audit entry in one transaction;
 * notes are hashed like any other evidence and always marked as the user's own words.
 */
export interface NewCase {
  contractId: string | null;
  type: CaseRecord['type'];
  title: string;
  amountInDispute: Money | null;
  roomIds?: string[];
}

export async function createCase(db: CasefileDb, input: NewCase, id: string, at: string): Promise<CaseRecord> {
  const record = CaseRecord.parse({ id, roomIds: [], captureIds: [], createdAt: at, ...input, title: input.title.trim() || 'Untitled case' });
  await withAudit(db, ['cases'], at, async () => {
    await db.cases.add(record);
    return { result: undefined, audit: [{ type: 'note', subject: `case:${id}`, details: { action: 'case-created', type: record.type, title: record.title, contractId: record.contractId } }] };
  });
  return record;
}

export async function updateCase(db: CasefileDb, id: string, patch: Partial<Pick<CaseRecord, 'roomIds' | 'captureIds' | 'title' | 'amountInDispute'>>, at: string) {
  await withAudit(db, ['cases'], at, async () => {
    const existing = await db.cases.get(id);
    if (!existing) throw new CasefileError('not-found', `case ${id}`);
    await db.cases.put(CaseRecord.parse({ ...existing, ...patch }));
    return { result: undefined, audit: [{ type: 'note', subject: `case:${id}`, details: { action: 'case-updated', fields: Object.keys(patch) } }] };
  });
}

export async function deleteCase(db: CasefileDb, id: string, at: string) {
  await withAudit(db, ['cases', 'notes'], at, async () => {
    const existing = await db.cases.get(id);
    if (!existing) throw new CasefileError('not-found', `case ${id}`);
    // The case goes; its notes stay as evidence (no longer linked), and the audit log keeps the hash.
    await db.notes.where('caseId').equals(id).modify({ caseId: null });
    await db.cases.delete(id);
    return { result: undefined, audit: [{ type: 'deleted', subject: `case:${id}`, details: { sha256: hashRecord(existing), title: existing.title } }] };
  });
}

export async function addNote(db: CasefileDb, input: { caseId: string | null; contractId: string | null; text: string }, id: string, at: string): Promise<NoteRecord> {
  const text = input.text.trim();
  if (!text) throw new CasefileError('invalid-request', 'the note is empty');
  const base = { id, caseId: input.caseId, contractId: input.contractId, text, createdAt: at };
  const note = NoteRecord.parse({ ...base, sha256: hashRecord(base) });
  await withAudit(db, ['notes'], at, async () => {
    await db.notes.add(note);
    return { result: undefined, audit: [{ type: 'note', subject: `note:${id}`, details: { sha256: note.sha256, caseId: note.caseId, author: 'user' } }] };
  });
  return note;
}
