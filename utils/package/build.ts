import { sha256Bytes, sha256Text } from '../hashing';
import { IsoUtc } from '../db/records';
import { FORMAT_ID, PackageIndex, PATHS, SOFTWARE_NAME, TAG, type Exhibit } from './format';
import { makeRecordFiles, type MadeFile } from './files';
import { checkStoredHashes, integrityItemCount } from './integrity';
import { PackageError, PackageInputSchema, type BuiltPackage, type PackageFile, type PackageInput, type PackageOptions, type PackageProgress } from './input';
import { buildModel, sortInput, type PackageModel } from './model';
import { isPortablePath, packageFileName } from './names';
import { renderReport } from './report';
import { DIGEST_PLACEHOLDER, renderTicket } from './ticket';
import { formatSize, oneLine, stableJson } from './text';
import { verifyHtml } from './verify-html';
import { isStored, writeZip } from './zip';

/**
 * buildPackage: records in, an evidence package (a BagIt 1.0 bag in a ZIP) out.
 *
 *  1. check the input's shape and re-verify every stored hash against the stored bytes (a
 *     mismatch stops here, naming the item);
 *  2. make the payload files (data/…) from the records, in a fixed order;
 *  3. derive the package id from them, then write index.json, report.html and ticket.txt;
 *  4. write manifest-sha256.txt, its digest into bag-info.txt, verify.html, tagmanifest-sha256.txt;
 *  5. ZIP it all, deterministically.
 * The same records and options always give the same bytes.
 */

const encoder = new TextEncoder();
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

/**
 * Builds an evidence package. Throws PackageError (invalid-input, integrity, too-large,
 * unsafe-name) naming what is wrong, or the signal's reason when aborted.
 */
