import { existsSync, readFileSync } from 'node:fs';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSIONS, type SchemaVersion } from '@/utils/db/schema';
import { CaptureRecord } from '@/utils/db/records';
import { checkAuditLog, openStore, verifyCapture } from '@/utils/store';
import { CasefileError } from '@/utils/errors';
import { freshDb } from '../helpers/db';

const fixturePath = (version: number) => `tests/fixtures/schema/v${version}.json`;

interface SchemaFixture {
  version: number;
  tables: Record<string, Record<string, unknown>[]>;
}

/** Writes a fixture into a database at its own version, then closes it, as an older Casefile would have left it. */
async function seedOldStore(fixture: SchemaFixture, factory: IDBFactory) {
  const old = freshDb(upTo(fixture.version), factory);
  await old.open();
  for (const [table, rows] of Object.entries(fixture.tables)) await old.table(table).bulkAdd(rows);
  old.close();
  return old.name;
}

describe('schema versions', () => {
  it('numbers versions 1, 2, 3… without gaps', () => {
    expect(SCHEMA_VERSIONS.map((v) => v.version)).toEqual(SCHEMA_VERSIONS.map((_, i) => i + 1));
  });

  it('has a fixture of the previous version for every upgrade (a missing fixture fails here)', () => {
    for (const v of SCHEMA_VERSIONS.filter((s) => s.version > 1)) {
      expect(existsSync(fixturePath(v.version - 1)), `missing ${fixturePath(v.version - 1)} for the upgrade to v${v.version}`).toBe(true);
    }
  });

  for (const target of SCHEMA_VERSIONS.filter((v) => v.version > 1)) {
    it(`upgrades a v${target.version - 1} store to v${target.version} keeping every record and hash`, async () => {
      const fixture = JSON.parse(readFileSync(fixturePath(target.version - 1), 'utf8')) as SchemaFixture;
      const factory = new IDBFactory();
      const name = await seedOldStore(fixture, factory);
      const upgraded = freshDb(upTo(target.version), factory, name);
      await openStore(upgraded);
      expect(upgraded.verno).toBe(target.version);
      for (const [table, rows] of Object.entries(fixture.tables)) {
        expect(await upgraded.table(table).count(), table).toBe(rows.length);
      }
      for (const row of await upgraded.captures.toArray()) {
        const capture = CaptureRecord.parse(row);
        expect(await verifyCapture(capture), capture.id).toEqual([]);
      }
      expect((await checkAuditLog(upgraded)).ok).toBe(true);
      if (target.version === 2) {
        expect(await upgraded.captures.get('cap-v1-room')).toMatchObject({ roomId: 'room_4f2a9c1b7e3d4a5b8c6d0e1f2a3b4c5d' });
        expect(await upgraded.captures.get('cap-v1-workroom')).toMatchObject({ contractId: '38417205' });
        expect(await upgraded.captures.where('contractId').equals('38417205').count()).toBe(1);
      }
      if (target.version === 3) {
        // Messages keep their records and the indexes Casefile reads; the unread ones are gone.
        expect(upgraded.messages.schema.indexes.map((i) => i.name).sort()).toEqual(['[roomId+sentAt]', 'roomId']);
        const room = 'room_4f2a9c1b7e3d4a5b8c6d0e1f2a3b4c5d';
        expect(await upgraded.messages.where('roomId').equals(room).count()).toBe(3);
        expect(await upgraded.messages.where('[roomId+sentAt]').between([room, '2026-10-20T15:00:00.000Z'], [room, '2026-10-20T15:05:00.000Z'], true, true).count()).toBe(2);
      }
    });
  }

  it('a failed upgrade stops, reports, and leaves the old data intact', async () => {
    const fixture = JSON.parse(readFileSync(fixturePath(1), 'utf8')) as SchemaFixture;
    const factory = new IDBFactory();
    const name = await seedOldStore(fixture, factory);
    const broken: SchemaVersion[] = [
      SCHEMA_VERSIONS[0]!,
      {
        ...SCHEMA_VERSIONS[1]!,
        upgrade: async (tx) => {
          await tx.table('captures').toCollection().modify((c: Record<string, unknown>) => {
            c.title = 'half-upgraded';
            if (c.id === 'cap-v1-workroom') throw new Error('cannot read this capture');
          });
        },
      },
    ];
    const db = freshDb(broken, factory, name);
    const error = await openStore(db).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CasefileError);
    expect((error as CasefileError).code).toBe('upgrade-failed');
    expect((error as CasefileError).message).toMatch(/left your records as they were/);
    db.close();

    const old = freshDb(upTo(1), factory, name);
    await old.open();
    expect(old.verno).toBe(1);
    expect(await old.captures.toArray()).toEqual(fixture.tables.captures);
  });
});

function upTo(version: number) {
  return SCHEMA_VERSIONS.filter((v) => v.version <= version);
}
