import { describe, expect, test } from 'vitest';
import { mergeSources, messagesFromStoriesJson } from '@/utils/extract/message-room';
import { IDS, KEY_STORIES, stories } from '../../stand-in/sample-data.mjs';
import { createObservedMessage, DANIEL, MAYA, ROOM_ID, storyId } from './sample-factories';

/**
 * A room is read from two sources merged by storyId (REFERENCE §2): the rendered page (names,
 * attachments, the time as displayed) and the stories JSON the page loaded (exact times in Unix
 * ms, system and deletion flags, user ids, no names).
 */

/** As the page shows a message: name, minute-precision time, rendered text. */
const dom = (n: number, overrides: Parameters<typeof createObservedMessage>[0] = {}) =>
  createObservedMessage({ id: storyId(n), sentAt: `2026-11-20T20:1${n}:00.000Z`, sentAtDisplayed: `November 20, 2026 at 3:1${n} PM`, text: `Rendered ${n}`, ...overrides });

/** As the stories JSON carries it: user id, exact time, the text with its formatting markers. */
const json = (n: number, overrides: Parameters<typeof createObservedMessage>[0] = {}) =>
  createObservedMessage({
    id: storyId(n),
    senderName: null,
    senderId: DANIEL.userId,
    sentAt: `2026-11-20T20:1${n}:42.000Z`,
    sentAtDisplayed: null,
    text: `**JSON** ${n}`,
    jsonText: `**JSON** ${n}`,
    source: 'json',
    ...overrides,
  });

describe('mergeSources', () => {
  test('page only: the rendered messages as they are', () => {
    const page = [dom(1), dom(2, { senderName: MAYA.name })];
    expect(mergeSources(page, [])).toEqual(page);
  });

  test('JSON only: the JSON messages, without names (the JSON has none), oldest first', () => {
    const merged = mergeSources([], [json(3), json(1), json(2, { senderId: MAYA.userId })]);
    expect(merged.map((m) => m.id)).toEqual([storyId(1), storyId(2), storyId(3)]);
    expect(merged.every((m) => m.source === 'json' && m.senderName === null && m.sentAtDisplayed === null)).toBe(true);
  });

  test('both: the exact time from the JSON; sender, text, attachments and displayed time from the page', () => {
    const attachments = [{ name: 'product-import-report.csv', size: '312 KB', url: 'https://www.upwork.com/messages/att/att_1/product-import-report.csv' }];
    const [merged] = mergeSources([dom(1, { attachments })], [json(1)]);
    expect(merged).toEqual({
      ...dom(1, { attachments }),
      senderName: DANIEL.name,
      senderId: DANIEL.userId,
      sentAt: '2026-11-20T20:11:42.000Z',
      sentAtDisplayed: 'November 20, 2026 at 3:11 PM',
      sentAtUnparsed: false,
      text: 'Rendered 1',
      jsonText: '**JSON** 1',
      source: 'both',
    });
  });

  test('a time the page showed unreadably is filled in from the JSON', () => {
    const [merged] = mergeSources([dom(1, { sentAt: null, sentAtUnparsed: true, sentAtDisplayed: 'sometime' })], [json(1)]);
    expect(merged).toMatchObject({ sentAt: '2026-11-20T20:11:42.000Z', sentAtUnparsed: false, sentAtDisplayed: 'sometime' });
  });

  test('the JSON settles the repeated hour of a daylight-saving change', () => {
    // Both read "1:30 AM" on 1 November in New York; the page alone may take the wrong one.
    const [merged] = mergeSources([dom(1, { sentAt: '2026-11-01T05:30:00.000Z' })], [json(1, { sentAt: '2026-11-01T06:30:00.000Z' })]);
    expect(merged!.sentAt).toBe('2026-11-01T06:30:00.000Z');
  });

  test("the JSON's deletion flag is kept", () => {
    const [merged] = mergeSources([dom(1)], [json(1, { deleted: true, text: '', jsonText: '' })]);
    expect(merged).toMatchObject({ deleted: true, text: 'Rendered 1' });
  });

  test('a JSON-only message gets the sender name the page showed for the same user id, and only that', () => {
    const page = [dom(1, { senderName: DANIEL.name })];
    const data = [
      json(1),
      json(2), // Daniel, not rendered (scrolled away)
      json(3, { senderId: MAYA.userId }), // Maya, never rendered: her name is unknown here
      json(4, { kind: 'system', text: 'Milestone 3 funded', jsonText: 'Milestone 3 funded' }), // system events have no sender
    ];
    const merged = mergeSources(page, data);
    expect(merged.map((m) => [m.id, m.senderName, m.source])).toEqual([
      [storyId(1), DANIEL.name, 'both'],
      [storyId(2), DANIEL.name, 'json'],
      [storyId(3), null, 'json'],
      [storyId(4), null, 'json'],
    ]);
  });

  test("the page's order first, then JSON-only messages", () => {
    const merged = mergeSources([dom(5), dom(6)], [json(1), json(6), json(2)]);
    expect(merged.map((m) => m.id)).toEqual([storyId(5), storyId(6), storyId(1), storyId(2)]);
  });
});

describe('messagesFromStoriesJson (the stand-in serves the shape of REFERENCE §2)', () => {
  const list = messagesFromStoriesJson({ stories: stories(IDS.fixedRoomId, 'v1') }, IDS.fixedRoomId);
  const byId = new Map(list.map((m) => [m.id, m]));

  test('every story, with exact times, user ids and the text as the JSON carries it', () => {
    expect(list).toHaveLength(stories(IDS.fixedRoomId, 'v1').length);
    expect(byId.get(KEY_STORIES.m3Delivery)).toMatchObject({
      roomId: IDS.fixedRoomId,
      senderName: null,
      senderId: MAYA.userId,
      sentAt: '2026-11-20T20:10:00.000Z',
      sentAtUnparsed: false,
      source: 'json',
      kind: 'message',
      deleted: false,
      attachments: [{ name: 'product-import-report.csv', size: '312 KB', url: expect.stringMatching(/^https:\/\/www\.upwork\.com\/messages\/att\//) }],
    });
    expect(byId.get(KEY_STORIES.m3Delivery)!.jsonText).toContain('**Submit work**');
  });

  test('system stories and deleted stories are flagged', () => {
    expect(byId.get(KEY_STORIES.contractStarted)).toMatchObject({ kind: 'system', text: 'Contract started' });
    expect(byId.get(KEY_STORIES.deletedInV1)).toMatchObject({ deleted: true, text: '' });
  });

  test('the hostile texts stay text', () => {
    expect(byId.get(KEY_STORIES.hostileImg)!.text).toContain('<img src=x onerror=alert(1)>');
    expect(byId.get(KEY_STORIES.bidi)!.text).toContain('\u202E');
  });

  test('anything else is ignored, not thrown at', () => {
    expect(messagesFromStoriesJson(null, ROOM_ID)).toEqual([]);
    expect(messagesFromStoriesJson({ stories: 'nope' }, ROOM_ID)).toEqual([]);
    expect(messagesFromStoriesJson({ stories: [null, 7, { storyId: '<script>' }, { storyId: storyId(1), created: 'x' }] }, ROOM_ID).map((m) => m.id)).toEqual([storyId(1)]);
  });
});
