import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { IDBFactory } from 'fake-indexeddb';
import * as R from '@/utils/db/records';
import { buildPackage, buildPackageBlob, PackageError, PackageInputSchema, verifyPackage } from '@/utils/package';
import { checkBlob } from '@/utils/package/blob-check';
import { crc32 } from '@/utils/package/crc32';
import { gatherPackageInput, readStoredBlob, DEFAULT_SELECTION } from '@/utils/export/gather';
import { handlePackMessage, type PackReplyMessage } from '@/utils/export/blob-worker-core';
import { hashBlobs } from '@/utils/store';
import { sha256Bytes } from '@/utils/hashing';
import { freshDb } from '../../helpers/db';
import { createPackageInput, OPTIONS, RECORD_HASHES, storedBytes, type TestPackageInput, storePackageRecords } from './factories';

/**
 * Blob records whose bytes are kept as a Blob (how hashBlobs stores them now) and as a Uint8Array
 * (how they were stored before) give the same package, byte for byte, and are checked alike.
 */

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const bytesOf = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());

/** The record with its bytes kept as a Blob, as hashBlobs now stores them. */
const asBlob = (b: R.BlobRecord): R.BlobRecord => ({ ...b, bytes: new Blob([storedBytes(b) as Uint8Array<ArrayBuffer>], { type: b.type }) });

/** `input` with the blobs at the given indexes (of input.blobs) stored as Blobs. */
function mixed(input: TestPackageInput, which: (i: number) => boolean): TestPackageInput {
  return { ...input, blobs: input.blobs.map((b, i) => (which(i) ? asBlob(b) : b)) };
}

describe('blob records stored as Blobs', () => {
  it('hashBlobs stores the bytes as a Blob, with the SHA-256, size and CRC-32 of those bytes', async () => {
    const bytes = new TextEncoder().encode('{"stories":[1,2,3]}');
    const [record] = await hashBlobs([{ kind: 'page-json', type: 'application/json', bytes }], '2026-11-03T10:00:00.000Z');
    expect(record!.bytes).toBeInstanceOf(Blob);
    expect(R.BlobRecord.safeParse(record).success).toBe(true);
    expect(await R.blobBytes(record!.bytes)).toEqual(bytes);
    expect(record).toMatchObject({ sha256: await sha256Bytes(bytes), size: bytes.byteLength, crc32: crc32(bytes), type: 'application/json' });
  });

  it('a package from a mix of Uint8Array- and Blob-stored blobs is byte-identical to one from Uint8Array-stored blobs, and verifies', async () => {
    const input = await createPackageInput();
    // The PNG (stored in the ZIP), the page JSON and the MHTML (both deflated).
    expect(input.blobs.map((b) => b.type)).toEqual(['image/png', 'multipart/related', 'application/json']);
    const reference = await buildPackage(input, OPTIONS);
    for (const which of [(i: number) => i % 2 === 0, (i: number) => i % 2 === 1, () => true]) {
      const built = await buildPackage(mixed(input, which), OPTIONS);
      expect(sha256(built.bytes)).toBe(sha256(reference.bytes));
      expect((await verifyPackage(built.bytes)).ok).toBe(true);
    }
  });

  it('read from the store (readStoredBlob), and by the export worker, mixed records give the same package', async () => {
    const input = mixed(await createPackageInput(), (i) => i !== 1);
    const records = PackageInputSchema.parse(input);
    const factory = new IDBFactory();
    const db = freshDb(undefined, factory);
    await storePackageRecords(db, records);
    // The store gives a Blob back for a Blob, a Uint8Array for a Uint8Array.
    const kinds = await Promise.all(input.blobs.map(async (b) => (await readStoredBlob(db)(b.sha256)) as R.BlobRecord));
    expect(kinds.map((k) => k.bytes instanceof Blob)).toEqual([true, false, true]);

    const gathered = await gatherPackageInput(db, { ...DEFAULT_SELECTION, caseId: input.case!.id });
    const reference = await buildPackage({ ...gathered, blobs: (await createPackageInput()).blobs }, { ...OPTIONS, recordHashes: RECORD_HASHES });
    const streamed = await bytesOf((await buildPackageBlob(gathered, { ...OPTIONS, recordHashes: RECORD_HASHES, readBlob: readStoredBlob(db) })).blob);
    expect(sha256(streamed)).toBe(sha256(reference.bytes));
    expect((await verifyPackage(streamed)).ok).toBe(true);

    // The worker's code: a stored (method 0) entry's data is the stored Blob's bytes, unchanged.
    const replies: PackReplyMessage[] = [];
    const requests = input.blobs.map((b, i) => ({ sha256: b.sha256, refs: [{ kind: (['screenshot', 'mhtml', 'page-json'] as const)[i]!, type: b.type }] }));
    await handlePackMessage({ type: 'pack', dbName: db.name, storeName: 'blobs', requests }, (r) => replies.push(r), factory);
    expect(replies[replies.length - 1]).toEqual({ type: 'done' });
    const png = replies.find((r) => r.type === 'outcome' && r.outcome.sha256 === input.blobs[0]!.sha256);
    expect(png?.type === 'outcome' && png.outcome.status === 'ok' && png.outcome.packed[0]!.method).toBe(0);
    if (png?.type === 'outcome' && png.outcome.status === 'ok') {
      expect(await bytesOf(png.outcome.packed[0]!.data as Blob)).toEqual(storedBytes((await createPackageInput()).blobs[0]!));
    }
    db.close();
  });

  it('a stored (method 0) entry of a Blob-stored record is that Blob itself, not a copy', async () => {
    const input = await createPackageInput();
    const png = asBlob(input.blobs[0]!);
    const outcome = await checkBlob({ sha256: png.sha256, refs: [{ kind: 'screenshot', type: 'image/png' }] }, png);
    expect(outcome.status).toBe('ok');
    if (outcome.status === 'ok') {
      expect(outcome.packed).toHaveLength(1);
      expect(outcome.packed[0]!.data).toBe(png.bytes);
      expect(outcome.packed[0]).toMatchObject({ method: 0, size: png.size, compressedSize: png.size, crc32: png.crc32 });
    }
  });

  it('stops when a Blob-stored blob’s bytes or size changed, or it cannot be read, naming the blob', async () => {
    const input = await createPackageInput();
    const png = input.blobs[0]!;
    const changed = storedBytes(png).slice();
    changed[100] = changed[100]! ^ 0xff;
    /** A Blob whose data the browser can no longer read (its file gone from disk). */
    class UnreadableBlob extends Blob {
      override arrayBuffer(): Promise<ArrayBuffer> {
        return Promise.reject(new Error('NotReadableError: the file could not be read'));
      }
    }
    const cases: [R.BlobRecord, RegExp][] = [
      [{ ...png, bytes: new Blob([changed]) }, /SHA-256 differs/],
      [{ ...asBlob(png), size: png.size + 1 }, /not the \d+ recorded/],
      [{ ...png, bytes: new UnreadableBlob([storedBytes(png) as Uint8Array<ArrayBuffer>]) }, /could not be read/],
    ];
    for (const [record, problem] of cases) {
      const error = await buildPackage({ ...input, blobs: input.blobs.map((b) => (b === png ? record : b)) }, OPTIONS).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PackageError);
      expect((error as PackageError).code).toBe('integrity');
      expect((error as PackageError).items).toContainEqual({ item: `blob:${png.sha256}`, problem: expect.stringMatching(problem) });
    }
  });
});
