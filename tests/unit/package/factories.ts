import { auditEntryHash } from '@/utils/audit';
import type * as R from '@/utils/db/records';
import { MessageRecord } from '@/utils/db/records';
import { hashRecord, sha256Bytes, ZERO_HASH } from '@/utils/hashing';
import type { PackageInput, PackageOptions } from '@/utils/package';
import type { ParsedInput } from '@/utils/package/input';
import type { CasefileDb } from '@/utils/db/schema';
import { blobRecord, hashCapture, type RawPageInput } from '@/utils/store';

/**
 * Records for package tests: every factory returns a complete, valid record with its hashes
 * right; pass overrides for what the test is about (`createMessage({ text: '…' })`).
 */

export const CONTRACT_ID = '38291045';
export const ROOM_ID = 'room_4f2a9c1b7e3d4a5b8c6d0e1f2a3b4c5d';

export const OPTIONS: PackageOptions = {
  exportedAt: '2026-11-20T15:04:05.000Z',
  softwareVersion: '0.1.0',
  timeZone: 'America/New_York',
};

/** The hash rule these tests use for messages, revisions and notes (passed as recordHashes). */
export const messageHash = (m: R.MessageRecord) => hashRecord({ id: m.id, roomId: m.roomId, text: m.text, attachments: m.attachments, sentAt: m.sentAt });
export const revisionHash = (r: R.MessageRevision) => hashRecord({ messageId: r.messageId, text: r.text, attachments: r.attachments });
export const noteHash = (n: R.NoteRecord) => hashRecord({ id: n.id, text: n.text, createdAt: n.createdAt });
export const RECORD_HASHES = { message: messageHash, revision: revisionHash, note: noteHash };

export function createMilestone(overrides: Partial<R.Milestone> = {}): R.Milestone {
  return {
    id: 'ms-1',
    sequence: 1,
    title: 'Design mockups',
    description: 'Three screens: login, dashboard, settings.',
    amount: { amount: '500.00', currency: 'USD' },
    dueDate: '2026-10-15',
    status: 'Paid',
    submittedAt: '2026-10-10T12:00:00.000Z',
    approvedAt: '2026-10-12T09:30:00.000Z',
    paidAt: '2026-10-12T09:30:00.000Z',
    ...overrides,
  };
}

export function createMilestones(): R.Milestone[] {
  return [
    createMilestone(),
    createMilestone({
      id: 'ms-2',
      sequence: 2,
      title: 'Frontend build',
      description: 'Implement the three screens.',
      amount: { amount: '700.00', currency: 'USD' },
      dueDate: '2026-11-05',
      status: 'Submitted for review',
      submittedAt: '2026-11-02T14:00:00.000Z',
      approvedAt: null,
      paidAt: null,
    }),
    createMilestone({
      id: 'ms-3',
      sequence: 3,
      title: 'Launch support',
      description: '',
      amount: { amount: '300.50', currency: 'USD' },
      dueDate: '2026-12-01',
      status: 'Not funded',
      submittedAt: null,
      approvedAt: null,
      paidAt: null,
    }),
  ];
}

export function createContractData(overrides: Partial<R.ContractData> = {}): R.ContractData {
  return {
    id: CONTRACT_ID,
    title: 'Mobile app redesign',
    clientName: 'Acme Corp',
    freelancerName: 'Dana Freelancer',
    type: 'fixed',
    hourlyRate: null,
    weeklyLimitHours: null,
    budget: { amount: '1500.50', currency: 'USD' },
    status: 'Active',
    startDate: '2026-10-01',
    endDate: null,
    milestones: createMilestones(),
    ...overrides,
  };
}

export function createSnapshot(data: R.ContractData, overrides: Partial<R.ContractSnapshot> = {}): R.ContractSnapshot {
  return { id: 'snap-2', contractId: data.id, captureId: 'cap-2', capturedAt: '2026-11-03T10:00:00.000Z', data, sha256: hashRecord(data), ...overrides };
}

export function createContract(overrides: Partial<R.ContractRecord> = {}): R.ContractRecord {
  return { ...createContractData(), firstCapturedAt: '2026-10-20T10:00:00.000Z', lastCapturedAt: '2026-11-03T10:00:00.000Z', lastSnapshotId: 'snap-2', ...overrides };
}

