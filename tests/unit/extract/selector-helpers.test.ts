// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { all, first, rightmostCompound } from '@/utils/extract/selectors';

describe('selector helpers', () => {
  it('find the rightmost part of a selector, ignoring combinators inside brackets, quotes and :not()', () => {
    expect(rightmostCompound('.a')).toBeNull();
    expect(rightmostCompound('.story-message [data-test="story-message"]')).toBe('[data-test="story-message"]');
    expect(rightmostCompound('.a > b.c')).toBe('b.c');
    expect(rightmostCompound('[title="x y > z"]')).toBeNull();
    expect(rightmostCompound('a:not(.b .c)')).toBeNull();
    expect(rightmostCompound('.a, .b')).toBeNull();
  });

  it('find the same elements as querySelector, including ancestors outside the root', () => {
    document.body.innerHTML = `<div class="story-message" id="outer"><div id="item">
      <span data-test="story-message" id="s1"></span><div class="story-message"><span data-test="story-message" id="s2"></span></div>
      <p class="x"><b id="b1"></b></p><b id="b2"></b></div></div>`;
    const item = document.getElementById('item')!;
    // As the DOM standard (and Chromium) has it: ancestors outside the root count too (#outer).
    const expected: [string, string[]][] = [
      ['.story-message [data-test="story-message"]', ['s1', 's2']],
      ['.story-message > [data-test="story-message"]', ['s2']],
      ['p.x > b', ['b1']],
      ['div b', ['b1', 'b2']],
      ['#outer b', ['b1', 'b2']],
      ['.nothing b', []],
    ];
    for (const [selector, ids] of expected) {
      expect(first(item, [selector])?.id ?? null, selector).toBe(ids[0] ?? null);
      expect(all(item, [selector]).map((e) => e.id), selector).toEqual(ids);
    }
    // Alternatives are tried in order.
    expect(first(item, ['.nothing b', 'p.x > b'])?.id).toBe('b1');
  });
});
