import { describe, expect, test } from 'vitest';
import { decodeObserved, encodeObserved, MAX_OBSERVED_CHARS, PAGE_JSON_CHANNEL, type ObservedJson } from '@/utils/observe/page-json';

/** The string an observer event carries from the page's world to the content script, and back. */
const observed = (body: string): ObservedJson => ({
  channel: PAGE_JSON_CHANNEL,
  kind: 'stories',
  url: 'https://www.upwork.com/api/v3/rooms/rooms/room_0123456789abcdef0123456789abcdef/stories/simplified',
  roomId: 'room_0123456789abcdef0123456789abcdef',
  receivedAt: '2026-11-21T09:00:00.000Z',
  body,
});

describe('the page-JSON event channel', () => {
  test('a copy comes through exactly, whatever its body holds', () => {
    for (const body of ['{"stories":[]}', 'line one\nline two\r\n', '<script>alert(1)</script>\u202E\u200B', '', 'x'.repeat(100_000)]) {
      expect(decodeObserved(encodeObserved(observed(body)))).toEqual(observed(body));
    }
  });

  test('anything else the page dispatches under that name is ignored, never thrown', () => {
    const valid = encodeObserved(observed('{}'));
    const bad: unknown[] = [
      undefined,
      null,
      42,
      { body: '{}' },
      'no line break at all',
      `{"channel":"other"}\n{}`,
      `not json\n{}`,
      valid.replace('"stories"', '"cookies"'),
      `${'{'.repeat(30_000)}\n{}`,
      encodeObserved(observed('x'.repeat(MAX_OBSERVED_CHARS + 1))),
    ];
    for (const detail of bad) expect(decodeObserved(detail)).toBeNull();
  });
});