export function createChange(overrides: Partial<R.ContractChange> = {}): R.ContractChange {
  return {
    id: 'chg-1',
    contractId: CONTRACT_ID,
    kind: 'milestone-changed',
    field: 'amount',
    milestoneId: 'ms-2',
    before: { amount: '900.00', currency: 'USD' },
    after: { amount: '700.00', currency: 'USD' },
    beforeCapturedAt: '2026-10-20T10:00:00.000Z',
    afterCapturedAt: '2026-11-03T10:00:00.000Z',
    beforeSnapshotId: 'snap-1',
    afterSnapshotId: 'snap-2',
    ...overrides,
  };
}

export function createMilestoneRecord(overrides: Partial<R.MilestoneRecord> = {}): R.MilestoneRecord {
  return { ...createMilestone(), id: `${CONTRACT_ID}:ms-1`, contractId: CONTRACT_ID, lastCapturedAt: '2026-11-03T10:00:00.000Z', ...overrides };
}

export function createRoom(overrides: Partial<R.RoomRecord> = {}): R.RoomRecord {
  return {
    id: ROOM_ID,
    title: 'Acme Corp',
    subtitle: 'Mobile app redesign',
    contractId: CONTRACT_ID,
    participants: [{ name: 'Dana Freelancer', userId: 'u-dana' }, { name: 'Carl Client', userId: 'u-carl' }],
    firstCapturedAt: '2026-10-20T10:00:00.000Z',
    lastCapturedAt: '2026-11-03T10:00:00.000Z',
    coverage: { firstMessageId: 'msg-1', lastMessageId: 'msg-4', count: 4, startReached: true, recordedAt: '2026-11-03T10:00:00.000Z' },
    ...overrides,
  };
}

export function createMessage(overrides: Partial<R.MessageRecord> = {}): R.MessageRecord {
  // Parsed through the store's schema, so fields added to it later get their defaults here too.
  const base = MessageRecord.parse({
    sha256: ZERO_HASH,
    id: 'msg-1',
    roomId: ROOM_ID,
    senderName: 'Carl Client',
    senderId: 'u-carl',
    sentAt: '2026-10-21T09:00:00.000Z',
    sentAtDisplayed: 'Oct 21, 5:00 AM',
    sentAtUnparsed: false,
    text: 'Hi Dana, please start on the mockups.',
    attachments: [],
    kind: 'message',
    edited: false,
    deleted: false,
    firstSeenAt: '2026-10-21T10:00:00.000Z',
    lastSeenAt: '2026-11-03T10:00:00.000Z',
    captureId: 'cap-1',
    ...overrides,
  });
  return { ...base, sha256: overrides.sha256 ?? messageHash(base) };
}

export function createRevision(overrides: Partial<R.MessageRevision> = {}): R.MessageRevision {
  const base = {
    id: 'rev-1',
    messageId: 'msg-3',
    roomId: ROOM_ID,
    text: 'The frontend is fine, I will approve tomorrow.',
    attachments: [],
    seenAt: '2026-11-02T16:00:00.000Z',
    captureId: 'cap-1',
    ...overrides,
  };
  return { ...base, sha256: overrides.sha256 ?? revisionHash(base as R.MessageRevision) };
}

export function createMessages(): R.MessageRecord[] {
  return [
    createMessage(),
    createMessage({
      id: 'msg-2',
      senderName: 'Dana Freelancer',
      senderId: 'u-dana',
      sentAt: '2026-11-02T14:05:00.000Z',
      sentAtDisplayed: 'Nov 2, 9:05 AM',
      text: 'Submitted the frontend build. Files attached.',
      attachments: [{ name: 'build.zip', size: '4 MB', url: 'https://www.upwork.com/att/download/1' }],
    }),
    createMessage({
      id: 'msg-3',
      sentAt: '2026-11-02T15:00:00.000Z',
      sentAtDisplayed: 'Nov 2, 10:00 AM',
      text: 'This is not what we agreed. I will not pay for it.',
      edited: true,
    }),
    createMessage({
      id: 'msg-4',
      sentAt: '2026-11-02T15:30:00.000Z',
      sentAtDisplayed: 'Nov 2, 10:30 AM',
      text: 'Also add a payments screen, same price.',
      deleted: true,
    }),
    createMessage({
      id: 'msg-5',
      senderName: null,
      senderId: null,
      kind: 'system',
      sentAt: '2026-11-02T14:00:00.000Z',
      sentAtDisplayed: 'Nov 2, 9:00 AM',
      text: 'Dana submitted work for milestone "Frontend build".',
    }),
  ];
}

