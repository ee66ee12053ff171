import { describe, expect, test } from 'vitest';
import { createHandlers } from '@/utils/handlers';
import * as R from '@/utils/db/records';
import { PageStories, RawPage, type ObservedMessage, type ParsedRequestOf, type Structured } from '@/utils/protocol';
import type { SenderInfo } from '@/utils/router';
import { createRawPage, freshDb } from '../../helpers/db';
import { createObservedMessage, DANIEL, MAYA, ROOM_ID, storyId } from '../extract/sample-factories';

/**
 * 'page.stories': the stories a room's page received, stored in the background before the page
 * has rendered them (the page capture that follows adds what the page shows). The JSON is the raw
 * capture; nothing rendered means nothing can be taken for deleted; the page's rendering of the
 * same messages later is no edit.
 */

const T1 = '2026-11-21T09:00:00.000Z';
const T2 = '2026-11-21T09:00:05.000Z';
const ROOM_URL = `https://www.upwork.com/ab/messages/rooms/${ROOM_ID}`;
const fromTab: SenderInfo = { id: 'casefile-id', url: ROOM_URL, tab: { id: 7 } };
const STORIES_URL = `https://www.upwork.com/api/v3/rooms/rooms/${ROOM_ID}/stories/simplified`;

async function setup() {
  const db = freshDb();
  await db.open();
  let n = 0;
  const handlers = createHandlers({ db, now: () => new Date(T2), newId: () => `id-${++n}`, extensionVersion: '0.1.0', tabUrl: async () => ROOM_URL });
  const stories = (body: string) =>
    handlers['page.stories'](
      PageStories.parse({
        url: ROOM_URL,
        pageKind: 'message-room',
        title: 'Messages | Upwork',
        capturedAt: T1,
        timeZone: 'America/New_York',
        userAgent: 'test',
        roomId: ROOM_ID,
        stories: { kind: 'stories', url: STORIES_URL, receivedAt: T1, body },
      }) as ParsedRequestOf<'page.stories'>,
      fromTab,
    );
  const capture = (page: Parameters<typeof createRawPage>[0]) => handlers['page.capture'](RawPage.parse(createRawPage(page)) as ParsedRequestOf<'page.capture'>, fromTab);
  return { db, stories, capture, handlers };
}

const created = (iso: string) => Date.parse(iso);
const STORIES = [
  { storyId: storyId(1), userId: DANIEL.userId, message: 'Contract started', created: created('2026-09-03T13:58:00.000Z'), isSystemStory: 1 },
  { storyId: storyId(2), userId: DANIEL.userId, message: 'Just to confirm: **480 SKUs** total.', created: created('2026-09-04T15:10:12.345Z') },
  { storyId: storyId(3), userId: MAYA.userId, message: 'Perfect: 480 SKUs.', created: created('2026-09-04T15:18:00.000Z') },
];

