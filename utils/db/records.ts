import { z } from '../zod';

/** Every record kind the evidence store holds, as zod schemas: the one definition of their shape. */

export const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in lowercase hex');
export const IsoUtc = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/, 'an ISO 8601 time in UTC');

/** Money exactly as the page showed it: "500.00" stays a string, never a float. */
export const Money = z.object({ amount: z.string().regex(/^-?\d+(\.\d+)?$/), currency: z.string().min(3).max(3) });
export type Money = z.infer<typeof Money>;

export const PAGE_KINDS = ['message-room', 'messages-list', 'workroom', 'contracts-list', 'transaction-history', 'login', 'challenge', 'other'] as const;
export const PageKind = z.enum(PAGE_KINDS);
export type PageKind = z.infer<typeof PageKind>;

export const ExtractionStatus = z.object({
  /** ok: every expected field found; partial: some; failed: nothing although the page kind expects content. */
  status: z.enum(['ok', 'partial', 'failed', 'not-applicable']),
  detail: z.string().max(2000).optional(),
});
export type ExtractionStatus = z.infer<typeof ExtractionStatus>;

export const BLOB_KIND = z.enum(['screenshot', 'mhtml', 'page-json']);
export type BlobKind = z.infer<typeof BLOB_KIND>;

/** A raw capture of a page: always kept, whatever structured extraction made of it. */
export const CaptureRecord = z.object({
  id: z.string().min(1),
  url: z.string().url(),
  pageKind: PageKind,
  capturedAt: IsoUtc,
  timeZone: z.string().min(1),
  userAgent: z.string(),
  extensionVersion: z.string(),
  title: z.string(),
  html: z.string(),
  text: z.string(),
  htmlSha256: Sha256,
  textSha256: Sha256,
  /** Hash of this record without itself: metadata plus the hashes of its parts. */
  sha256: Sha256,
  extraction: ExtractionStatus,
  contractId: z.string().optional(),
  roomId: z.string().optional(),
  /** Screenshots, MHTML and the page's own JSON responses: SHA-256 keys into the blobs table. */
  blobs: z.array(z.object({ sha256: Sha256, kind: BLOB_KIND, type: z.string(), label: z.string().optional() })).default([]),
  /**
   * 'page' (the default when absent): the whole page. 'fragment': only the conversation items that
   * appeared since the last capture of the same page (incremental capture while scrolling).
   */
  scope: z.enum(['page', 'fragment']).optional(),
});
export type CaptureRecord = z.infer<typeof CaptureRecord>;

export const BlobRecord = z.object({
  sha256: Sha256,
  type: z.string(),
  size: z.number().int().nonnegative(),
  /**
   * The bytes themselves: a Blob for blobs stored since Casefile keeps them so (IndexedDB stores a
   * Blob by reference, and an export reads it once and puts it into the ZIP as it is), a Uint8Array
   * for blobs stored before. Both are valid, and every reader takes both (blobBytes).
   */
  bytes: z.custom<Uint8Array | Blob>((v) => v instanceof Uint8Array || (typeof Blob !== 'undefined' && v instanceof Blob), 'bytes'),
  createdAt: IsoUtc,
  /**
   * The CRC-32 of `bytes` (the ZIP one, unsigned), computed with the SHA-256 when the blob was
   * stored, so an export need not compute it again. Only a cache: the SHA-256 is the evidence, and
   * it does not cover this field. Absent on blobs stored before it was added (the export computes
   * it then); a value that is not an unsigned 32-bit integer is treated as absent.
   */
  crc32: z.number().int().min(0).max(0xffffffff).optional().catch(undefined),
});
export type BlobRecord = z.infer<typeof BlobRecord>;

/**
 * A blob record's bytes, whichever way they are stored: a Uint8Array as it is (not copied), a Blob
 * read once into a buffer of its own (which the caller then owns).
 */
export async function blobBytes(bytes: Uint8Array | Blob): Promise<Uint8Array> {
  return bytes instanceof Uint8Array ? bytes : new Uint8Array(await bytes.arrayBuffer());
}

export const Milestone = z.object({
  id: z.string(),
  sequence: z.number().int().nonnegative().optional(),
  title: z.string(),
  description: z.string().default(''),
  amount: Money.nullable(),
  dueDate: z.string().nullable(),
  status: z.string().nullable(),
  submittedAt: z.string().nullable().default(null),
  approvedAt: z.string().nullable().default(null),
  paidAt: z.string().nullable().default(null),
});
export type Milestone = z.infer<typeof Milestone>;

/** What one visit showed of a contract. */
export const ContractData = z.object({
  id: z.string().min(1),
  title: z.string().nullable(),
  clientName: z.string().nullable(),
  freelancerName: z.string().nullable(),
  type: z.enum(['hourly', 'fixed']).nullable(),
  hourlyRate: Money.nullable(),
  weeklyLimitHours: z.number().nullable(),
  budget: Money.nullable(),
  status: z.string().nullable(),
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  milestones: z.array(Milestone),
});
export type ContractData = z.infer<typeof ContractData>;

export const ContractRecord = ContractData.extend({
  firstCapturedAt: IsoUtc,
  lastCapturedAt: IsoUtc,
  lastSnapshotId: z.string(),
});
export type ContractRecord = z.infer<typeof ContractRecord>;

export const ContractSnapshot = z.object({
  id: z.string(),
  contractId: z.string(),
  captureId: z.string(),
  capturedAt: IsoUtc,
  data: ContractData,
  sha256: Sha256,
});
export type ContractSnapshot = z.infer<typeof ContractSnapshot>;

