import { describe, expect, it, vi } from 'vitest';
import { createHandlers } from '@/utils/handlers';
import { dispatch, type SenderInfo } from '@/utils/router';
import { MAX_PAYLOAD_CHARS } from '@/utils/protocol';
import { createRawPage, freshDb } from '../helpers/db';

const identity = { runtimeId: 'casefile-id', extensionOrigin: 'chrome-extension://casefile-id/' };
const fromTab: SenderInfo = { id: 'casefile-id', url: 'https://www.upwork.com/ab/messages/rooms/room_4f2a9c1b7e3d4a5b8c6d0e1f2a3b4c5d', tab: { id: 7 } };
const fromPopup: SenderInfo = { id: 'casefile-id', url: 'chrome-extension://casefile-id/popup.html' };
const fromOtherExtension: SenderInfo = { id: 'someone-else', url: 'chrome-extension://someone-else/x.html' };

async function setup() {
  const db = freshDb();
  await db.open();
  let n = 0;
  const onCaptured = vi.fn();
  const handlers = createHandlers({
    db,
    now: () => new Date('2026-11-21T00:00:00.000Z'),
    newId: () => `id-${++n}`,
    extensionVersion: '0.1.0',
    tabUrl: async () => fromTab.url!,
    onCaptured,
  });
  // What sendCommand sends: the payload as one JSON string.
  const send = (command: string, payload: unknown, sender: SenderInfo) => dispatch({ casefile: 1, command, payloadJson: JSON.stringify(payload) }, sender, handlers, identity);
  const sendObject = (command: string, payload: unknown, sender: SenderInfo) => dispatch({ casefile: 1, command, payload }, sender, handlers, identity);
  return { db, send, sendObject, onCaptured };
}

describe('typed messaging', () => {
  it('stores a page sent by the content script and answers with a typed summary', async () => {
    const { db, send, onCaptured } = await setup();
    const reply = await send('page.capture', createRawPage(), fromTab);
    expect(reply).toMatchObject({ ok: true, value: { id: 'id-1', pageKind: 'message-room' } });
    expect(await db.captures.count()).toBe(1);
    expect(onCaptured).toHaveBeenCalledWith(7, expect.objectContaining({ id: 'id-1' }));
  });

  it('refuses delete, wipe and reads from a tab: only extension pages may ask', async () => {
    const { db, send } = await setup();
    await send('page.capture', createRawPage(), fromTab);
    for (const [command, payload] of [
      ['capture.delete', { id: 'id-1' }],
      ['store.wipe', { confirm: 'wipe all evidence' }],
      ['capture.list', {}],
    ] as const) {
      const reply = await send(command, payload, fromTab);
      expect(reply, command).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(await db.captures.count()).toBe(1);
    expect(await send('store.wipe', { confirm: 'wipe all evidence' }, fromOtherExtension)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await send('capture.delete', { id: 'id-1' }, fromPopup)).toMatchObject({ ok: true });
    expect(await db.captures.count()).toBe(0);
  });

  it('refuses captures that claim to come from an extension page', async () => {
    const { send } = await setup();
    expect(await send('page.capture', createRawPage(), fromPopup)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('answers malformed payloads with a typed error naming the field', async () => {
    const { db, send } = await setup();
    const reply = await send('page.capture', { ...createRawPage(), capturedAt: 'last tuesday', pageKind: 'bank' }, fromTab);
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    if (!reply.ok) expect(reply.error.detail).toMatch(/capturedAt|pageKind/);
    expect(await db.captures.count()).toBe(0);
    expect(await dispatch('hello', fromTab, {} as never, identity)).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(await send('store.explode', {}, fromPopup)).toMatchObject({ ok: false, error: { code: 'unknown-command' } });
    expect(await send('store.wipe', { confirm: 'yes' }, fromPopup)).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });

  it('accepts the payload as an object too, and refuses a payload string that is not JSON', async () => {
    const { db, send, sendObject } = await setup();
    expect(await sendObject('page.capture', createRawPage(), fromTab)).toMatchObject({ ok: true });
    const broken = await dispatch({ casefile: 1, command: 'page.capture', payloadJson: '{"url": "https://www.upwork.com/' }, fromTab, {} as never, identity);
    expect(broken).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(await send('page.capture', 'not an object', fromTab)).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(await db.captures.count()).toBe(1);
  });

  it('refuses a payload over the size limit with a clear error, before parsing it', async () => {
    const { db, send, sendObject } = await setup();
    const huge = createRawPage({ html: 'x'.repeat(MAX_PAYLOAD_CHARS + 1) });
    const reply = await send('page.capture', huge, fromTab);
    expect(reply).toMatchObject({ ok: false, error: { code: 'too-large' } });
    expect(await sendObject('page.capture', huge, fromTab)).toMatchObject({ ok: false, error: { code: 'too-large' } });
    if (!reply.ok) expect(reply.error.message).toMatch(/too large/);
    expect(await db.captures.count()).toBe(0);
  });

  it('reports the store summary with the audit chain state', async () => {
    const { send } = await setup();
    await send('page.capture', createRawPage(), fromTab);
    const reply = await send('store.summary', {}, fromPopup);
    expect(reply).toMatchObject({ ok: true, value: { counts: { captures: 1, audit: 1 }, audit: { ok: true, count: 1 } } });
  });
});
