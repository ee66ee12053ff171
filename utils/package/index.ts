/**
 * Evidence packages: build one from stored records, and verify one (docs/package-format.md).
 *
 *   const built = await buildPackage(records, { exportedAt, softwareVersion, timeZone }, onProgress, signal);
 *   // built.bytes → download as built.fileName; show built.ticketText and built.digest;
 *   // append built.auditInput to the audit log.
 *   const report = await verifyPackage(zipBytes, { expectedDigest });
 *   // report.ok, report.summary, report.problems[], report.files[]
 */
export { buildPackage, DEFAULT_MAX_BYTES } from './build';
export { verifyPackage, type PackageReport, type VerifyPackageOptions } from './verify';
export type { BagReport, FileResult, FileStatus, Problem, ProblemCode, VerifyProgress, ZipLimits } from './verify';
export {
  PackageError,
  PackageInputSchema,
  type BuiltPackage,
  type IntegrityProblem,
  type PackageErrorCode,
  type PackageFile,
  type PackageInput,
  type PackageOptions,
  type PackageProgress,
} from './input';
export { FORMAT_ID, PackageIndex, Exhibit, indexJsonSchema, PATHS } from './format';
export { packageFileName, safeSegment, isPortablePath } from './names';
