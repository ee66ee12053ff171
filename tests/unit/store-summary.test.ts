import { describe, expect, test } from 'vitest';
import { createHandlers } from '@/utils/handlers';
import type { ParsedRequestOf } from '@/utils/protocol';
import type { SenderInfo } from '@/utils/router';
import type { RoomRecord } from '@/utils/db/records';
import { freshDb } from '../helpers/db';
import { roomRecord } from '../helpers/records';

const fromPopup: SenderInfo = { id: 'casefile-id', url: 'chrome-extension://casefile-id/popup.html' };

const room = (id: string): RoomRecord => roomRecord(id);

async function setup() {
  const db = freshDb();
  await db.open();
  const handlers = createHandlers({ db, now: () => new Date('2026-11-24T16:00:00.000Z'), newId: () => 'id', extensionVersion: '0.1.0', tabUrl: async () => null });
  const summary = () => handlers['store.summary']({} as ParsedRequestOf<'store.summary'>, fromPopup);
  return { db, summary };
}

describe("the popup's store summary", () => {
  test('is answered from the last one while nothing is written', async () => {
    const { db, summary } = await setup();
    const first = await summary();
    expect(first.counts.rooms).toBe(0);
    expect(first.stale).toBeUndefined();
    const again = await summary();
    expect(again).toBe(first);
    db.close();
  });

  test('after a write made by a page (not through the background), old counts are only ever answered marked stale', async () => {
    const { db, summary } = await setup();
    await summary();
    await db.rooms.put(room('room_a'));
    let answers = 0;
    for (;;) {
      const s = await summary();
      answers += 1;
      if (s.stale) {
        expect(s.counts.rooms).toBe(0);
        continue;
      }
      expect(s.counts.rooms).toBe(1);
      break;
    }
    expect(answers).toBeGreaterThan(0);
    // Once made afresh, it is the one answered.
    expect((await summary()).stale).toBeUndefined();
    db.close();
  });

  test('a write while a summary is being made leaves that summary out of date', async () => {
    const { db, summary } = await setup();
    await summary();
    const making = summary(); // answers from the last one and starts a new one
    await db.rooms.put(room('room_b'));
    await making;
    for (;;) {
      const s = await summary();
      if (s.stale) continue;
      expect(s.counts.rooms).toBe(1);
      break;
    }
    db.close();
  });
});