describe("a room's stories stored before the page renders them", () => {
  test('every message is stored from the JSON, which is kept (hashed) as the raw capture', async () => {
    const { db, stories } = await setup();
    const reply = await stories(JSON.stringify({ stories: STORIES }));
    expect(reply.messages).toBe(3);
    const stored = await db.messages.where('roomId').equals(ROOM_ID).sortBy('sentAt');
    expect(stored.map((m) => [m.id, m.source, m.kind, m.sentAt, m.text])).toEqual([
      [storyId(1), 'json', 'system', '2026-09-03T13:58:00.000Z', 'Contract started'],
      [storyId(2), 'json', 'message', '2026-09-04T15:10:12.345Z', 'Just to confirm: **480 SKUs** total.'],
      [storyId(3), 'json', 'message', '2026-09-04T15:18:00.000Z', 'Perfect: 480 SKUs.'],
    ]);
    expect(stored.every((m) => m.captureId === reply.capture.id && !m.deleted && !m.edited)).toBe(true);
    const capture = await db.captures.get(reply.capture.id);
    expect(capture).toMatchObject({ scope: 'fragment', roomId: ROOM_ID, html: '', extraction: { status: 'ok' } });
    expect(capture!.blobs).toHaveLength(1);
    const blob = await db.blobs.get(capture!.blobs[0]!.sha256);
    expect(new TextDecoder().decode(await R.blobBytes(blob!.bytes))).toBe(JSON.stringify({ stories: STORIES }));
    expect((await db.rooms.get(ROOM_ID))?.id).toBe(ROOM_ID);
  });

  test('the page capture after the render fills in what the page shows, with no edit, deletion or revision', async () => {
    const { db, stories, capture } = await setup();
    await stories(JSON.stringify({ stories: STORIES }));
    // As the recorder merges them: the page's text and names, the JSON's exact times and flags.
    const rendered: ObservedMessage[] = [
      createObservedMessage({ id: storyId(1), kind: 'system', senderName: null, sentAt: '2026-09-03T13:58:00.000Z', text: 'Contract started', source: 'both', jsonText: 'Contract started', senderId: DANIEL.userId }),
      createObservedMessage({ id: storyId(2), sentAt: '2026-09-04T15:10:12.345Z', text: 'Just to confirm: 480 SKUs total.', source: 'both', jsonText: 'Just to confirm: **480 SKUs** total.', senderId: DANIEL.userId }),
      createObservedMessage({ id: storyId(3), senderName: MAYA.name, sentAt: '2026-09-04T15:18:00.000Z', text: 'Perfect: 480 SKUs.', source: 'both', jsonText: 'Perfect: 480 SKUs.', senderId: MAYA.userId }),
    ];
    const page = {
      url: ROOM_URL,
      capturedAt: T2,
      extraction: { status: 'ok' as const },
      structured: { type: 'room', room: { id: ROOM_ID, title: DANIEL.name, subtitle: null, contractId: null, participants: [] }, messages: rendered, renderedIds: rendered.map((m) => m.id) } satisfies Structured,
    };
    await capture(page);
    const stored = await db.messages.where('roomId').equals(ROOM_ID).sortBy('sentAt');
    expect(stored.map((m) => [m.source, m.text, m.senderName, m.edited, m.deleted])).toEqual([
      ['both', 'Contract started', null, false, false],
      ['both', 'Just to confirm: 480 SKUs total.', DANIEL.name, false, false],
      ['both', 'Perfect: 480 SKUs.', MAYA.name, false, false],
    ]);
    expect(await db.messageRevisions.count()).toBe(0);
    expect((await db.rooms.get(ROOM_ID))?.title).toBe(DANIEL.name);
  });

  test('stories the background cannot read are still kept raw, flagged, with no message made up', async () => {
    const { db, stories } = await setup();
    for (const body of ['{"stories": [', '{"unexpected": true}', '<html>not json</html>']) {
      const reply = await stories(body);
      expect(reply.messages).toBe(0);
      const capture = await db.captures.get(reply.capture.id);
      expect(capture?.extraction.status).toBe('failed');
      expect(new TextDecoder().decode(await R.blobBytes((await db.blobs.get(capture!.blobs[0]!.sha256))!.bytes))).toBe(body);
    }
    expect(await db.messages.count()).toBe(0);
  });

  test('hostile text in the stories is stored exactly, as data', async () => {
    const { db, stories } = await setup();
    const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)> \u202Egnp.exe\u200B ' + 'x'.repeat(100_000);
    await stories(JSON.stringify({ stories: [{ ...STORIES[1], message: hostile }] }));
    expect((await db.messages.get(storyId(2)))?.text).toBe(hostile);
  });

  test('the popup counts every stored message of the room, and sees a later write at once', async () => {
    const { stories, handlers } = await setup();
    const status = () => handlers['tab.status']({ tabId: 7 }, { id: 'casefile-id', url: 'chrome-extension://casefile-id/popup.html' });
    expect((await status()).room).toBeNull();
    await stories(JSON.stringify({ stories: STORIES.slice(0, 2) }));
    expect((await status()).room).toMatchObject({ messages: 2, edited: 0, deleted: 0 });
    await stories(JSON.stringify({ stories: [...STORIES.slice(0, 2), { ...STORIES[2], deleted: 1 }] }));
    expect((await status()).room).toMatchObject({ messages: 3, edited: 0, deleted: 1 });
    await stories(JSON.stringify({ stories: [{ ...STORIES[1], message: 'Rewritten afterwards.' }] }));
    expect((await status()).room).toMatchObject({ messages: 3, edited: 1, deleted: 1 });
  });
});
