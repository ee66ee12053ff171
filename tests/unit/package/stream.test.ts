import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHash } from 'node:crypto';
import JSZip from 'jszip';
import { deflateSync, inflateSync } from 'fflate';
import { IDBFactory } from 'fake-indexeddb';
import type * as R from '@/utils/db/records';
import { buildPackage, buildPackageBlob, hashBlob, PackageError, PackageInputSchema, verifyPackage, type BlobOutcome } from '@/utils/package';
import { crc32 } from '@/utils/package/crc32';
import { assembleZip, NATIVE_DEFLATE_FROM, packData, toBlobs, packBytes, type PackedData } from '@/utils/package/zip';
import { blobRequests, packBlobs, READ_AHEAD, READ_AHEAD_BYTES, type BlobRequest } from '@/utils/package/blob-check';
import { crc32 as oneByteCrc32 } from '@/utils/package/verifier/verify-core.js';
import { gatherPackageInput, readStoredBlob, DEFAULT_SELECTION } from '@/utils/export/gather';
import { handlePackMessage, type LimitMessage, type PackReplyMessage, type PackRequestMessage } from '@/utils/export/blob-worker-core';
import { workerBlobPacker } from '@/utils/export/blob-packer';
import { freshDb } from '../../helpers/db';
import { buildModel, sortInput, unreadBlobInfo } from '@/utils/package/model';
import { makeRecordFiles } from '@/utils/package/files';
import { renderReportParts } from '@/utils/package/report';
import { createBlob, createCapture, createPackageInput, OPTIONS, pngBytes, RECORD_HASHES, storedBytes, storePackageRecords } from './factories';
import { text, unzip } from './zip-helpers';

/**
 * The streaming export: the ZIP written piece by piece into a Blob, stored blobs read one at a
 * time (through a reader, from the store, or by the export page's worker), checked and packed as
 * they are read. Its bytes are the buffered builder's, whatever the source of the blobs.
 */

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const bytesOf = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());
const DATE = new Date('2026-11-20T15:04:05.000Z');

function noise(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** A reader over records, as the store gives them: a fresh copy each time, and a log of the calls. */
function recordingReader(blobs: readonly R.BlobRecord[], delayMs = 0) {
  const bySha = new Map(blobs.map((b) => [b.sha256, b]));
  const log = { reads: [] as string[], inFlight: 0, maxInFlight: 0, returned: [] as Uint8Array[] };
  const read = async (sha256: string) => {
    log.reads.push(sha256);
    log.inFlight += 1;
    log.maxInFlight = Math.max(log.maxInFlight, log.inFlight);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    log.inFlight -= 1;
    const b = bySha.get(sha256);
    if (!b) return undefined;
    const copy = { ...b, bytes: storedBytes(b).slice() };
    log.returned.push(copy.bytes);
    return copy;
  };
  return { read, log };
}

describe('crc32', () => {
  it('agrees with the one-byte-table CRC-32 of verify.html at every length and alignment', () => {
    const data = noise(70_000, 3);
    for (const length of [0, 1, 7, 15, 16, 17, 31, 32, 33, 255, 1000, 65_537]) {
      for (const offset of [0, 1, 3, 8]) {
        const piece = data.subarray(offset, offset + length);
        expect(crc32(piece), `${length} bytes at ${offset}`).toBe(oneByteCrc32(piece));
      }
    }
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926); // the standard check value
  });

  it('continues over pieces', () => {
    const data = noise(10_001, 5);
    expect(crc32(data.subarray(4_097), crc32(data.subarray(0, 4_097)))).toBe(crc32(data));
  });
});

