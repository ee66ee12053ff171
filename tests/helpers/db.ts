import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { CasefileDb, SCHEMA_VERSIONS, type SchemaVersion } from '@/utils/db/schema';
import type { RawPageInput } from '@/utils/store';

let counter = 0;

/**
 * A database of its own for one test: Dexie binds indexedDB at import, so each test passes its own
 * factory. Pass `name` and the same `factory` to reopen a store (e.g. at a newer schema version).
 */
export function freshDb(
  versions: SchemaVersion[] = SCHEMA_VERSIONS,
  factory = new IDBFactory(),
  name = `casefile-test-${++counter}`,
): CasefileDb {
  return new CasefileDb(name, { indexedDB: factory, IDBKeyRange }, versions);
}

/** A complete raw page with defaults; override what the test is about. */
export function createRawPage(overrides: Partial<RawPageInput> = {}): RawPageInput {
  return {
    url: 'https://www.upwork.com/ab/messages/rooms/room_4f2a9c1b7e3d4a5b8c6d0e1f2a3b4c5d',
    pageKind: 'message-room',
    title: 'Messages | Upwork',
    html: '<!DOCTYPE html><html><body><p>Hello</p></body></html>',
    text: 'Hello',
    capturedAt: '2026-11-20T15:04:05.000Z',
    timeZone: 'America/New_York',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0.0.0',
    extraction: { status: 'not-applicable' },
    roomId: 'room_4f2a9c1b7e3d4a5b8c6d0e1f2a3b4c5d',
    ...overrides,
  };
}
