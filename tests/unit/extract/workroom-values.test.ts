import { describe, expect, test } from 'vitest';
import { parseDay, parseMoney, unflattenNuxt } from '@/utils/extract/workroom';
import { contractApiJson, IDS } from '../../stand-in/sample-data.mjs';
import { reactive, shallowReactive, stringifyPayload } from '../../stand-in/nuxt-payload.mjs';

/** The small readers the workroom extractor is built from: money, calendar days, Nuxt payloads. */

describe('parseMoney: the digits exactly as shown, never a float', () => {
  test.each([
    ['$1,200.00', '1200.00', 'USD'],
    ['$2,400.00', '2400.00', 'USD'],
    ['$45.00/hr', '45.00', 'USD'],
    ['$600', '600', 'USD'],
    ['$0.50', '0.50', 'USD'],
    ['$1,234,567.89', '1234567.89', 'USD'],
    ['-$50.00', '-50.00', 'USD'],
    ['Project price $2,400.00', '2400.00', 'USD'],
    ['Paid $600.00 on Sep 21, 2026', '600.00', 'USD'],
    ['€99.50', '99.50', 'EUR'],
    ['£12.50', '12.50', 'GBP'],
    ['USD 300.00', '300.00', 'USD'],
  ])('%s → %s %s', (text, amount, currency) => {
    expect(parseMoney(text)).toEqual({ amount, currency });
  });

  test('no amount → null', () => {
    for (const text of [null, undefined, '', 'Not funded', 'No limit', '$', 'Milestone 3']) expect(parseMoney(text), String(text)).toBeNull();
  });

  test('a number written with other separators is refused rather than misread ("€1.200,00" is not 1.2)', () => {
    const read = parseMoney('€1.200,00');
    expect(read === null || read.amount === '1200.00').toBe(true);
  });
});

describe('parseDay: calendar days carry no time zone', () => {
  test.each([
    ['Sep 21, 2026', '2026-09-21'],
    ['Due Sep 21, 2026', '2026-09-21'],
    ['September 3, 2026', '2026-09-03'],
    ['Started Sep 3, 2026', '2026-09-03'],
    ['Dec 14 2026', '2026-12-14'],
    ['2026-09-21', '2026-09-21'],
    ['2026-11-23T00:00:00.000Z', '2026-11-23'],
    ['Feb 29, 2028', '2028-02-29'],
  ])('%s → %s', (text, day) => {
    expect(parseDay(text)).toBe(day);
  });

  test('no date, or a date that does not exist → null', () => {
    for (const text of [null, undefined, '', 'soon', 'Due Sep 21', 'Smarch 3, 2026', 'Feb 29, 2026', 'Feb 30, 2028', 'Sep 31, 2026']) {
      expect(parseDay(text), String(text)).toBeNull();
    }
  });
});

describe('unflattenNuxt: the __NUXT_DATA__ payload', () => {
  test('plain JSON (the `nuxt=plain` form) is returned as it is', () => {
    const plain = { data: { a: 1 }, state: {}, serverRendered: true };
    expect(unflattenNuxt(JSON.stringify(plain))).toEqual(plain);
  });

  test("Nuxt's devalue format: index 0 is the root, objects hold indexes, reactive wrappers are unwrapped", () => {
    const text = JSON.stringify([{ data: 1, state: 2, path: 5 }, ['ShallowReactive', 3], ['Reactive', 4], { title: 6, n: 7 }, {}, '/nx/wm/workroom/1', 'Shop', 42]);
    expect(unflattenNuxt(text)).toEqual({ data: { title: 'Shop', n: 42 }, state: {}, path: '/nx/wm/workroom/1' });
  });

  test('the payload the stand-in serves reads back as the contract JSON it was made from', () => {
    const data = { [`workroom-contract-${IDS.fixedContractId}`]: contractApiJson(IDS.fixedContractId, 'v1') };
    const path = `/nx/wm/workroom/${IDS.fixedContractId}/overview`;
    const payload = shallowReactive({ data: shallowReactive(data), state: reactive({}), once: [], _errors: shallowReactive({}), serverRendered: true, path });
    expect(unflattenNuxt(stringifyPayload(payload))).toEqual({ data, state: {}, once: [], _errors: {}, serverRendered: true, path });
  });

  test('shared values stay shared and a cycle does not loop forever', () => {
    const shared = unflattenNuxt(JSON.stringify([{ a: 1, b: 1 }, { x: 2 }, 'same'])) as { a: object; b: object };
    expect(shared.a).toBe(shared.b);
    const cyclic = unflattenNuxt(JSON.stringify([{ self: 0, name: 1 }, 'loop'])) as { self: unknown; name: string };
    expect(cyclic.self).toBe(cyclic);
    expect(cyclic.name).toBe('loop');
  });

  test('dates are kept as their ISO text', () => {
    expect(unflattenNuxt(JSON.stringify([{ at: 1 }, ['Date', '2026-11-20T20:15:00.000Z']]))).toEqual({ at: '2026-11-20T20:15:00.000Z' });
  });

  test('text that is not JSON throws (the caller keeps the raw page and uses the other layers)', () => {
    expect(() => unflattenNuxt('{not json')).toThrow();
  });
});