describe('ZIP writer', () => {
  const files: [string, Uint8Array][] = [
    ['bag/a.png', noise(70_000, 1)],
    ['bag/b.png', new Uint8Array(0)],
    ['bag/c.jpg', noise(100, 2)],
    ['bag/data/d.png', noise(1_000, 3)],
  ];

  it('writes, for stored files, exactly the bytes JSZip writes (streamFiles: false, DOS)', async () => {
    const zip = new JSZip();
    for (const [name, bytes] of files) zip.file(name, bytes, { binary: true, date: DATE, createFolders: false, compression: 'STORE' });
    const jszip = await zip.generateAsync({ type: 'uint8array', streamFiles: false, platform: 'DOS' });
    const ours = assembleZip(
      await Promise.all(files.map(async ([name, bytes]) => ({ name, packed: await packData(bytes, 0) }))),
      DATE,
    );
    const bytes = await bytesOf(ours.blob);
    expect(ours.size).toBe(bytes.byteLength);
    expect(sha256(bytes)).toBe(sha256(jszip));
  });

  it('writes deflated files that JSZip and fflate read back, CRC-32 checked', async () => {
    const textBytes = new TextEncoder().encode('the client asked for a new screen before the milestone was approved\n'.repeat(2_000));
    const entries = [
      { name: 'bag/a.txt', packed: await packData(textBytes, 8) },
      { name: 'bag/b.json', packed: await packData(new Uint8Array(0), 8) },
      { name: 'bag/c.png', packed: await packData(noise(80_000, 9), 0) },
    ];
    const bytes = await bytesOf(assembleZip(entries, DATE).blob);
    const loaded = await JSZip.loadAsync(bytes, { checkCRC32: true });
    // Large arrays compared by hash: element-by-element equality takes seconds at this size.
    expect(sha256(await loaded.file('bag/a.txt')!.async('uint8array'))).toBe(sha256(textBytes));
    expect(await loaded.file('bag/b.json')!.async('uint8array')).toEqual(new Uint8Array(0));
    const files2 = unzip(bytes);
    expect(sha256(files2['bag/a.txt']!)).toBe(sha256(textBytes));
    expect(sha256(files2['bag/c.png']!)).toBe(sha256(noise(80_000, 9)));
    expect(entries[0]!.packed.compressedSize).toBeLessThan(textBytes.byteLength / 10);
  });

  it('packs several files into one Blob and gives each its slice', async () => {
    const a = await packBytes(noise(5_000, 1), 0);
    const b = await packBytes(new TextEncoder().encode('x'.repeat(10_000)), 8);
    const packed: PackedData[] = [a, b];
    toBlobs(packed);
    expect(packed.every((p) => p.data instanceof Blob)).toBe(true);
    expect(await bytesOf(a.data as Blob)).toEqual(noise(5_000, 1));
    expect((a.data as Blob).size).toBe(a.compressedSize);
    expect((b.data as Blob).size).toBe(b.compressedSize);
  });

  it('deflates an empty file to the bytes fflate gives for it', async () => {
    expect((await packBytes(new Uint8Array(0), 8)).data).toEqual(deflateSync(new Uint8Array(0), { level: 6 }));
    expect((await packBytes(new Uint8Array(0), 8)).compressedSize).toBe(2);
  });

  // Text of NATIVE_DEFLATE_FROM bytes or more: the runtime's own zlib (CompressionStream).
  const largeText = (seed: number) =>
    new TextEncoder().encode(Array.from({ length: 3_000 }, (_, i) => `${i},"Maya Okafor","2026-09-01T12:${String(i % 60).padStart(2, '0')}:00Z","revision ${(i * seed) % 97} of the checkout copy"\n`).join(''));

  it('deflates large files with the runtime’s zlib: smaller than fflate’s, the same bytes every time, read back by JSZip and fflate', async () => {
    expect(typeof CompressionStream).toBe('function'); // this runtime has one, so the native path runs
    const text = largeText(7);
    expect(text.byteLength).toBeGreaterThan(NATIVE_DEFLATE_FROM);
    const first = await packBytes(text, 8);
    const second = await packBytes(text.slice(), 8);
    expect(sha256(first.data)).toBe(sha256(second.data));
    expect(sha256(first.data)).not.toBe(sha256(deflateSync(text, { level: 6 }))); // not fflate's bytes: the native path ran
    expect(sha256(inflateSync(first.data))).toBe(sha256(text));
    const bytes = await bytesOf(assembleZip([{ name: 'bag/messages.csv', packed: first }], DATE).blob);
    const loaded = await JSZip.loadAsync(bytes, { checkCRC32: true });
    expect(sha256(await loaded.file('bag/messages.csv')!.async('uint8array'))).toBe(sha256(text));
  });

  it('falls back to fflate where the browser has no deflate-raw stream, with a package that still verifies', async () => {
    vi.resetModules();
    vi.stubGlobal(
      'CompressionStream',
      class {
        constructor(format: string) {
          throw new TypeError(`Unsupported compression format: '${format}'`);
        }
      },
    );
    try {
      const zip = await import('@/utils/package/zip');
      const text = largeText(11);
      const packed = await zip.packBytes(text, 8);
      expect(sha256(packed.data)).toBe(sha256(deflateSync(text, { level: 6 })));
      const fresh = await import('@/utils/package');
      const built = await fresh.buildPackage(await createPackageInput(), OPTIONS);
      expect((await fresh.verifyPackage(built.bytes)).ok).toBe(true);
    } finally {
      vi.unstubAllGlobals();
      vi.resetModules();
    }
  });

  it('deflates with fflate a file the browser’s stream fails on', async () => {
    vi.resetModules();
    vi.stubGlobal(
      'CompressionStream',
      class {
        writable = new WritableStream();
        readable = new ReadableStream({
          start(controller) {
            controller.error(new Error('the stream broke'));
          },
        });
      },
    );
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const zip = await import('@/utils/package/zip');
      const text = largeText(13);
      expect(sha256((await zip.packBytes(text, 8)).data)).toBe(sha256(deflateSync(text, { level: 6 })));
      expect(warn).toHaveBeenCalled();
    } finally {
      warn.mockRestore();
      vi.unstubAllGlobals();
      vi.resetModules();
    }
  });

  it('refuses names that are not printable ASCII', async () => {
    expect(() => assembleZip([{ name: 'bag/é.txt', packed: { method: 8, crc32: 0, size: 1, compressedSize: 3, data: new Uint8Array(3) } }], DATE)).toThrow(RangeError);
  });
});

