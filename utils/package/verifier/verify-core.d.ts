/** Types of verify-core.js (plain JavaScript so it can be copied into verify.html as it is). */

export interface ZipLimits {
  maxEntries: number;
  maxEntryBytes: number;
  maxTotalBytes: number;
}
export const LIMITS: ZipLimits;
export const ZERO_HASH: string;

export type ProblemCode =
  | 'truncated'
  | 'damaged'
  | 'unsupported'
  | 'too-many-entries'
  | 'too-large'
  | 'unsafe-name'
  | 'duplicate-name'
  | 'unreadable'
  | 'not-a-bag'
  | 'bad-bagit'
  | 'missing-manifest'
  | 'bad-manifest'
  | 'digest'
  | 'missing'
  | 'changed'
  | 'unexpected'
  | 'oxum'
  | 'audit'
  // Added by the extension's verifyPackage (utils/package/verify.ts):
  | 'index'
  | 'internal';

export interface Problem {
  code: ProblemCode;
  message: string;
  /** The entry or file the problem is about, when there is one. */
  path: string | null;
}

export interface BagFile {
  size: number;
  read(): Promise<Uint8Array>;
}

export type FileStatus = 'ok' | 'changed' | 'missing' | 'unexpected' | 'unreadable' | 'ignored';
export interface FileResult {
  path: string;
  status: FileStatus;
  expected: string | null;
  actual: string | null;
  size: number | null;
}

export interface AuditCheck {
  ok: boolean;
  count: number;
  headHash: string;
  problems: { seq: number | null; problem: string }[];
}

export interface VerifyProgress {
  done: number;
  total: number;
  bytesDone: number;
  bytesTotal: number;
  path: string | null;
}

export interface BagReport {
  ok: boolean;
  problems: Problem[];
  /** Things worth knowing that are not problems (an empty audit log, ignored system files). */
  notes: string[];
  files: FileResult[];
  bag: {
    base: string | null;
    packageId: string | null;
    exportTime: string | null;
    softwareAgent: string | null;
    format: string | null;
    bagInfo: Record<string, string>;
  };
  digest: { recorded: string | null; computed: string | null; expected: string | null; matches: boolean };
  oxum: { recorded: string | null; computed: string | null };
  audit: AuditCheck | null;
  counts: Record<FileStatus, number>;
  /** data/index.json as text, for checks made elsewhere (its schema). */
  indexJson: string | null;
}

export interface VerifyOptions {
  onProgress?: (progress: VerifyProgress) => void;
  /** The digest quoted in a support ticket, to compare with the one computed. */
  expectedDigest?: string;
  problems?: Problem[];
  limits?: Partial<ZipLimits>;
}

export function sha256Hex(bytes: Uint8Array): Promise<string>;
export function crc32(bytes: Uint8Array): number;
export function canonicalJson(value: unknown): string;
export function unsafeNameReason(name: string): string | null;
export function openZip(bytes: Uint8Array, limits?: Partial<ZipLimits>): { files: Map<string, BagFile>; problems: Problem[] };
export function parseManifest(text: string, name: string): { entries: Map<string, string>; problems: Problem[] };
export function parseBagInfo(text: string): Record<string, string>;
export function auditEntryHash(entry: { seq: number; at: string; type: string; subject: string; details: unknown; prevHash: string }): Promise<string>;
export function checkAuditLog(text: string): Promise<AuditCheck>;
export function verifyBag(files: Map<string, BagFile>, options?: VerifyOptions): Promise<BagReport>;
export function verifyZip(bytes: Uint8Array, options?: VerifyOptions): Promise<BagReport>;
export function summarize(report: BagReport): string;
