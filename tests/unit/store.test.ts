import { describe, expect, it } from 'vitest';
import { CasefileError } from '@/utils/errors';
import { checkAuditLog, hashBlobs, hashCapture, readValidated, verifyCapture, wipeEvidence, writeCapture } from '@/utils/store';
import type { CaptureRecord } from '@/utils/db/records';
import { crc32 as oneByteCrc32 } from '@/utils/package/verifier/verify-core.js';
import { createRawPage, freshDb } from '../helpers/db';

async function openedDb() {
  const db = freshDb();
  await db.open();
  return db;
}

describe('evidence store', () => {
  it('writes a capture, its blobs once by hash, and its audit entry together', async () => {
    const db = await openedDb();
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const blobs = await hashBlobs([{ kind: 'screenshot', type: 'image/png', bytes: png }], '2026-11-20T15:04:05.000Z');
    expect(blobs[0]).toMatchObject({ size: 7, crc32: oneByteCrc32(png) }); // the ZIP's CRC-32, computed once here
    const refs = blobs.map((b) => ({ sha256: b.sha256, kind: 'screenshot' as const, type: b.type }));
    await writeCapture(db, { capture: await hashCapture(createRawPage(), 'a', '0.1.0', refs), blobs });
    await writeCapture(db, { capture: await hashCapture(createRawPage({ text: 'again' }), 'b', '0.1.0', refs), blobs });
    expect(await db.captures.count()).toBe(2);
    expect(await db.blobs.count()).toBe(1);
    expect(await db.audit.count()).toBe(2);
    expect((await checkAuditLog(db)).ok).toBe(true);
  });

  it('records capture time in UTC, the time zone, user agent, version and a hash of each part', async () => {
    const capture = await hashCapture(createRawPage({ html: '<p>x</p>', text: 'x' }), 'id1', '0.1.0');
    expect(capture).toMatchObject({ capturedAt: '2026-11-20T15:04:05.000Z', timeZone: 'America/New_York', extensionVersion: '0.1.0' });
    expect(capture.htmlSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await verifyCapture(capture)).toEqual([]);
    expect(await verifyCapture({ ...capture, text: 'y' })).toEqual(['text changed since capture']);
    expect(await verifyCapture({ ...capture, url: 'https://www.upwork.com/other' })).toEqual(['metadata changed since capture']);
  });

  it('a write that aborts half-way leaves earlier data intact and reports a clear error', async () => {
    const db = await openedDb();
    await writeCapture(db, { capture: await hashCapture(createRawPage(), 'kept', '0.1.0') });
    const error = await writeCapture(db, {
      capture: await hashCapture(createRawPage({ text: 'second' }), 'lost', '0.1.0'),
      structuredTables: ['messages'],
      structured: async () => {
        throw new Error('extraction exploded');
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CasefileError);
    expect((error as CasefileError).code).toBe('write-failed');
    expect((error as CasefileError).message).toMatch(/Nothing recorded earlier was lost/);
    expect(await db.captures.toCollection().primaryKeys()).toEqual(['kept']);
    expect(await db.audit.count()).toBe(1);
    expect((await checkAuditLog(db)).ok).toBe(true);
  });

  it('a full disk is reported as storage-full and nothing earlier is lost', async () => {
    const db = await openedDb();
    await writeCapture(db, { capture: await hashCapture(createRawPage(), 'kept', '0.1.0') });
    const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    const error = await writeCapture(db, {
      capture: await hashCapture(createRawPage({ text: 'big' }), 'too-big', '0.1.0'),
      structuredTables: ['messages'],
      structured: async () => {
        throw quota;
      },
    }).catch((e: unknown) => e);
    expect((error as CasefileError).code).toBe('storage-full');
    expect((error as CasefileError).message).toMatch(/Free some disk space/);
    expect(await db.captures.count()).toBe(1);
  });

  it('refuses to overwrite a capture with the same id (evidence is append-only)', async () => {
    const db = await openedDb();
    await writeCapture(db, { capture: await hashCapture(createRawPage(), 'same', '0.1.0') });
    await expect(writeCapture(db, { capture: await hashCapture(createRawPage({ text: 'forged' }), 'same', '0.1.0') })).rejects.toBeInstanceOf(CasefileError);
    expect((await db.captures.get('same'))!.text).toBe('Hello');
  });

  it('moves records that fail validation to the quarantine with the reason, never dropping them', async () => {
    const db = await openedDb();
    const good = await hashCapture(createRawPage(), 'good', '0.1.0');
    await writeCapture(db, { capture: good });
    const bad = { ...good, id: 'bad', capturedAt: 'yesterday' } as CaptureRecord;
    await db.captures.add(bad);
    const rows = await readValidated<CaptureRecord>(db, 'captures', await db.captures.toArray(), '2026-11-21T00:00:00.000Z');
    expect(rows.map((r) => r.id)).toEqual(['good']);
    const quarantined = await db.quarantine.toArray();
    expect(quarantined).toHaveLength(1);
    expect(quarantined[0]).toMatchObject({ table: 'captures', key: 'bad', record: bad });
    expect(quarantined[0]!.reason).toMatch(/capturedAt/);
    expect(await db.audit.where('type').equals('quarantine').count()).toBe(1);
  });

  it('a wipe clears evidence but the audit log keeps its record of it', async () => {
    const db = await openedDb();
    await writeCapture(db, { capture: await hashCapture(createRawPage(), 'a', '0.1.0') });
    const counts = await wipeEvidence(db, '2026-11-21T00:00:00.000Z');
    expect(counts.captures).toBe(1);
    expect(await db.captures.count()).toBe(0);
    expect((await db.audit.orderBy('seq').last())!.type).toBe('wipe');
    expect((await checkAuditLog(db)).ok).toBe(true);
  });
});