describe('buildPackageBlob', () => {
  it('gives the bytes of buildPackage, and the same audit entry once given the ZIP hash', async () => {
    const input = await createPackageInput();
    const buffered = await buildPackage(input, { ...OPTIONS, recordHashes: RECORD_HASHES });
    const streamed = await buildPackageBlob(input, { ...OPTIONS, recordHashes: RECORD_HASHES });
    const bytes = await bytesOf(streamed.blob);
    expect(streamed.size).toBe(bytes.byteLength);
    expect(streamed.blob.type).toBe('application/zip');
    expect(sha256(bytes)).toBe(sha256(buffered.bytes));
    expect(streamed.digest).toBe(buffered.digest);
    expect(streamed.auditInputFor(sha256(bytes))).toEqual(buffered.auditInput);
  });

  it('reads blobs through readBlob one at a time, each once, a few reads ahead, with the same bytes', async () => {
    const input = await createPackageInput();
    const extra = await createBlob(pngBytes(300_000, 4), 'image/png');
    const capture = await createCapture('cap-3', { capturedAt: '2026-11-04T10:00:00.000Z' }, [{ blob: extra, kind: 'screenshot' }]);
    const full = { ...input, captures: [...input.captures, capture], blobs: [...input.blobs, extra] };
    const buffered = await buildPackage(full, OPTIONS);
    const { read, log } = recordingReader(full.blobs, 2);
    const streamed = await buildPackageBlob({ ...full, blobs: [] }, { ...OPTIONS, readBlob: read });
    expect(sha256(await bytesOf(streamed.blob))).toBe(sha256(buffered.bytes));
    expect([...log.reads].sort()).toEqual(full.blobs.map((b) => b.sha256).sort());
    expect(log.maxInFlight).toBeLessThanOrEqual(READ_AHEAD);
    // Where the engine can (ArrayBuffer.prototype.transfer), the buffers read are freed once packed.
    if (typeof (ArrayBuffer.prototype as { transfer?: unknown }).transfer === 'function') {
      expect(log.returned.every((b) => b.buffer.byteLength === 0)).toBe(true);
    }
  });

  it('reads from the store (gatherPackageInput without blob bytes, readStoredBlob) and gives the same package', async () => {
    const input = await createPackageInput();
    const records = PackageInputSchema.parse(input); // complete records, as the store holds them
    const db = freshDb();
    await storePackageRecords(db, records);
    const gathered = await gatherPackageInput(db, { ...DEFAULT_SELECTION, caseId: input.case!.id });
    expect(gathered.blobs).toEqual([]);
    expect(gathered.captures?.length).toBe(2);
    const streamed = await buildPackageBlob(gathered, { ...OPTIONS, recordHashes: RECORD_HASHES, readBlob: readStoredBlob(db) });
    const buffered = await buildPackage({ ...gathered, blobs: input.blobs }, { ...OPTIONS, recordHashes: RECORD_HASHES });
    const bytes = await bytesOf(streamed.blob);
    expect(sha256(bytes)).toBe(sha256(buffered.bytes));
    expect((await verifyPackage(bytes)).ok).toBe(true);
    db.close();
  });

  it('names a blob whose bytes changed in the store, and a capture whose blob the store lacks', async () => {
    const input = await createPackageInput();
    const [screenshot, mhtml] = input.blobs;
    const changed = { ...screenshot!, bytes: storedBytes(screenshot!).slice() };
    changed.bytes[10] = changed.bytes[10]! ^ 1;
    const { read } = recordingReader([changed, input.blobs[2]!]);
    const error = await buildPackageBlob({ ...input, blobs: [] }, { ...OPTIONS, readBlob: read }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PackageError);
    const items = (error as PackageError).items;
    expect(items).toContainEqual({ item: `blob:${screenshot!.sha256}`, problem: 'its bytes changed since capture (SHA-256 differs)' });
    expect(items).toContainEqual({ item: 'capture:cap-2', problem: `its mhtml (blob ${mhtml!.sha256}) is missing from the store` });
    expect((error as PackageError).code).toBe('integrity');
  });

  it('names a stored blob record that is not valid', async () => {
    const input = await createPackageInput();
    const read = async (sha: string) => ({ ...input.blobs.find((b) => b.sha256 === sha)!, bytes: 'not bytes' });
    const error = await buildPackageBlob({ ...input, blobs: [] }, { ...OPTIONS, readBlob: read }).catch((e: unknown) => e);
    expect((error as PackageError).items.map((i) => i.item)).toContain(`blob:${input.blobs[0]!.sha256}`);
    expect((error as PackageError).message).toMatch(/stored record is not valid/);
  });

  it('uses the CRC-32 stored with a blob, computes it for blobs stored without one, and either way the entries check', async () => {
    const input = await createPackageInput();
    expect(input.blobs.every((b) => b.crc32 === oneByteCrc32(storedBytes(b)))).toBe(true); // as hashBlobs stores them
    const older = input.blobs.map(({ crc32: _crc, ...b }) => b); // stored before the field existed
    const malformed = input.blobs.map((b) => ({ ...b, crc32: -1 })); // not a CRC-32: treated as absent
    const packages = [];
    for (const blobs of [input.blobs, older, malformed, [...input.blobs.slice(0, 1), ...older.slice(1)]]) {
      const bytes = await bytesOf((await buildPackageBlob({ ...input, blobs: [] }, { ...OPTIONS, readBlob: recordingReader(blobs).read })).blob);
      // Two other readers check every entry's CRC-32: JSZip, and verify.html's own ZIP reader.
      const loaded = await JSZip.loadAsync(bytes, { checkCRC32: true });
      for (const name of Object.keys(loaded.files)) await loaded.file(name)!.async('uint8array');
      expect((await verifyPackage(bytes)).ok).toBe(true);
      packages.push(sha256(bytes));
    }
    expect(new Set(packages).size).toBe(1);
  });

  it('trusts a stored CRC-32 once the SHA-256 passes: a wrong one (the record damaged beside its bytes) makes an entry readers name damaged', async () => {
    const input = await createPackageInput();
    const [screenshot] = input.blobs;
    const wrong = input.blobs.map((b) => (b === screenshot ? { ...b, crc32: (b.crc32! ^ 1) >>> 0 } : b));
    const bytes = await bytesOf((await buildPackageBlob({ ...input, blobs: [] }, { ...OPTIONS, readBlob: recordingReader(wrong).read })).blob);
    const report = await verifyPackage(bytes);
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual(expect.objectContaining({ code: 'damaged', path: expect.stringMatching(/screenshot-1\.png$/) }));
  });

  it('stops when cancelled while the blobs are read', async () => {
    const input = await createPackageInput();
    const controller = new AbortController();
    const { read } = recordingReader(input.blobs);
    const cancelling = async (sha: string) => {
      controller.abort();
      return read(sha);
    };
    const error = await buildPackageBlob({ ...input, blobs: [] }, { ...OPTIONS, readBlob: cancelling }, undefined, controller.signal).catch((e: unknown) => e);
    expect((error as Error).name).toBe('AbortError');
  });

  it('reports the blobs read as checking progress, the byte total growing as they are read', async () => {
    const input = await createPackageInput();
    const { read } = recordingReader(input.blobs);
    const checking: number[] = [];
    await buildPackageBlob({ ...input, blobs: [] }, { ...OPTIONS, readBlob: read }, (p) => p.phase === 'checking' && checking.push(p.bytesDone));
    const blobBytes = input.blobs.reduce((n, b) => n + b.size, 0);
    expect(Math.max(...checking)).toBeGreaterThanOrEqual(blobBytes);
  });
});

