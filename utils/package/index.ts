/**
 * Evidence packages: build one from stored records, and verify one (docs/package-format.md).
 *
 *   const built = await buildPackageBlob(records, { exportedAt, softwareVersion, timeZone, readBlob }, onProgress, signal);
 *   // built.blob → download as built.fileName; show built.ticketText and built.digest;
 *   // append built.auditInputFor(await hashBlob(built.blob)) to the audit log.
 *   // buildPackage(…) does the same with the ZIP in memory: built.bytes, built.auditInput.
 *   const report = await verifyPackage(zipBytes, { expectedDigest });
 *   // report.ok, report.summary, report.problems[], report.files[]
 */
export { buildPackage, buildPackageBlob, DEFAULT_MAX_BYTES } from './build';
export { hashBlob } from './blob-hash';
export { blobRequests, type BlobOutcome, type BlobRequest } from './blob-check';
export { verifyPackage, type PackageReport, type VerifyPackageOptions } from './verify';
export type { BagReport, FileResult, FileStatus, Problem, ProblemCode, VerifyProgress, ZipLimits } from './verify';
export {
  PackageError,
  PackageInputSchema,
  type BlobPacker,
  type BlobReader,
  type BuiltPackage,
  type IntegrityProblem,
  type PackageErrorCode,
  type PackageFile,
  type PackageInput,
  type PackageOptions,
  type PackageProgress,
  type StreamedPackage,
} from './input';
export { FORMAT_ID, PackageIndex, Exhibit, indexJsonSchema, PATHS } from './format';
export { packageFileName, safeSegment, isPortablePath } from './names';
