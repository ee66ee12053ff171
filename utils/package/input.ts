import { z } from '../zod';
import * as R from '../db/records';
import type { AuditInput } from '../audit';
import type { BlobOutcome, BlobRequest } from './blob-check';

/**
 * What buildPackage takes: plain records as the store holds them (read with readValidated), and
 * the export's own settings. Arrays may come in any order; the package sorts everything itself.
 */
export const PackageInputSchema = z.object({
  /** The case the package is for, when there is one; otherwise the package is about the contract(s). */
  case: R.CaseRecord.nullable().optional(),
  /** Every case, for a backup of the whole store (data/cases.json). */
  cases: z.array(R.CaseRecord).default([]),
  contracts: z.array(R.ContractRecord).default([]),
  contractSnapshots: z.array(R.ContractSnapshot).default([]),
  contractChanges: z.array(R.ContractChange).default([]),
  milestones: z.array(R.MilestoneRecord).default([]),
  rooms: z.array(R.RoomRecord).default([]),
  messages: z.array(R.MessageRecord).default([]),
  messageRevisions: z.array(R.MessageRevision).default([]),
  captures: z.array(R.CaptureRecord).default([]),
  /**
   * The blobs the captures refer to (screenshots, MHTML, page JSON), with their bytes. Leave it
   * empty and pass `readBlob` in the options to have them read one at a time instead.
   */
  blobs: z.array(R.BlobRecord).default([]),
  deadlines: z.array(R.DeadlineRecord).default([]),
  /** Calendar text (RFC 5545) of the deadlines, made by the deadlines module: data/deadlines.ics. */
  deadlinesIcs: z.string().optional(),
  /** Words for deadline rule ids, e.g. { 'fixed.review-autorelease': 'Client review ends…' }. */
  deadlineRules: z.record(z.string(), z.string()).default({}),
  disputeEvents: z.array(R.DisputeEvent).default([]),
  notes: z.array(R.NoteRecord).default([]),
  /** The WHOLE audit log, from entry 1: its chain is checked, and a part of it cannot be. */
  audit: z.array(R.AuditEntry).default([]),
});
export type PackageInput = z.input<typeof PackageInputSchema>;
export type ParsedInput = z.output<typeof PackageInputSchema>;

/**
 * Reads one stored blob by its SHA-256, or undefined when the store lacks it. The record returned
 * becomes the builder's: it frees the record's buffer once the bytes are checked and packed, so
 * return a fresh one each time (as IndexedDB does), never bytes still in use elsewhere.
 */
export type BlobReader = (sha256: string) => Promise<unknown>;

/**
 * Reads, checks and packs stored blobs somewhere else than the calling code (the export page runs
 * blob-check.ts's packBlobs in a worker that reads the store itself), reporting one outcome per
 * request. See blob-check.ts.
 */
export type BlobPacker = (requests: BlobRequest[], onOutcome: (outcome: BlobOutcome) => void, signal?: AbortSignal) => Promise<void>;

export interface PackageOptions {
  /** When the export happens (ISO 8601 UTC): from the caller's clock, so tests can fix it. */
  exportedAt: string;
  /** Casefile's version, e.g. browser.runtime.getManifest().version. */
  softwareVersion: string;
  /** The user's IANA time zone, for local times in the report header. Default UTC. */
  timeZone?: string;
  /** Overrides the package id (default: derived from the content, so equal input gives equal bytes). */
  packageId?: string;
  /**
   * How to recompute the stored hashes of messages, revisions and notes (the modules that write
   * them define it). Kinds without a function are listed as not re-verified in index.json.
   */
  recordHashes?: {
    message?: (m: R.MessageRecord) => string;
    revision?: (r: R.MessageRevision) => string;
    note?: (n: R.NoteRecord) => string;
  };
  /**
   * Where the bytes of the blobs the captures name come from when `input.blobs` does not hold
   * them: read one at a time while the package is made, so a large export never holds them all.
   */
  readBlob?: BlobReader;
  /** Reads, checks and packs those blobs elsewhere (a worker); preferred over `readBlob`. */
  packBlobs?: BlobPacker;
  /** Refuse to build when the files add up to more than this (a ZIP without ZIP64 ends at 4 GiB). */
  maxBytes?: number;
}

export interface PackageProgress {
  /** checking: stored hashes re-verified; writing: files made; compressing: the ZIP; done. */
  phase: 'checking' | 'writing' | 'compressing' | 'done';
  itemsDone: number;
  itemsTotal: number;
  bytesDone: number;
  bytesTotal: number;
}

export interface PackageFile {
  /** Path inside the bag, e.g. data/report.html. */
  path: string;
  sha256: string;
  size: number;
  /** Stored as is (already compressed: PNG, JPEG, ZIP) or deflated (text). */
  compression: 'store' | 'deflate';
}

/** What buildPackageBlob gives: the ZIP as a Blob, streamed together from its files. */
export interface StreamedPackage {
  /** The ZIP (type application/zip). */
  blob: Blob;
  /** Its size in bytes. */
  size: number;
  /** casefile-<contract or case>-<UTC timestamp>.zip */
  fileName: string;
  /** SHA-256 of manifest-sha256.txt: the one value that pins every payload file. */
  digest: string;
  packageId: string;
  /** The text for Upwork's support form, digest included (data/ticket.txt points to it instead). */
  ticketText: string;
  /** The bag's folder inside the ZIP (the file name without .zip). */
  base: string;
  payloadOxum: string;
  files: PackageFile[];
  /**
   * What to append to the audit log once the file is saved (the caller owns the store), given the
   * SHA-256 of the ZIP itself (hashZipBlob).
   */
  auditInputFor(zipSha256: string): AuditInput;
}

/** What buildPackage gives: the same package with the ZIP in memory. */
export interface BuiltPackage extends Omit<StreamedPackage, 'blob' | 'size' | 'auditInputFor'> {
  /** The ZIP. */
  bytes: Uint8Array;
  /** What to append to the audit log once the file is saved (the caller owns the store). */
  auditInput: AuditInput;
}

export interface IntegrityProblem {
  /** The item, e.g. "capture:3f2a…", "blob:ab12…", "contract snapshot:…", "audit entry 12". */
  item: string;
  problem: string;
}

export type PackageErrorCode = 'integrity' | 'invalid-input' | 'too-large' | 'unsafe-name';

/** Why a package was not built. `items` names every record at fault. */
export class PackageError extends Error {
  readonly code: PackageErrorCode;
  readonly items: IntegrityProblem[];
  constructor(code: PackageErrorCode, message: string, items: IntegrityProblem[] = []) {
    super(message);
    this.name = 'PackageError';
    this.code = code;
    this.items = items;
  }
}