describe('what is made before the blobs are read', () => {
  it('is what the finished model gives: the record files and the report’s chronology and transcript', async () => {
    const input = await createPackageInput();
    const extra = await createBlob(pngBytes(1000, 9), '');
    const capture = await createCapture('cap-3', { capturedAt: '2026-11-04T10:00:00.000Z' }, [{ blob: extra, kind: 'screenshot' }]);
    capture.blobs[0] = { ...capture.blobs[0]!, type: '' }; // a type known only from the stored blob
    const sorted = sortInput(PackageInputSchema.parse({ ...input, captures: [...input.captures, capture], blobs: [...input.blobs, { ...extra, type: 'image/png' }] }));
    const settings = { exportedAt: OPTIONS.exportedAt, softwareVersion: OPTIONS.softwareVersion, timeZone: 'UTC', verified: ['x'], notVerified: [] };
    const final = buildModel(sorted, settings, new Map(sorted.blobs.map((b) => [b.sha256, { sha256: b.sha256, type: b.type, size: b.size }])));
    const early = buildModel(sorted, settings, unreadBlobInfo(sorted.captures));
    expect(renderReportParts(early)).toEqual(renderReportParts(final));
    expect(makeRecordFiles(early)).toEqual(makeRecordFiles(final));
    expect(early.exhibits.map((x) => x.files.length)).toEqual(final.exhibits.map((x) => x.files.length));
  });
});

