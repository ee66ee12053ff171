import { detectPage } from '../page-kinds';
import Dexie, { type DexieOptions, type EntityTable, type Transaction } from 'dexie';
import type {
  AuditEntry,
  BlobRecord,
  CaptureRecord,
  CaseRecord,
  ContractChange,
  ContractRecord,
  ContractSnapshot,
  DeadlineRecord,
  DisputeEvent,
  MessageRecord,
  MessageRevision,
  MilestoneRecord,
  NoteRecord,
  QuarantineRecord,
  RoomRecord,
  SettingRecord,
} from './records';

export const DB_NAME = 'casefile';

/**
 * Numbered schema versions. Each version after the first names its upgrade; each upgrade has a
 * fixture of the version before it in tests/fixtures/schema/v<N-1>.json and a test of the upgrade
 * (a meta-test fails when one is missing). An upgrade that throws aborts IndexedDB's versionchange
 * transaction, so the database stays at the old version with every record intact, and openStore()
 * reports it; no version is ever skipped.
 */
export interface SchemaVersion {
  version: number;
  stores: Record<string, string | null>;
  /** What changed, in words, for the changelog and the upgrade test. */
  summary: string;
  upgrade?: (tx: Transaction) => Promise<void>;
}

const V1_STORES = {
  captures: 'id, url, pageKind, capturedAt',
  audit: 'seq, type, at',
  settings: 'key',
};

export const SCHEMA_VERSIONS: SchemaVersion[] = [
  {
    version: 1,
    stores: V1_STORES,
    summary: 'Raw captures, the audit chain and settings.',
  },
  {
    version: 2,
    stores: {
      ...V1_STORES,
      captures: 'id, url, pageKind, capturedAt, contractId, roomId',
      audit: 'seq, type, at, subject',
      contracts: 'id, lastCapturedAt',
      contractSnapshots: 'id, contractId, [contractId+capturedAt], captureId',
      contractChanges: 'id, contractId, [contractId+afterCapturedAt]',
      milestones: 'id, contractId',
      rooms: 'id, contractId, lastCapturedAt',
      messages: 'id, roomId, [roomId+sentAt], sentAt, senderName, captureId',
      messageRevisions: 'id, messageId, roomId, [messageId+seenAt]',
      blobs: 'sha256',
      cases: 'id, contractId, createdAt',
      disputeEvents: 'id, contractId, caseId, occurredAt',
      deadlines: 'id, contractId, dueAt, status, eventId',
      notes: 'id, caseId, contractId, createdAt',
      quarantine: '++id, table, quarantinedAt',
    },
    summary:
      'Structured evidence (contracts, snapshots, changes, milestones, rooms, messages and revisions, blobs, cases, events, deadlines, notes, quarantine). Captures gain `roomId`/`contractId`, filled from their URL.',
    upgrade: async (tx) => {
      // roomId and contractId are derived from the (hashed) URL, so filling them changes no hash.
      await tx
        .table('captures')
        .toCollection()
        .modify((capture: Record<string, unknown>) => {
          const page = detectPage(String(capture.url));
          if (page.roomId && capture.roomId === undefined) capture.roomId = page.roomId;
          if (page.contractId && capture.contractId === undefined) capture.contractId = page.contractId;
        });
    },
  },
  {
    version: 3,
    stores: {
      messages: 'id, roomId, [roomId+sentAt]',
    },
    summary:
      'Messages drop three indexes nothing reads (sentAt alone, senderName, captureId): every index is written with each message, and a first visit to a room of thousands of messages spent a third of its store time on them.',
  },
];

export const CURRENT_SCHEMA_VERSION = SCHEMA_VERSIONS[SCHEMA_VERSIONS.length - 1]!.version;

export class CasefileDb extends Dexie {
  captures!: EntityTable<CaptureRecord, 'id'>;
  audit!: EntityTable<AuditEntry, 'seq'>;
  settings!: EntityTable<SettingRecord, 'key'>;
  contracts!: EntityTable<ContractRecord, 'id'>;
  contractSnapshots!: EntityTable<ContractSnapshot, 'id'>;
  contractChanges!: EntityTable<ContractChange, 'id'>;
  milestones!: EntityTable<MilestoneRecord, 'id'>;
  rooms!: EntityTable<RoomRecord, 'id'>;
  messages!: EntityTable<MessageRecord, 'id'>;
  messageRevisions!: EntityTable<MessageRevision, 'id'>;
  blobs!: EntityTable<BlobRecord, 'sha256'>;
  cases!: EntityTable<CaseRecord, 'id'>;
  disputeEvents!: EntityTable<DisputeEvent, 'id'>;
  deadlines!: EntityTable<DeadlineRecord, 'id'>;
  notes!: EntityTable<NoteRecord, 'id'>;
  quarantine!: EntityTable<QuarantineRecord, 'id'>;

  constructor(name = DB_NAME, options?: DexieOptions, versions: SchemaVersion[] = SCHEMA_VERSIONS) {
    super(name, options);
    for (const v of versions) {
      const declared = this.version(v.version).stores(v.stores);
      if (v.upgrade) declared.upgrade(v.upgrade);
    }
  }
}

/** Tables whose rows are evidence (never reset, quarantined when invalid). */
export const EVIDENCE_TABLES = [
  'captures',
  'contracts',
  'contractSnapshots',
  'contractChanges',
  'milestones',
  'rooms',
  'messages',
  'messageRevisions',
  'blobs',
  'cases',
  'disputeEvents',
  'deadlines',
  'notes',
  'audit',
] as const;
export type EvidenceTable = (typeof EVIDENCE_TABLES)[number];