export const ContractChange = z.object({
  id: z.string(),
  contractId: z.string(),
  kind: z.enum(['milestone-added', 'milestone-removed', 'milestone-changed', 'terms-changed', 'contract-ended', 'status-changed']),
  field: z.string(),
  milestoneId: z.string().optional(),
  before: z.unknown(),
  after: z.unknown(),
  beforeCapturedAt: IsoUtc,
  afterCapturedAt: IsoUtc,
  beforeSnapshotId: z.string(),
  afterSnapshotId: z.string(),
});
export type ContractChange = z.infer<typeof ContractChange>;

export const MilestoneRecord = Milestone.extend({ contractId: z.string(), lastCapturedAt: IsoUtc });
export type MilestoneRecord = z.infer<typeof MilestoneRecord>;

export const Participant = z.object({ name: z.string(), userId: z.string().optional() });

export const RoomRecord = z.object({
  id: z.string().min(1),
  title: z.string().nullable(),
  subtitle: z.string().nullable(),
  contractId: z.string().nullable(),
  participants: z.array(Participant),
  firstCapturedAt: IsoUtc,
  lastCapturedAt: IsoUtc,
  coverage: z
    .object({
      firstMessageId: z.string().nullable(),
      lastMessageId: z.string().nullable(),
      count: z.number().int().nonnegative(),
      startReached: z.boolean(),
      recordedAt: IsoUtc,
    })
    .nullable()
    .default(null),
});
export type RoomRecord = z.infer<typeof RoomRecord>;

export const Attachment = z.object({ name: z.string(), size: z.string().nullable(), url: z.string().nullable() });

export const MessageRecord = z.object({
  id: z.string().min(1),
  roomId: z.string().min(1),
  senderName: z.string().nullable(),
  senderId: z.string().nullable(),
  sentAt: IsoUtc.nullable(),
  sentAtDisplayed: z.string().nullable(),
  /** Set when the page's time could not be read: kept as displayed, never guessed. */
  sentAtUnparsed: z.boolean().default(false),
  /** The text as the page showed it (from the page's data when the message was never rendered). */
  text: z.string(),
  /** Where the message was read: the rendered page, the page's own JSON, or both. */
  source: z.enum(['dom', 'json', 'both']).default('dom'),
  /** The text as the page's JSON carried it (formatting markers kept), when seen there. */
  jsonText: z.string().nullable().default(null),
  attachments: z.array(Attachment),
  kind: z.enum(['message', 'system']),
  edited: z.boolean(),
  deleted: z.boolean(),
  firstSeenAt: IsoUtc,
  lastSeenAt: IsoUtc,
  captureId: z.string(),
  sha256: Sha256,
});
export type MessageRecord = z.infer<typeof MessageRecord>;

export const MessageRevision = z.object({
  id: z.string(),
  messageId: z.string(),
  roomId: z.string(),
  text: z.string(),
  attachments: z.array(Attachment),
  seenAt: IsoUtc,
  captureId: z.string(),
  sha256: Sha256,
});
export type MessageRevision = z.infer<typeof MessageRevision>;

export const CaseRecord = z.object({
  id: z.string(),
  contractId: z.string().nullable(),
  type: z.enum(['billing', 'quality', 'scope-creep', 'other']),
  title: z.string(),
  amountInDispute: Money.nullable(),
  roomIds: z.array(z.string()),
  captureIds: z.array(z.string()),
  createdAt: IsoUtc,
});
export type CaseRecord = z.infer<typeof CaseRecord>;

export const DisputeEvent = z.object({
  id: z.string(),
  contractId: z.string().nullable(),
  caseId: z.string().nullable(),
  type: z.string(),
  occurredAt: IsoUtc,
  source: z.enum(['captured', 'user']),
  captureId: z.string().nullable(),
  note: z.string().default(''),
});
export type DisputeEvent = z.infer<typeof DisputeEvent>;

export const DeadlineRecord = z.object({
  id: z.string(),
  ruleId: z.string(),
  contractId: z.string().nullable(),
  eventId: z.string().nullable(),
  dueAt: IsoUtc,
  status: z.enum(['open', 'done', 'dismissed', 'passed']),
  announced: z.array(z.number()).default([]),
});
export type DeadlineRecord = z.infer<typeof DeadlineRecord>;

export const NoteRecord = z.object({
  id: z.string(),
  caseId: z.string().nullable(),
  contractId: z.string().nullable(),
  text: z.string(),
  createdAt: IsoUtc,
  sha256: Sha256,
});
export type NoteRecord = z.infer<typeof NoteRecord>;

export const SettingRecord = z.object({ key: z.string(), value: z.unknown() });
export type SettingRecord = z.infer<typeof SettingRecord>;

export const AUDIT_TYPES = ['capture', 'edit-detected', 'deletion-detected', 'contract-changed', 'deleted', 'export', 'restore', 'wipe', 'quarantine', 'note'] as const;
export const AuditEntry = z.object({
  seq: z.number().int().positive(),
  at: IsoUtc,
  type: z.enum(AUDIT_TYPES),
  /** What the entry is about, e.g. "capture:<id>". */
  subject: z.string(),
  details: z.record(z.string(), z.unknown()),
  prevHash: Sha256,
  hash: Sha256,
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const QuarantineRecord = z.object({
  id: z.number().int().optional(),
  table: z.string(),
  key: z.string(),
  reason: z.string(),
  record: z.unknown(),
  quarantinedAt: IsoUtc,
});
export type QuarantineRecord = z.infer<typeof QuarantineRecord>;