describe('packing blobs elsewhere (the export page’s worker)', () => {
  const requestsFor = (input: { captures: R.CaptureRecord[] }): BlobRequest[] =>
    [...new Set(input.captures.flatMap((c) => c.blobs.map((b) => b.sha256)))].sort().map((sha256) => ({
      sha256,
      refs: input.captures.flatMap((c) => c.blobs.filter((b) => b.sha256 === sha256).map((b) => ({ kind: b.kind, type: b.type }))),
    }));

  it('stops before the limit another thread set, and says which request it starts', async () => {
    const input = await createPackageInput();
    const requests = requestsFor(input);
    const { read } = recordingReader(input.blobs);
    const outcomes: BlobOutcome[] = [];
    const started: number[] = [];
    let limit = requests.length;
    await packBlobs(requests, read, (o) => outcomes.push(o), {
      owned: true,
      limit: () => limit,
      onStart: (i) => {
        started.push(i);
        limit = 2; // the page took the rest
      },
    });
    expect(started).toEqual([0, 1]);
    expect(outcomes.map((o) => o.sha256)).toEqual(requests.slice(0, 2).map((r) => r.sha256));
  });

  it('reads the bytes of Blob-stored blobs ahead, within READ_AHEAD_BYTES, so a read overlaps the work on the one before', async () => {
    const events: string[] = [];
    /** A Blob whose reads are logged, answered a little later as the browser's blob store does. */
    class LoggedBlob extends Blob {
      constructor(
        parts: BlobPart[],
        readonly label: string,
      ) {
        super(parts, { type: 'image/png' });
      }
      override async arrayBuffer(): Promise<ArrayBuffer> {
        events.push(`read ${this.label}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        const buffer = await super.arrayBuffer();
        events.push(`read ${this.label} done`);
        return buffer;
      }
    }
    const small = [pngBytes(50_000, 1), pngBytes(50_000, 2), pngBytes(50_000, 3)];
    const large = pngBytes(READ_AHEAD_BYTES + 1024, 4);
    const all = [...small, large];
    const records = await Promise.all(all.map((bytes) => createBlob(bytes, 'image/png', undefined, 'blob')));
    const label = (i: number) => (i < small.length ? `small${i}` : 'large');
    const bySha = new Map(records.map((r, i) => [r.sha256, { ...r, bytes: new LoggedBlob([all[i]! as Uint8Array<ArrayBuffer>], label(i)) }]));
    const requests: BlobRequest[] = records.map((r) => ({ sha256: r.sha256, refs: [{ kind: 'screenshot', type: 'image/png' }] }));
    await packBlobs(requests, async (sha) => bySha.get(sha), (o) => events.push(`${o.status} ${label(records.findIndex((r) => r.sha256 === o.sha256))}`), { owned: true });
    const at = (event: string) => events.indexOf(event);
    expect(events.filter((e) => e.startsWith('ok'))).toHaveLength(4);
    // The second and third small blobs' reads started before the first's had ended.
    expect(at('read small1')).toBeLessThan(at('read small0 done'));
    expect(at('read small2')).toBeLessThan(at('read small0 done'));
    // The large one, over the budget, was read only when its turn came, after every small one.
    expect(at('read large')).toBeGreaterThan(at('read small2 done'));
  });

  it('the worker reads the store itself, and reports ok, missing and changed blobs', async () => {
    const input = await createPackageInput();
    const factory = new IDBFactory();
    const db = freshDb(undefined, factory);
    const [screenshot, mhtml, pageJson] = input.blobs;
    await db.blobs.bulkPut([screenshot!, { ...pageJson!, bytes: new Uint8Array([1, 2, 3]) }]);
    const requests = requestsFor(input);
    const replies: PackReplyMessage[] = [];
    await handlePackMessage({ type: 'pack', dbName: db.name, storeName: 'blobs', requests }, (r) => replies.push(r), factory);
    expect(replies[replies.length - 1]).toEqual({ type: 'done' });
    const outcomes = new Map(replies.flatMap((r) => (r.type === 'outcome' ? [[r.outcome.sha256, r.outcome] as const] : [])));
    const ok = outcomes.get(screenshot!.sha256)!;
    expect(ok.status).toBe('ok');
    if (ok.status === 'ok') {
      expect(ok.packed).toHaveLength(1);
      expect(ok.packed[0]!.method).toBe(0);
      expect(await bytesOf(ok.packed[0]!.data as Blob)).toEqual(screenshot!.bytes);
      expect(ok.packed[0]!.crc32).toBe(oneByteCrc32(storedBytes(screenshot!)));
    }
    expect(outcomes.get(mhtml!.sha256)?.status).toBe('missing');
    expect(outcomes.get(pageJson!.sha256)).toMatchObject({ status: 'changed' });
    expect(replies.filter((r) => r.type === 'started').map((r) => (r as { index: number }).index)).toEqual(requests.map((_, i) => i));
    db.close();
  });

  it('the worker refuses a database that does not exist, rather than creating one', async () => {
    const factory = new IDBFactory();
    const replies: PackReplyMessage[] = [];
    await handlePackMessage({ type: 'pack', dbName: 'no-such-db', storeName: 'blobs', requests: [] }, (r) => replies.push(r), factory);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.type).toBe('error');
    expect((await factory.databases()).map((d) => d.name)).not.toContain('no-such-db');
  });

  it('where no worker can be started, the page packs every blob itself, with the same package', async () => {
    expect(typeof Worker).toBe('undefined'); // Node: the fallback path
    const input = await createPackageInput();
    const { read, log } = recordingReader(input.blobs);
    const streamed = await buildPackageBlob({ ...input, blobs: [] }, { ...OPTIONS, packBlobs: workerBlobPacker('casefile', read) });
    expect(sha256(await bytesOf(streamed.blob))).toBe(sha256((await buildPackage(input, OPTIONS)).bytes));
    expect(log.reads).toHaveLength(3);
  });

  it('counts the first answer for a blob when two threads answer it', async () => {
    const input = await createPackageInput();
    const { read } = recordingReader(input.blobs);
    const twice = async (requests: BlobRequest[], onOutcome: (o: BlobOutcome) => void) => {
      await packBlobs(requests, read, onOutcome, { owned: true });
      await packBlobs(requests.slice(0, 1), read, onOutcome, { owned: true });
    };
    const progress: number[] = [];
    const streamed = await buildPackageBlob({ ...input, blobs: [] }, { ...OPTIONS, packBlobs: twice }, (p) => p.phase === 'checking' && progress.push(p.itemsDone));
    expect(sha256(await bytesOf(streamed.blob))).toBe(sha256((await buildPackage(input, OPTIONS)).bytes));
    const total = Math.max(...progress);
    expect(progress.filter((n) => n === total)).toHaveLength(1);
  });
});

describe('workerBlobPacker with a worker (a stand-in running the worker code in this thread)', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  /** A Worker whose messages go to handlePackMessage over fake-indexeddb, a turn of the event loop later. */
  function stubWorker(factory: IDBFactory, behaviour: 'work' | 'fail' = 'work') {
    const made: { terminated: boolean; packed: string[]; limits: number[] }[] = [];
    class StandInWorker {
      onmessage: ((event: { data: PackReplyMessage }) => void) | null = null;
      onerror: ((event: { message: string }) => void) | null = null;
      private limit = Infinity;
      private readonly state = { terminated: false, packed: [] as string[], limits: [] as number[] };
      constructor() {
        made.push(this.state);
      }
      postMessage(message: PackRequestMessage | LimitMessage) {
        setTimeout(() => {
          if (message.type === 'limit') {
            this.limit = Math.min(this.limit, message.limit);
            this.state.limits.push(message.limit);
            return;
          }
          const post = (reply: PackReplyMessage) =>
            setTimeout(() => {
              if (this.state.terminated) return;
              if (reply.type === 'outcome') this.state.packed.push(reply.outcome.sha256);
              this.onmessage?.({ data: reply });
            }, 0);
          if (behaviour === 'fail') post({ type: 'error', message: 'stand-in failure' });
          else void handlePackMessage(message, post, factory, () => Math.min(this.limit, message.requests.length));
        }, 0);
      }
      terminate() {
        this.state.terminated = true;
      }
    }
    vi.stubGlobal('Worker', StandInWorker);
    return made;
  }

  async function storeWith(blobs: R.BlobRecord[]) {
    const factory = new IDBFactory();
    const db = freshDb(undefined, factory);
    await db.blobs.bulkPut(blobs);
    return { factory, db };
  }

  it('prefetched from the captures, shared with the page, gives the package of buildPackage', async () => {
    const input = await createPackageInput();
    const more = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((i) => createBlob(pngBytes(20_000, 10 + i), 'image/png')));
    const capture = await createCapture('cap-3', { capturedAt: '2026-11-04T10:00:00.000Z' }, more.map((blob) => ({ blob, kind: 'screenshot' as const })));
    const full = { ...input, captures: [...input.captures, capture], blobs: [...input.blobs, ...more] };
    const { factory, db } = await storeWith(full.blobs);
    const made = stubWorker(factory);
    const { read, log } = recordingReader(full.blobs);
    const packer = workerBlobPacker(db.name, read);
    packer.prefetch(blobRequests(full.captures));
    const streamed = await buildPackageBlob({ ...full, blobs: [] }, { ...OPTIONS, packBlobs: packer });
    packer.close();
    expect(sha256(await bytesOf(streamed.blob))).toBe(sha256((await buildPackage(full, OPTIONS)).bytes));
    expect(made).toHaveLength(1);
    // Every blob answered, by the worker or by the page (a blob both took at the same moment is
    // packed twice, identically: the first answer counts), and the worker is ended.
    const byWorker = made[0]!.packed;
    expect(new Set([...byWorker, ...log.reads]).size).toBe(full.blobs.length);
    expect(byWorker.length + log.reads.length - full.blobs.length).toBeLessThanOrEqual(3);
    expect(made[0]!.terminated).toBe(true);
    db.close();
  });

  it('packs in the page whatever a failed worker did not', async () => {
    const input = await createPackageInput();
    const { factory, db } = await storeWith(input.blobs);
    stubWorker(factory, 'fail');
    const { read, log } = recordingReader(input.blobs);
    const packer = workerBlobPacker(db.name, read);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const streamed = await buildPackageBlob({ ...input, blobs: [] }, { ...OPTIONS, packBlobs: packer });
    warn.mockRestore();
    expect(sha256(await bytesOf(streamed.blob))).toBe(sha256((await buildPackage(input, OPTIONS)).bytes));
    expect(log.reads.sort()).toEqual(input.blobs.map((b) => b.sha256).sort());
    db.close();
  });

  it('stops when cancelled, and ends the worker', async () => {
    const input = await createPackageInput();
    const { factory, db } = await storeWith(input.blobs);
    const made = stubWorker(factory);
    const controller = new AbortController();
    const { read } = recordingReader(input.blobs);
    const packer = workerBlobPacker(db.name, read);
    const error = await buildPackageBlob({ ...input, blobs: [] }, { ...OPTIONS, packBlobs: packer }, (p) => p.phase === 'checking' && p.bytesDone > 0 && controller.abort(), controller.signal).catch(
      (e: unknown) => e,
    );
    expect((error as Error).name).toBe('AbortError');
    expect(made[0]!.terminated).toBe(true);
    db.close();
  });

  it('close() ends a worker that was never used', async () => {
    const made = stubWorker(new IDBFactory());
    workerBlobPacker('casefile', async () => undefined).close();
    expect(made[0]!.terminated).toBe(true);
  });
});

describe('hashBlob', () => {
  it('gives the SHA-256 of a Blob read in slices', async () => {
    const bytes = noise(9 * 1024 * 1024 + 17, 11);
    const seen: number[] = [];
    expect(await hashBlob(new Blob([bytes as Uint8Array<ArrayBuffer>]), (n) => seen.push(n))).toBe(sha256(bytes));
    expect(seen[seen.length - 1]).toBe(bytes.byteLength);
    expect(await hashBlob(new Blob([]))).toBe(sha256(new Uint8Array(0)));
  });
});

describe('the package, streamed, read back', () => {
  it('is a package verify.html accepts, its ZIP hash in the audit entry', async () => {
    const input = await createPackageInput();
    const streamed = await buildPackageBlob(input, OPTIONS);
    const bytes = await bytesOf(streamed.blob);
    const report = await verifyPackage(bytes);
    expect(report.ok).toBe(true);
    const files = unzip(bytes);
    expect(text(files[`${streamed.base}/bagit.txt`])).toContain('BagIt-Version: 1.0');
    const zipSha256 = await hashBlob(streamed.blob);
    expect(streamed.auditInputFor(zipSha256).details).toMatchObject({ zipSha256: sha256(bytes), digest: streamed.digest, fileName: streamed.fileName });
  });
});