export function createRawCapture(overrides: Partial<RawPageInput> = {}): RawPageInput {
  return {
    url: `https://www.upwork.com/ab/messages/rooms/${ROOM_ID}`,
    pageKind: 'message-room',
    title: 'Messages | Upwork',
    html: '<!DOCTYPE html><html><body><p>Hi Dana, please start on the mockups.</p></body></html>',
    text: 'Hi Dana, please start on the mockups.',
    capturedAt: '2026-10-21T10:00:00.000Z',
    timeZone: 'America/New_York',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0.0.0',
    extraction: { status: 'ok' },
    roomId: ROOM_ID,
    ...overrides,
  };
}

/**
 * A blob record as the store makes it (hashBlobs: SHA-256, size and CRC-32). `as` 'bytes' (the
 * default here): its bytes a Uint8Array, as blobs were stored before Casefile kept them as Blobs,
 * which many tests read directly (storedBytes); 'blob': as hashBlobs stores them now.
 */
export async function createBlob(bytes: Uint8Array, type: string, createdAt = '2026-10-21T10:00:00.000Z', as: 'blob' | 'bytes' = 'bytes'): Promise<R.BlobRecord> {
  const record = blobRecord(bytes, await sha256Bytes(bytes), type, createdAt);
  return as === 'bytes' ? { ...record, bytes } : record;
}

/** The bytes of a blob record stored as a Uint8Array (createBlob's default); throws for a Blob. */
export function storedBytes(record: R.BlobRecord): Uint8Array {
  if (!(record.bytes instanceof Uint8Array)) throw new TypeError(`blob ${record.sha256} is stored as a Blob`);
  return record.bytes;
}

