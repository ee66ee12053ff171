import { sha256Bytes, sha256Text } from '../hashing';
import { yieldToPage } from '../slices';
import type { AuditInput } from '../audit';
import { IsoUtc } from '../db/records';
import { FORMAT_ID, PackageIndex, PATHS, SOFTWARE_NAME, TAG, type Exhibit } from './format';
import { makeCaptureFiles, makeRecordFiles, type MadeFile } from './files';
import { checkBlobs, checkRecords, integrityItemCount, integrityProblems } from './integrity';
import { PackageError, PackageInputSchema, type BuiltPackage, type PackageFile, type PackageInput, type PackageOptions, type PackageProgress, type StreamedPackage } from './input';
import { buildModel, sortInput, unreadBlobInfo, type PackageModel } from './model';
import { isPortablePath, packageFileName } from './names';
import { renderReport, renderReportParts } from './report';
import { DIGEST_PLACEHOLDER, renderTicket } from './ticket';
import { formatSize, oneLine, stableJson } from './text';
import { verifyHtml } from './verify-html';
import { assembleZip, methodFor, packData, ZIP_MAX_BYTES, ZIP_MAX_ENTRIES, type PackedData, type ZipEntry } from './zip';

/**
 * buildPackage: records in, an evidence package (a BagIt 1.0 bag in a ZIP) out.
 *
 *  1. check the input's shape and re-verify every stored hash against the stored bytes (a
 *     mismatch stops here, naming the item). The stored blobs (screenshots, MHTML, page JSON) are
 *     read one at a time, checked, and packed for the ZIP (CRC-32, DEFLATE unless already
 *     compressed, handed to the browser's blob store) as they are read;
 *  2. make the payload files (data/…) from the records, in a fixed order;
 *  3. derive the package id from them, then write index.json, report.html and ticket.txt;
 *  4. write manifest-sha256.txt, its digest into bag-info.txt, verify.html, tagmanifest-sha256.txt;
 *  5. pack the files made here and put everything in order into one ZIP Blob, deterministically.
 * The same records and options always give the same bytes. The page holds the records, the files
 * made from them and the blob being packed, never the whole archive.
 */

const encoder = new TextEncoder();

/**
 * A performance mark ("casefile-package:<step>") as each step ends, for `npm run bench:export` to
 * show where the time goes; nothing else reads them.
 */
function mark(step: string): void {
  globalThis.performance?.mark?.(`casefile-package:${step}`);
}

export const DEFAULT_MAX_BYTES = 1536 * 1024 * 1024;

/** A UUID (version 8: "custom") from the first 16 bytes of a SHA-256, so equal content gives an equal id. */
function uuidFromHash(hex: string): string {
  const b = hex.slice(0, 32).split('');
  b[12] = '8';
  b[16] = ((parseInt(b[16]!, 16) & 0x3) | 0x8).toString(16);
  const s = b.join('');
  return `urn:uuid:${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`;
}

function invalid(message: string): PackageError {
  return new PackageError('invalid-input', message);
}

function checkOptions(options: PackageOptions): Required<Pick<PackageOptions, 'exportedAt' | 'softwareVersion' | 'timeZone'>> {
  if (!IsoUtc.safeParse(options.exportedAt).success) throw invalid(`exportedAt must be an ISO 8601 time in UTC, not "${options.exportedAt}".`);
  if (!/^[0-9A-Za-z.+-]{1,40}$/.test(options.softwareVersion)) throw invalid(`softwareVersion "${options.softwareVersion}" is not a version number.`);
  // The id goes into bag-info.txt as one tag line: printable ASCII, no spaces or line breaks.
  if (options.packageId !== undefined && !/^[\x21-\x7e]{1,200}$/.test(options.packageId)) throw invalid('packageId must be 1–200 printable ASCII characters without spaces.');
  const timeZone = options.timeZone ?? 'UTC';
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
  } catch {
    throw invalid(`"${timeZone}" is not a time zone this browser knows.`);
  }
  return { exportedAt: options.exportedAt, softwareVersion: options.softwareVersion, timeZone };
}