export async function buildPackage(
  input: PackageInput,
  options: PackageOptions,
  onProgress: (progress: PackageProgress) => void = () => {},
  signal?: AbortSignal,
): Promise<BuiltPackage> {
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

  // 1. Every stored hash, again, before anything is written.
  const itemsTotal = integrityItemCount(sorted, options.recordHashes);
  const bytesTotal = sorted.captures.reduce((n, c) => n + c.html.length + c.text.length, 0) + sorted.blobs.reduce((n, b) => n + b.bytes.byteLength, 0);
  let itemsDone = 0;
  let bytesDone = 0;
  onProgress({ phase: 'checking', itemsDone, itemsTotal, bytesDone, bytesTotal });
  const integrity = await checkStoredHashes(
    sorted,
    options.recordHashes,
    (bytes) => {
      itemsDone += 1;
      bytesDone += bytes;
      if (itemsDone % 50 === 0 || itemsDone === itemsTotal) onProgress({ phase: 'checking', itemsDone, itemsTotal, bytesDone, bytesTotal });
    },
    signal,
  );
  if (integrity.problems.length > 0) {
    const list = integrity.problems.map((p) => `${p.item}: ${p.problem}`);
    throw new PackageError(
      'integrity',
      `Export stopped: ${list.length === 1 ? 'a stored item no longer matches' : `${list.length} stored items no longer match`} the hash recorded when it was captured. ${list.slice(0, 5).join('; ')}${list.length > 5 ? `; and ${list.length - 5} more` : ''}.`,
      integrity.problems,
    );
  }
  signal?.throwIfAborted();

  // 2. Files made from the records.
  const model = buildModel(sorted, { ...settings, verified: integrity.verified, notVerified: integrity.notVerified });
  const fileName = packageFileName(model.subject, settings.exportedAt);
  const base = fileName.replace(/\.zip$/, '');
  const made = makeRecordFiles(model);
  onProgress({ phase: 'writing', itemsDone: made.length, itemsTotal: made.length + 3, bytesDone: 0, bytesTotal: 0 });
  signal?.throwIfAborted();

  const hashed = new Map<string, { path: string; sha256: string; size: number; bytes: Uint8Array }>();
  for (const f of made) {
    if (hashed.has(f.path)) throw new PackageError('unsafe-name', `Two files would share the name ${f.path}.`);
    hashed.set(f.path, { path: f.path, sha256: await sha256Bytes(f.bytes), size: f.bytes.byteLength, bytes: f.bytes });
  }

  // 3. The package id: from the content (or given), then the files that name it.
  const contentLines = [...hashed.values()].sort((a, b) => (a.path < b.path ? -1 : 1)).map((f) => `${f.sha256}  ${f.path}`);
  const packageId = options.packageId ?? uuidFromHash(sha256Text(`${FORMAT_ID}\n${settings.exportedAt}\n${settings.softwareVersion}\n${contentLines.join('\n')}`));
  const capturesMeta = new Map(model.exhibits.map((x) => [x.capture.id, hashed.get(`data/${x.dir}/capture.json`)!]));
  const ticketInfo = { packageId, fileName };
  const late: [string, string][] = [
    [PATHS.index, makeIndex(model, packageId, made, capturesMeta)],
    [PATHS.report, renderReport(model, packageId)],
    [PATHS.ticket, renderTicket(model, { ...ticketInfo, digest: null })],
  ];
  for (const [path, content] of late) {
    const bytes = encoder.encode(content);
    hashed.set(path, { path, sha256: await sha256Bytes(bytes), size: bytes.byteLength, bytes });
  }
  signal?.throwIfAborted();

  // 4. Manifest, digest, tag files.
  const payload = [...hashed.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const payloadBytes = payload.reduce((n, f) => n + f.size, 0);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (payloadBytes > maxBytes) {
    const biggest = [...payload].sort((a, b) => b.size - a.size).slice(0, 3);
    throw new PackageError(
      'too-large',
      `The package would hold ${formatSize(payloadBytes)}, more than the ${formatSize(maxBytes)} a browser can write in one ZIP. Largest files: ${biggest.map((f) => `${f.path} (${formatSize(f.size)})`).join(', ')}. Export fewer captures at a time.`,
      biggest.map((f) => ({ item: f.path, problem: formatSize(f.size) })),
    );
  }
  const payloadFiles: PackageFile[] = payload.map((f) => ({ path: f.path, sha256: f.sha256, size: f.size, compression: isStored(f.path) ? 'store' : 'deflate' }));
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

  // 5. The ZIP: one folder named like the file (RFC 8493 §4.2), entries sorted by path.
  const entries = [
    ...tagFiles.map(([path, bytes]) => ({ name: `${base}/${path}`, bytes })),
    { name: `${base}/${PATHS.tagManifest}`, bytes: tagManifest },
    ...payload.map((f) => ({ name: `${base}/${f.path}`, bytes: f.bytes })),
  ].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (!isPortablePath(entry.name)) throw new PackageError('unsafe-name', `Internal error: "${entry.name}" is not a portable file name.`);
  }
  const zipTotal = entries.reduce((n, e) => n + e.bytes.byteLength, 0);
  onProgress({ phase: 'compressing', itemsDone: 0, itemsTotal: entries.length, bytesDone: 0, bytesTotal: zipTotal });
  const bytes = await writeZip(
    entries,
    new Date(settings.exportedAt),
    (done) => onProgress({ phase: 'compressing', itemsDone: 0, itemsTotal: entries.length, bytesDone: done, bytesTotal: zipTotal }),
    signal,
  );
  onProgress({ phase: 'done', itemsDone: entries.length, itemsTotal: entries.length, bytesDone: zipTotal, bytesTotal: zipTotal });

  const tagManifestFile: PackageFile = { path: PATHS.tagManifest, sha256: await sha256Bytes(tagManifest), size: tagManifest.byteLength, compression: 'deflate' };
  const files: PackageFile[] = [...tagEntries, tagManifestFile, ...payloadFiles].sort(
    (a, b) => (a.path < b.path ? -1 : 1),
  );
  return {
    bytes,
    fileName,
    digest,
    packageId,
    ticketText: renderTicket(model, { ...ticketInfo, digest }),
    base,
    payloadOxum,
    files,
    auditInput: {
      type: 'export',
      subject: `package:${packageId}`,
      details: { fileName, digest, format: FORMAT_ID, payloadOxum, subject: { kind: model.subject.kind, id: model.subject.id }, zipSha256: await sha256Bytes(bytes) },
    },
  };
}

export { DIGEST_PLACEHOLDER };
