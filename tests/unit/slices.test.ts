import { describe, expect, it } from 'vitest';
import { regroup, stringifyFragments, stringifySliced, timeSlicer } from '@/utils/slices';

describe('work in slices', () => {
  it('writes exactly the JSON that JSON.stringify writes, yielding between pieces', async () => {
    const messages = Array.from({ length: 1203 }, (_, i) => ({
      id: `story_${i}`,
      text: i % 7 === 0 ? '<script>alert(1)</script> \u202Egnp.exe "quoted" \\ back' : `Message ${i}`,
      senderName: i % 3 ? 'Dana' : null,
      missing: undefined,
      attachments: i % 5 ? [] : [{ name: 'a.pdf', size: null, url: 'https://www.upwork.com/x' }],
      sentAtUnparsed: false,
      n: i / 3,
    }));
    const payload = { url: 'https://www.upwork.com/ab/messages/rooms/room_1', skipped: undefined, html: '<!DOCTYPE html>\n<p>x</p>', structured: { type: 'room', messages, renderedIds: messages.map((m) => m.id) }, pageJson: [] };
    let ticks = 0;
    const text = await stringifySliced(payload, async () => {
      ticks += 1;
    });
    expect(text).toBe(JSON.stringify(payload));
    expect(ticks).toBeGreaterThanOrEqual(8);
    for (const v of [null, 'x', 3, true, [], {}, [1, [2, { a: undefined }]]]) expect(await stringifySliced(v, async () => {})).toBe(JSON.stringify(v));
    // A long string with quotes, controls and surrogate pairs on every slice boundary.
    const long = `${'a'.repeat(256 * 1024 - 1)}😀"\n\u0001${'é😀'.repeat(200_000)}`;
    let longTicks = 0;
    expect(
      await stringifySliced({ html: long }, async () => {
        longTicks += 1;
      }),
    ).toBe(JSON.stringify({ html: long }));
    expect(longTicks).toBeGreaterThan(2);
  });

  it('regroups fragments into parts of a fixed size without losing or reordering a character', async () => {
    const fragments = await stringifyFragments({ html: 'x'.repeat(700_000), messages: Array.from({ length: 900 }, (_, i) => ({ i, t: `m${i}` })) }, async () => {});
    const whole = fragments.join('');
    for (const size of [1, 7, 1000, 262_144, whole.length, whole.length + 5]) {
      const parts = regroup(fragments, size);
      expect(parts.join('')).toBe(whole);
      expect(parts.slice(0, -1).every((p) => p.length === size)).toBe(true);
      expect(parts.at(-1)!.length).toBeLessThanOrEqual(size);
    }
    expect(regroup([], 10)).toEqual([]);
    expect(regroup(['', ''], 10)).toEqual([]);
  });

  it('yields only when the slice has used its time', async () => {
    let now = 0;
    const tick = timeSlicer(10, () => now);
    const before = Date.now();
    await tick(); // young slice: no yield needed
    now = 11;
    let yielded = false;
    const done = tick().then(() => (yielded = true));
    expect(yielded).toBe(false); // it waits for a macrotask turn
    await done;
    expect(yielded).toBe(true);
    expect(Date.now() - before).toBeGreaterThanOrEqual(0);
  });
});