/** "<sha256>  <path>\n" per file, sorted by path (RFC 8493 §2.1.3). */
function manifestText(files: readonly PackageFile[]): string {
  return files.map((f) => `${f.sha256}  ${f.path}\n`).join('');
}

function makeIndex(model: PackageModel, packageId: string, documents: MadeFile[], capturesMeta: Map<string, { path: string; sha256: string; size: number }>): string {
  const { input } = model;
  const exhibits: Exhibit[] = [];
  for (const x of model.exhibits) {
    const meta = capturesMeta.get(x.capture.id)!;
    exhibits.push({ id: x.id, path: meta.path, kind: 'capture-metadata', captureId: x.capture.id, capturedAt: x.capture.capturedAt, url: x.capture.url, pageKind: x.capture.pageKind, mediaType: 'application/json', size: meta.size, sha256: meta.sha256 });
    exhibits.push(...x.files.map(({ bytes: _bytes, href: _href, ...exhibit }) => exhibit));
  }
  const index: PackageIndex = {
    format: FORMAT_ID,
    packageId,
    exportedAt: model.exportedAt,
    software: { name: SOFTWARE_NAME, version: model.softwareVersion },
    subject: { kind: model.subject.kind, id: model.subject.id, title: model.subject.title },
    contracts: input.contracts.map((c) => ({ id: c.id, title: c.title, path: model.contractPath.get(c.id)! })),
    rooms: model.rooms.map((r) => ({ id: r.id, title: r.room?.title ?? null, contractId: r.room?.contractId ?? null, messages: r.messages.length, revisions: r.revisions.length, json: r.json, csv: r.csv, html: r.html })),
    exhibits,
    documents: [
      { path: PATHS.report, description: 'The report: stake, key dates, terms, chronology, transcript, exhibits, and what the hashes prove' },
      { path: PATHS.ticket, description: 'Text for Upwork\u2019s support form' },
      ...documents.filter((d) => d.description !== null).map((d) => ({ path: d.path, description: d.description! })),
    ].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    counts: {
      captures: input.captures.length,
      messages: input.messages.length,
      revisions: input.messageRevisions.length,
      contractSnapshots: input.contractSnapshots.length,
      contractChanges: input.contractChanges.length,
      deadlines: input.deadlines.length,
      disputeEvents: input.disputeEvents.length,
      notes: input.notes.length,
      auditEntries: input.audit.length,
    },
    integrity: { verified: model.verified, notVerified: model.notVerified },
  };
  return stableJson(PackageIndex.parse(index));
}


interface HashedFile {
  path: string;
  sha256: string;
  size: number;
  /** The bytes made here, or null for a stored blob (already packed). */
  bytes: Uint8Array | null;
}

/**
 * Builds an evidence package as a Blob, streaming: stored blobs are read one at a time (from
 * `input.blobs`, or through `options.readBlob`), checked and packed, and let go. Throws
 * PackageError (invalid-input, integrity, too-large, unsafe-name) naming what is wrong, or the
 * signal's reason when aborted.
 */