/** Bytes that start like a PNG (the package only needs the media type; content is opaque). */
export function pngBytes(size = 4096, seed = 1): Uint8Array {
  const bytes = new Uint8Array(size);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let x = seed;
  for (let i = 8; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes;
}

export async function createCapture(
  id: string,
  overrides: Partial<RawPageInput> = {},
  blobs: { blob: R.BlobRecord; kind: R.BlobKind; label?: string }[] = [],
): Promise<R.CaptureRecord> {
  return hashCapture(
    createRawCapture(overrides),
    id,
    '0.1.0',
    blobs.map((b) => ({ sha256: b.blob.sha256, kind: b.kind, type: b.blob.type, ...(b.label ? { label: b.label } : {}) })),
  );
}

export function createDeadline(overrides: Partial<R.DeadlineRecord> = {}): R.DeadlineRecord {
  return { id: 'dl-1', ruleId: 'fixed.review-autorelease', contractId: CONTRACT_ID, eventId: 'ev-1', dueAt: '2026-11-16T14:00:00.000Z', status: 'open', announced: [], ...overrides };
}

export function createDisputeEvent(overrides: Partial<R.DisputeEvent> = {}): R.DisputeEvent {
  return { id: 'ev-1', contractId: CONTRACT_ID, caseId: 'case-1', type: 'Work submitted', occurredAt: '2026-11-02T14:00:00.000Z', source: 'captured', captureId: 'cap-2', note: '', ...overrides };
}

export function createNote(overrides: Partial<R.NoteRecord> = {}): R.NoteRecord {
  const base = { id: 'note-1', caseId: 'case-1', contractId: CONTRACT_ID, text: 'Client asked for extra screen by chat on Nov 2.', createdAt: '2026-11-04T08:00:00.000Z', ...overrides };
  return { ...base, sha256: overrides.sha256 ?? noteHash(base as R.NoteRecord) };
}

export function createCase(overrides: Partial<R.CaseRecord> = {}): R.CaseRecord {
  return {
    id: 'case-1',
    contractId: CONTRACT_ID,
    type: 'billing',
    title: 'Unpaid frontend milestone',
    amountInDispute: { amount: '700.00', currency: 'USD' },
    roomIds: [ROOM_ID],
    captureIds: ['cap-1', 'cap-2'],
    createdAt: '2026-11-04T08:00:00.000Z',
    ...overrides,
  };
}

/** A valid audit chain: one entry per input, in order, from entry 1. */
export function createAuditLog(inputs: { type: R.AuditEntry['type']; subject: string; details?: Record<string, unknown>; at?: string }[]): R.AuditEntry[] {
  let prevHash = ZERO_HASH;
  return inputs.map((input, i) => {
    const partial = { seq: i + 1, at: input.at ?? '2026-11-03T10:00:00.000Z', type: input.type, subject: input.subject, details: input.details ?? {}, prevHash };
    const entry = { ...partial, hash: auditEntryHash(partial) };
    prevHash = entry.hash;
    return entry;
  });
}

export const ICS = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Casefile//Deadlines//EN\r\nEND:VCALENDAR\r\n';

/** A whole case: a fixed-price contract with a changed milestone, one conversation, two captures. */
/** A package input whose record lists are the store's own types (complete records). */
export type TestPackageInput = PackageInput & { captures: R.CaptureRecord[]; blobs: R.BlobRecord[]; messages: R.MessageRecord[]; audit: R.AuditEntry[] };

export async function createPackageInput(overrides: Partial<PackageInput> = {}): Promise<TestPackageInput> {
  const screenshot = await createBlob(pngBytes(8192), 'image/png');
  const mhtml = await createBlob(new TextEncoder().encode('MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b"\r\n\r\n--b--\r\n'), 'multipart/related');
  const pageJson = await createBlob(new TextEncoder().encode('{"stories":[]}'), 'application/json');
  const cap1 = await createCapture('cap-1', {}, [{ blob: screenshot, kind: 'screenshot', label: 'conversation, top' }, { blob: pageJson, kind: 'page-json' }]);
  const cap2 = await createCapture(
    'cap-2',
    {
      url: `https://www.upwork.com/ab/workroom/${CONTRACT_ID}`,
      pageKind: 'workroom',
      title: 'Mobile app redesign | Upwork',
      html: '<!DOCTYPE html><html><body><h1>Mobile app redesign</h1></body></html>',
      text: 'Mobile app redesign',
      capturedAt: '2026-11-03T10:00:00.000Z',
      roomId: undefined,
      contractId: CONTRACT_ID,
    },
    [{ blob: mhtml, kind: 'mhtml' }],
  );
  const data = createContractData();
  const oldData = createContractData({ milestones: createMilestones().map((m) => (m.id === 'ms-2' ? { ...m, amount: { amount: '900.00', currency: 'USD' } } : m)) });
  const captures = [cap1, cap2];
  const audit = createAuditLog([
    { type: 'capture', subject: 'capture:cap-1', details: { sha256: cap1.sha256 }, at: cap1.capturedAt },
    { type: 'capture', subject: 'capture:cap-2', details: { sha256: cap2.sha256 }, at: cap2.capturedAt },
    { type: 'contract-changed', subject: `contract:${CONTRACT_ID}`, details: { kind: 'milestone-changed', field: 'amount', before: '900.00', after: '700.00' }, at: cap2.capturedAt },
    { type: 'edit-detected', subject: 'message:msg-3', details: { roomId: ROOM_ID } },
  ]);
  return {
    case: createCase(),
    contracts: [createContract()],
    contractSnapshots: [
      createSnapshot(oldData, { id: 'snap-1', captureId: 'cap-1', capturedAt: '2026-10-20T10:00:00.000Z' }),
      createSnapshot(data, { id: 'snap-2', captureId: 'cap-2', capturedAt: '2026-11-03T10:00:00.000Z' }),
    ],
    contractChanges: [createChange()],
    milestones: [createMilestoneRecord()],
    rooms: [createRoom()],
    messages: createMessages(),
    messageRevisions: [createRevision()],
    captures,
    blobs: [screenshot, mhtml, pageJson],
    deadlines: [createDeadline(), createDeadline({ id: 'dl-2', ruleId: 'mediation-assistance', dueAt: '2026-11-11T09:30:00.000Z', status: 'passed' })],
    deadlinesIcs: ICS,
    deadlineRules: { 'fixed.review-autorelease': 'Client review period ends; funds release automatically' },
    disputeEvents: [createDisputeEvent()],
    notes: [createNote()],
    audit,
    ...overrides,
  } as TestPackageInput;
}

/** Puts complete package records (PackageInputSchema-parsed) into a store, as Casefile keeps them. */
export async function storePackageRecords(db: CasefileDb, records: ParsedInput): Promise<void> {
  const tables = ['contracts', 'contractSnapshots', 'contractChanges', 'milestones', 'rooms', 'messages', 'messageRevisions', 'captures', 'blobs', 'deadlines', 'disputeEvents', 'notes', 'audit'] as const;
  await db.transaction('rw', db.tables, async () => {
    if (records.case) await db.cases.bulkPut([records.case]);
    for (const table of tables) await db.table(table).bulkPut(records[table] as unknown[]);
  });
}
