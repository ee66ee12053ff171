import { describe, expect, test } from 'vitest';
import { messageHash, reconcileMessages } from '@/utils/extract/changes';
import { createMessageRecord, createObservedMessage, minute, observedAgain, storedConversation, storyId } from './sample-factories';

/**
 * What a later look at a room means for the stored messages (utils/extract/changes.ts): edits keep
 * the earlier text, deletions keep the last text, and only a message missing *between* two rendered
 * neighbours counts as deleted: never one that scrolled away or that a virtual list unmounted.
 */

const SEEN = '2026-11-24T16:00:00.000Z';
const CAPTURE = 'capture-2';
const reconcile = (input: Omit<Parameters<typeof reconcileMessages>[0], 'captureId' | 'seenAt'>) => reconcileMessages({ ...input, captureId: CAPTURE, seenAt: SEEN });

describe('edits', () => {
  test('a message shown with other text is marked edited and its earlier text kept as a revision, with when it was seen', () => {
    const stored = createMessageRecord({ text: 'It is 480 SKUs total, including all variants.', lastSeenAt: '2026-11-21T09:00:00.000Z', captureId: 'capture-1' });
    const result = reconcile({
      stored: [stored],
      observed: [createObservedMessage({ text: 'It is 480 SKUs total, not counting variants.' })],
      renderedIds: [stored.id],
    });
    expect(result.editedIds).toEqual([stored.id]);
    expect(result.revisions).toHaveLength(1);
    expect(result.revisions[0]).toMatchObject({
      messageId: stored.id,
      roomId: stored.roomId,
      text: 'It is 480 SKUs total, including all variants.',
      seenAt: '2026-11-21T09:00:00.000Z',
      captureId: 'capture-1',
    });
    expect(result.revisions[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    const [record] = result.upserts;
    expect(record).toMatchObject({ id: stored.id, text: 'It is 480 SKUs total, not counting variants.', edited: true, deleted: false, lastSeenAt: SEEN, captureId: CAPTURE, firstSeenAt: stored.firstSeenAt });
    expect(record!.sha256).toBe(messageHash(record!));
    expect(result.deletedIds).toEqual([]);
  });

  test('a changed attachment list is an edit too', () => {
    const stored = createMessageRecord({ attachments: [{ name: 'theme-export-draft.zip', size: '3.6 MB', url: 'https://www.upwork.com/messages/att/att_1/theme-export-draft.zip' }] });
    const result = reconcile({ stored: [stored], observed: [createObservedMessage({ attachments: [] })], renderedIds: [stored.id] });
    expect(result.editedIds).toEqual([stored.id]);
    expect(result.revisions[0]!.attachments).toEqual(stored.attachments);
  });

  test('the same message seen again changes nothing but when it was last seen', () => {
    const stored = storedConversation(3);
    const result = reconcile({ stored, observed: observedAgain(stored), renderedIds: stored.map((m) => m.id) });
    expect(result.editedIds).toEqual([]);
    expect(result.deletedIds).toEqual([]);
    expect(result.revisions).toEqual([]);
    for (const [i, m] of result.upserts.entries()) {
      expect(m).toEqual({ ...stored[i], lastSeenAt: SEEN });
    }
  });

  test('the JSON text differing from the rendered text is not an edit (formatting markers, list bullets)', () => {
    // The page renders "- Navy `#1F2A44`" as a list item with code; the stories JSON keeps the markers.
    const rendered = 'Here are the colour tokens:\nNavy #1F2A44\nSand #E9DFCF';
    const json = 'Here are the colour tokens:\n- Navy `#1F2A44`\n- Sand `#E9DFCF`';
    const stored = createMessageRecord({ text: rendered, source: 'dom' });
    const fromJson = reconcile({ stored: [stored], observed: [createObservedMessage({ text: json, jsonText: json, source: 'json', senderName: null })], renderedIds: [] });
    expect(fromJson.editedIds).toEqual([]);
    expect(fromJson.revisions).toEqual([]);
    expect(fromJson.upserts[0]).toMatchObject({ text: rendered, jsonText: json, source: 'both', edited: false, senderName: stored.senderName });

    // And the other way round: stored from JSON only, then rendered.
    const storedJson = createMessageRecord({ text: json, jsonText: json, source: 'json', senderName: null });
    const rendered2 = reconcile({ stored: [storedJson], observed: [createObservedMessage({ text: rendered })], renderedIds: [storedJson.id] });
    expect(rendered2.editedIds).toEqual([]);
    expect(rendered2.upserts[0]).toMatchObject({ text: rendered, jsonText: json, source: 'both', edited: false });
  });

  test('JSON text compared with JSON text is an edit when it changed', () => {
    const stored = createMessageRecord({ text: 'Scope: 480 SKUs', jsonText: 'Scope: **480** SKUs', source: 'both' });
    const result = reconcile({
      stored: [stored],
      observed: [createObservedMessage({ text: 'Scope: 540 SKUs', jsonText: 'Scope: 540 SKUs', source: 'json' })],
      renderedIds: [],
    });
    expect(result.editedIds).toEqual([stored.id]);
    expect(result.revisions[0]!.text).toBe('Scope: 480 SKUs');
  });
});

describe('deletions', () => {
  test('a message the page data flags deleted is marked deleted and keeps its last text', () => {
    const stored = createMessageRecord({ text: 'Approved — go ahead and submit milestone 2.', source: 'both', jsonText: 'Approved — go ahead and submit milestone 2.' });
    const result = reconcile({
      stored: [stored],
      observed: [createObservedMessage({ source: 'json', text: '', jsonText: '', deleted: true, senderName: null })],
      renderedIds: [],
    });
    expect(result.deletedIds).toEqual([stored.id]);
    expect(result.editedIds).toEqual([]);
    expect(result.revisions).toEqual([]);
    expect(result.upserts[0]).toMatchObject({ id: stored.id, deleted: true, text: stored.text, edited: false, captureId: CAPTURE });
  });

  test('a message first seen already deleted is stored and reported once', () => {
    const result = reconcile({ stored: [], observed: [createObservedMessage({ source: 'json', text: '', deleted: true })], renderedIds: [] });
    expect(result.deletedIds).toEqual([storyId(1)]);
    expect(result.upserts[0]).toMatchObject({ deleted: true, edited: false, firstSeenAt: SEEN });
  });

  test('a message missing between two neighbours that are rendered next to each other is deleted, its text kept', () => {
    const stored = storedConversation(5);
    const [m1, m2, m3, m4, m5] = stored;
    const shown = [m1!, m2!, m4!, m5!];
    const result = reconcile({ stored, observed: observedAgain(shown), renderedIds: shown.map((m) => m.id) });
    expect(result.deletedIds).toEqual([m3!.id]);
    const deleted = result.upserts.find((m) => m.id === m3!.id)!;
    expect(deleted).toMatchObject({ deleted: true, text: 'Message 3', captureId: CAPTURE });
    expect(deleted.sha256).toBe(messageHash(deleted));
  });

  test('two missing messages in a row between rendered neighbours are both deleted', () => {
    const stored = storedConversation(5);
    const shown = [stored[0]!, stored[3]!, stored[4]!];
    const result = reconcile({ stored, observed: observedAgain(shown), renderedIds: shown.map((m) => m.id) });
    expect(result.deletedIds.sort()).toEqual([stored[1]!.id, stored[2]!.id].sort());
  });

  test('messages that scrolled out of the rendered run are not deleted', () => {
    const stored = storedConversation(10);
    // The pane now shows only the newest three (the older seven scrolled away or were never reloaded).
    const shown = stored.slice(7);
    const result = reconcile({ stored, observed: observedAgain(shown), renderedIds: shown.map((m) => m.id) });
    expect(result.deletedIds).toEqual([]);
    expect(result.upserts.every((m) => !m.deleted)).toBe(true);
  });

  test('a virtualized list that unmounted items above and below the visible window deletes nothing', () => {
    const stored = storedConversation(12);
    // A virtual list keeps a window in the middle mounted; everything else is unmounted, not gone.
    const shown = stored.slice(4, 8);
    const result = reconcile({ stored, observed: observedAgain(shown), renderedIds: shown.map((m) => m.id) });
    expect(result.deletedIds).toEqual([]);
  });

  test('a message seen for the first time counts as a rendered neighbour', () => {
    const stored = storedConversation(3);
    // Rendered: 1, a newcomer sent half a minute after 2, then 3. Message 2 would sit between 1 and
    // the newcomer, which are rendered next to each other: it is gone.
    const newcomer = createObservedMessage({ id: storyId(99), sentAt: new Date(Date.parse(minute(2)) + 30_000).toISOString(), text: 'A new message' });
    const shown = [...observedAgain([stored[0]!]), newcomer, ...observedAgain([stored[2]!])];
    const result = reconcile({ stored, observed: shown, renderedIds: shown.map((m) => m.id) });
    expect(result.deletedIds).toEqual([stored[1]!.id]);
  });

  test('a message whose time could not be read is never deleted by absence', () => {
    const stored = storedConversation(3, (i) => (i === 2 ? { sentAt: null, sentAtUnparsed: true, sentAtDisplayed: 'sometime' } : {}));
    const shown = [stored[0]!, stored[2]!];
    const result = reconcile({ stored, observed: observedAgain(shown), renderedIds: shown.map((m) => m.id) });
    expect(result.deletedIds).toEqual([]);
    expect(result.upserts.find((m) => m.id === stored[1]!.id)).toBeUndefined();
  });

  test('one rendered message alone cannot prove anything deleted', () => {
    const stored = storedConversation(3);
    const result = reconcile({ stored, observed: observedAgain([stored[1]!]), renderedIds: [stored[1]!.id] });
    expect(result.deletedIds).toEqual([]);
  });
});
