import { PackageIndex } from './format';
import { summarize, verifyZip, type BagReport, type Problem, type VerifyOptions, type VerifyProgress, type ZipLimits } from './verifier/verify-core.js';

/**
 * verifyPackage: the extension opens a package and checks it with the same code verify.html
 * runs (verifier/verify-core.js), then checks data/index.json against its schema and against the
 * files. Whatever the bytes are (a truncated ZIP, a changed, extra or missing file, a `../` entry,
 * a ZIP bomb, not a ZIP at all) the answer is a report naming each problem, never an exception;
 * only cancelling through `signal` throws (the signal's reason).
 */

export type { BagReport, FileResult, FileStatus, Problem, ProblemCode, VerifyProgress, ZipLimits } from './verifier/verify-core.js';

export interface PackageReport extends BagReport {
  /** data/index.json when it is valid. */
  index: PackageIndex | null;
  /** One sentence: "Verified: …" or "NOT verified: … First: …". */
  summary: string;
}

export interface VerifyPackageOptions {
  /** The digest quoted in the support ticket, if the user has it. */
  expectedDigest?: string;
  onProgress?: (progress: VerifyProgress) => void;
  signal?: AbortSignal;
  limits?: Partial<ZipLimits>;
}

function emptyReport(problem: Problem): BagReport {
  return {
    ok: false,
    problems: [problem],
    notes: [],
    files: [],
    bag: { base: null, packageId: null, exportTime: null, softwareAgent: null, format: null, bagInfo: {} },
    digest: { recorded: null, computed: null, expected: null, matches: false },
    oxum: { recorded: null, computed: null },
    audit: null,
    counts: { ok: 0, changed: 0, missing: 0, unexpected: 0, unreadable: 0, ignored: 0 },
    indexJson: null,
  };
}

/** Checks index.json: its schema, its package id, and each exhibit's hash against the file's. */
function checkIndex(report: BagReport): PackageIndex | null {
  if (report.indexJson === null) return null;
  const problems = report.problems;
  const where = report.bag.base ? `${report.bag.base}/data/index.json` : 'data/index.json';
  let json: unknown;
  try {
    json = JSON.parse(report.indexJson);
  } catch {
    problems.push({ code: 'index', message: 'data/index.json is not valid JSON.', path: where });
    return null;
  }
  const parsed = PackageIndex.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    problems.push({ code: 'index', message: `data/index.json does not follow the package format: ${issue.path.join('.') || '(file)'}: ${issue.message}.`, path: where });
    return null;
  }
  const index = parsed.data;
  if (report.bag.packageId !== null && index.packageId !== report.bag.packageId) {
    problems.push({ code: 'index', message: `data/index.json names package ${index.packageId}, but bag-info.txt names ${report.bag.packageId}.`, path: where });
  }
  const byPath = new Map(report.files.map((f) => [f.path, f]));
  const prefix = report.bag.base ? `${report.bag.base}/` : '';
  for (const exhibit of index.exhibits) {
    const file = byPath.get(prefix + exhibit.path);
    if (!file || file.status === 'unexpected') {
      problems.push({ code: 'index', message: `Exhibit ${exhibit.id} names ${exhibit.path}, which is not among the package's listed files.`, path: where });
    } else if (file.expected !== exhibit.sha256) {
      problems.push({ code: 'index', message: `Exhibit ${exhibit.id} (${exhibit.path}) has a different SHA-256 in data/index.json than in the manifest.`, path: where });
    }
  }
  return index;
}

export async function verifyPackage(zipBytes: Uint8Array | ArrayBuffer, options: VerifyPackageOptions = {}): Promise<PackageReport> {
  const { signal } = options;
  signal?.throwIfAborted();
  let report: BagReport;
  try {
    const bytes = zipBytes instanceof Uint8Array ? zipBytes : new Uint8Array(zipBytes);
    const coreOptions: VerifyOptions = {
      ...(options.expectedDigest ? { expectedDigest: options.expectedDigest } : {}),
      ...(options.limits ? { limits: options.limits } : {}),
      onProgress: (progress) => {
        signal?.throwIfAborted();
        options.onProgress?.(progress);
      },
    };
    report = await verifyZip(bytes, coreOptions);
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    const detail = error instanceof Error ? error.message : String(error);
    report = emptyReport({ code: 'internal', message: `The check could not finish: ${detail}`, path: null });
  }
  const index = checkIndex(report);
  report.ok = report.problems.length === 0;
  return { ...report, index, summary: summarize(report) };
}