export async function buildPackageBlob(
  input: PackageInput,
  options: PackageOptions,
  onProgress: (progress: PackageProgress) => void = () => {},
  signal?: AbortSignal,
): Promise<StreamedPackage> {
  signal?.throwIfAborted();
  const settings = checkOptions(options);
  const parsed = PackageInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalid(`The records given are not valid: ${issue.path.join('.') || '(input)'}: ${issue.message}`);
  }
  const sorted = sortInput(parsed.data);
  if (!sorted.case && sorted.contracts.length === 0 && sorted.rooms.length === 0 && sorted.messages.length === 0) {
    throw invalid('There is nothing to package: no case, contract or conversation was given.');
  }

  // 1. Every stored hash, again, before anything is written. The stored blobs are read, checked
  // and packed (in a worker when options.packBlobs runs one) while this thread checks the records
  // and makes and packs the files that do not depend on the blobs.
  const counts = integrityItemCount(sorted, options.recordHashes);
  const itemsTotal = counts.records + counts.blobs;
  // Blob sizes are known only once read: the byte total grows as they are.
  let bytesTotal = sorted.captures.reduce((n, c) => n + c.html.length + c.text.length, 0);
  let itemsDone = 0;
  let bytesDone = 0;
  let blobsPending = counts.blobs;
  onProgress({ phase: 'checking', itemsDone, itemsTotal, bytesDone, bytesTotal });
  const onItem = (bytes: number) => {
    itemsDone += 1;
    bytesDone += bytes;
    bytesTotal = Math.max(bytesTotal, bytesDone);
    if (bytes > 0 || itemsDone % 50 === 0 || itemsDone === itemsTotal) onProgress({ phase: 'checking', itemsDone, itemsTotal, bytesDone, bytesTotal });
  };
  const blobPass = checkBlobs(
    sorted,
    options,
    (bytes) => {
      blobsPending -= 1;
      onItem(bytes);
    },
    signal,
  );
  blobPass.catch(() => {}); // awaited below, after the work done meanwhile (which may throw first)

  mark('started');
  const records = await checkRecords(sorted, options.recordHashes, onItem, signal);
  mark('records-checked');
  const modelSettings = { ...settings, verified: records.verified, notVerified: records.notVerified };
  // The model as it will be once the blobs are read, but for their sizes and types: every capture
  // has all its files (the package is made only when every blob is found).
  const early = buildModel(sorted, modelSettings, unreadBlobInfo(sorted.captures));
  const fileName = packageFileName(early.subject, settings.exportedAt);
  const base = fileName.replace(/\.zip$/, '');
  const hashed = new Map<string, HashedFile>();
  const prepacked = new Map<string, PackedData>();
  const recordFiles = makeRecordFiles(early);
  let lastYield = Date.now();
  for (const f of recordFiles) {
    signal?.throwIfAborted();
    if (hashed.has(f.path)) throw new PackageError('unsafe-name', `Two files would share the name ${f.path}.`);
    hashed.set(f.path, { path: f.path, sha256: await sha256Bytes(f.bytes!), size: f.bytes!.byteLength, bytes: f.bytes });
    // Packed now only while the blobs are still being read: otherwise nothing is gained.
    if (blobsPending > 0) prepacked.set(f.path, await packData(f.bytes!, methodFor(f.path)));
    if (Date.now() - lastYield > 30) {
      await yieldToPage();
      lastYield = Date.now();
    }
  }

  mark('record-files-made');
  const reportParts = renderReportParts(early);
  mark('report-parts-made');
  await yieldToPage();

  const checked = await blobPass;
  mark('blobs-checked');
  const problems = integrityProblems(records, checked);
  if (problems.length > 0) {
    const list = problems.map((p) => `${p.item}: ${p.problem}`);
    throw new PackageError(
      'integrity',
      `Export stopped: ${list.length === 1 ? 'a stored item no longer matches' : `${list.length} stored items no longer match`} the hash recorded when it was captured. ${list.slice(0, 5).join('; ')}${list.length > 5 ? `; and ${list.length - 5} more` : ''}.`,
      problems,
    );
  }
  signal?.throwIfAborted();

  // 2. The captures' files, now that the blobs' sizes and types are known.
  const model = buildModel(sorted, modelSettings, checked.blobs);
  const captureFiles = makeCaptureFiles(model);
  const made = [...recordFiles, ...captureFiles];
  onProgress({ phase: 'writing', itemsDone: made.length, itemsTotal: made.length + 3, bytesDone: 0, bytesTotal: 0 });
  signal?.throwIfAborted();

  for (const f of captureFiles) {
    if (hashed.has(f.path)) throw new PackageError('unsafe-name', `Two files would share the name ${f.path}.`);
    // A stored blob's hash was just checked against its bytes; files made here are hashed now.
    if (f.bytes) hashed.set(f.path, { path: f.path, sha256: await sha256Bytes(f.bytes), size: f.bytes.byteLength, bytes: f.bytes });
    else hashed.set(f.path, { path: f.path, sha256: f.blob!.sha256, size: f.blob!.size, bytes: null });
  }

  mark('capture-files-made');
  // 3. The package id: from the content (or given), then the files that name it.
  const contentLines = [...hashed.values()].sort((a, b) => (a.path < b.path ? -1 : 1)).map((f) => `${f.sha256}  ${f.path}`);
  const packageId = options.packageId ?? uuidFromHash(sha256Text(`${FORMAT_ID}\n${settings.exportedAt}\n${settings.softwareVersion}\n${contentLines.join('\n')}`));
  const capturesMeta = new Map(model.exhibits.map((x) => [x.capture.id, hashed.get(`data/${x.dir}/capture.json`)!]));
  const ticketInfo = { packageId, fileName };
  const late: [string, string][] = [
    [PATHS.index, makeIndex(model, packageId, made, capturesMeta)],
    [PATHS.report, renderReport(model, packageId, reportParts)],
    [PATHS.ticket, renderTicket(model, { ...ticketInfo, digest: null })],
  ];
  for (const [path, content] of late) {
    const bytes = encoder.encode(content);
    hashed.set(path, { path, sha256: await sha256Bytes(bytes), size: bytes.byteLength, bytes });
  }
  signal?.throwIfAborted();

  mark('payload-made');
  // 4. Manifest, digest, tag files.
  const payload = [...hashed.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const payloadBytes = payload.reduce((n, f) => n + f.size, 0);
  const maxBytes = Math.min(options.maxBytes ?? DEFAULT_MAX_BYTES, ZIP_MAX_BYTES);
  if (payloadBytes > maxBytes || payload.length + 5 > ZIP_MAX_ENTRIES) {
    const biggest = [...payload].sort((a, b) => b.size - a.size).slice(0, 3);
    throw new PackageError(
      'too-large',
      payloadBytes > maxBytes
        ? `The package would hold ${formatSize(payloadBytes)}, more than the ${formatSize(maxBytes)} a browser can write in one ZIP. Largest files: ${biggest.map((f) => `${f.path} (${formatSize(f.size)})`).join(', ')}. Export fewer captures at a time.`
        : `The package would hold ${payload.length} files, more than one ZIP can list (${ZIP_MAX_ENTRIES}). Export fewer captures at a time.`,
      biggest.map((f) => ({ item: f.path, problem: formatSize(f.size) })),
    );
  }
  const payloadFiles: PackageFile[] = payload.map((f) => ({ path: f.path, sha256: f.sha256, size: f.size, compression: methodFor(f.path) === 0 ? 'store' : 'deflate' }));
  const manifest = encoder.encode(manifestText(payloadFiles));
  const digest = await sha256Bytes(manifest);
  const payloadOxum = `${payloadBytes}.${payload.length}`;
  const subjectTitle = model.subject.title ?? `${model.subject.kind} ${model.subject.id}`;
  const bagInfo = [
    `Bag-Software-Agent: ${SOFTWARE_NAME} ${settings.softwareVersion}`,
    `Bagging-Date: ${settings.exportedAt.slice(0, 10)}`,
    `Bag-Size: ${formatSize(payloadBytes)}`,
    `External-Description: Evidence package for ${model.subject.kind} "${oneLine(subjectTitle, 160)}", recorded from Upwork by the freelancer with ${SOFTWARE_NAME}`,
    `External-Identifier: ${packageId}`,
    `Payload-Oxum: ${payloadOxum}`,
    `${TAG.exportTime}: ${settings.exportedAt.replace(/\.\d+Z$/, 'Z')}`,
    `${TAG.format}: ${FORMAT_ID}`,
    `${TAG.digest}: ${digest}`,
  ]
    .map((line) => `${line}\n`)
    .join('');
  const tagFiles: [string, Uint8Array][] = [
    [PATHS.bagit, encoder.encode('BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n')],
    [PATHS.bagInfo, encoder.encode(bagInfo)],
    [PATHS.manifest, manifest],
    [PATHS.verifyPage, encoder.encode(verifyHtml(packageId))],
  ];
  const tagEntries: PackageFile[] = [];
  for (const [path, bytes] of tagFiles) tagEntries.push({ path, sha256: await sha256Bytes(bytes), size: bytes.byteLength, compression: 'deflate' });
  tagEntries.sort((a, b) => (a.path < b.path ? -1 : 1));
  const tagManifest = encoder.encode(manifestText(tagEntries));

  // 5. The ZIP: one folder named like the file (RFC 8493 §4.2), entries sorted by path. Files made
  // here are packed now; stored blobs were packed while they were checked.
  const entries: { name: string; path: string; bytes: Uint8Array | null; size: number; blob?: string }[] = [
    ...tagFiles.map(([path, bytes]) => ({ name: `${base}/${path}`, path, bytes, size: bytes.byteLength })),
    { name: `${base}/${PATHS.tagManifest}`, path: PATHS.tagManifest, bytes: tagManifest, size: tagManifest.byteLength },
    ...payload.map((f) => ({ name: `${base}/${f.path}`, path: f.path, bytes: f.bytes, size: f.size, blob: f.bytes ? undefined : f.sha256 })),
  ].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (!isPortablePath(entry.name)) throw new PackageError('unsafe-name', `Internal error: "${entry.name}" is not a portable file name.`);
  }
  const zipTotal = entries.reduce((n, e) => n + e.size, 0);
  const isPacked = (e: (typeof entries)[number]) => !e.bytes || (e.path.startsWith('data/') && prepacked.has(e.path));
  let zipDone = entries.reduce((n, e) => n + (isPacked(e) ? e.size : 0), 0);
  onProgress({ phase: 'compressing', itemsDone: 0, itemsTotal: entries.length, bytesDone: zipDone, bytesTotal: zipTotal });
  const zipEntries: ZipEntry[] = [];
  for (const [i, entry] of entries.entries()) {
    signal?.throwIfAborted();
    const method = methodFor(entry.path);
    let packed: PackedData;
    if (!entry.bytes) packed = checked.blobs.get(entry.blob!)!.packed.get(method)!;
    else if (isPacked(entry)) packed = prepacked.get(entry.path)!;
    else {
      packed = await packData(entry.bytes, method);
      zipDone += entry.size;
    }
    zipEntries.push({ name: entry.name, packed });
    if (Date.now() - lastYield > 30) {
      onProgress({ phase: 'compressing', itemsDone: i + 1, itemsTotal: entries.length, bytesDone: zipDone, bytesTotal: zipTotal });
      await yieldToPage();
      lastYield = Date.now();
    }
  }
  signal?.throwIfAborted();
  mark('zip-packed');
  const zip = assembleZip(zipEntries, new Date(settings.exportedAt));
  onProgress({ phase: 'done', itemsDone: entries.length, itemsTotal: entries.length, bytesDone: zipTotal, bytesTotal: zipTotal });

  const tagManifestFile: PackageFile = { path: PATHS.tagManifest, sha256: await sha256Bytes(tagManifest), size: tagManifest.byteLength, compression: 'deflate' };
  const files: PackageFile[] = [...tagEntries, tagManifestFile, ...payloadFiles].sort((a, b) => (a.path < b.path ? -1 : 1));
  const details = { fileName, digest, format: FORMAT_ID, payloadOxum, subject: { kind: model.subject.kind, id: model.subject.id } };
  return {
    blob: zip.blob,
    size: zip.size,
    fileName,
    digest,
    packageId,
    ticketText: renderTicket(model, { ...ticketInfo, digest }),
    base,
    payloadOxum,
    files,
    auditInputFor: (zipSha256: string): AuditInput => ({ type: 'export', subject: `package:${packageId}`, details: { ...details, zipSha256 } }),
  };
}

/**
 * Builds an evidence package with the ZIP in memory (for small packages and tests; the export
 * page streams with buildPackageBlob). The bytes are those of buildPackageBlob's Blob.
 */
export async function buildPackage(
  input: PackageInput,
  options: PackageOptions,
  onProgress: (progress: PackageProgress) => void = () => {},
  signal?: AbortSignal,
): Promise<BuiltPackage> {
  const { blob, size: _size, auditInputFor, ...built } = await buildPackageBlob(input, options, onProgress, signal);
  const bytes = new Uint8Array(await blob.arrayBuffer());
  return { ...built, bytes, auditInput: auditInputFor(await sha256Bytes(bytes)) };
}

export { DIGEST_PLACEHOLDER };
