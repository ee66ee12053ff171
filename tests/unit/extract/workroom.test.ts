// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { extractWorkroom, parseDay, parseMoney, unflattenNuxt } from '@/utils/extract/workroom';

const NY = 'America/New_York';
const URL_FIXED = 'https://www.upwork.com/nx/wm/workroom/40112233/overview';

function page(body: string): Document {
  return new DOMParser().parseFromString(`<!DOCTYPE html><html><body>${body}</body></html>`, 'text/html');
}

describe('money exactly as displayed', () => {
  it.each([
    ['$1,200.00', { amount: '1200.00', currency: 'USD' }],
    // Digits and decimals as shown: none are added, removed or rounded.
    ['$1,200', { amount: '1200', currency: 'USD' }],
    ['$0.5', { amount: '0.5', currency: 'USD' }],
    ['$1,234,567.891', { amount: '1234567.891', currency: 'USD' }],
    ['$45.00/hr', { amount: '45.00', currency: 'USD' }],
    ['$ 45.00 /hr', { amount: '45.00', currency: 'USD' }],
    ['-$50.00', { amount: '-50.00', currency: 'USD' }],
    ['($50.00)', { amount: '-50.00', currency: 'USD' }],
    ['USD 1,234.56', { amount: '1234.56', currency: 'USD' }],
    ['1,234.56 EUR', { amount: '1234.56', currency: 'EUR' }],
    ['US$1,200.00', { amount: '1200.00', currency: 'USD' }],
    ['€99', { amount: '99', currency: 'EUR' }],
    ['£1\u00a0000.00', { amount: '1000.00', currency: 'GBP' }],
    ['Project funds: $600.00', { amount: '600.00', currency: 'USD' }],
  ])('%s → %j', (text, money) => {
    expect(parseMoney(text)).toEqual(money);
  });

  it.each([[''], [null], ['1,200.00'], ['1.200,00 €'], ['$12,34'], ['free'], ['Due Sep 21, 2026']])('%j is not read as money', (text) => {
    expect(parseMoney(text)).toBeNull();
  });
});

describe('calendar dates', () => {
  it.each([
    ['Sep 21, 2026', '2026-09-21'],
    ['Due Sep 21, 2026', '2026-09-21'],
    ['September 1, 2026', '2026-09-01'],
    ['2026-09-21', '2026-09-21'],
    ['2026-09-21T23:59:59Z', '2026-09-21'],
    ['Feb 30, 2026', null],
    ['soon', null],
    [null, null],
  ])('%j → %j', (text, day) => {
    expect(parseDay(text)).toBe(day);
  });
});

describe('the Nuxt payload (devalue)', () => {
  it('unflattens indexes, unwraps reactive wrappers and dates, keeps shared objects shared', () => {
    const payload = JSON.stringify([['ShallowReactive', 1], { data: 2, when: 5, nothing: -1, same: 3 }, ['Reactive', 3], { id: 4 }, '40112233', ['Date', '2026-01-20T08:12:00.000Z']]);
    const root = unflattenNuxt(payload) as { data: { id: string }; when: string; nothing: undefined; same: unknown };
    expect(root.data).toEqual({ id: '40112233' });
    expect(root.when).toBe('2026-01-20T08:12:00.000Z');
    expect(root.nothing).toBeUndefined();
    expect(root.same).toBe(root.data);
  });

  it('plain JSON passes through; text that is not JSON throws (the caller keeps the raw page)', () => {
    expect(unflattenNuxt('{"a":1}')).toEqual({ a: 1 });
    expect(() => unflattenNuxt('<!--')).toThrow();
  });
});

describe('layers', () => {
  const hourlyJson = {
    data: {
      contract: { id: '40112233', contractType: 'HOURLY', hourlyChargeRate: { rawValue: 38, currency: 'USD' }, weeklyHoursLimit: 15, status: 'ACTIVE', paused: true, startDateTime: '2026-01-12T15:00:00Z', endDateTime: null },
      contractDetails: { title: 'Data cleanup sprint', terms: { hourlyTerms: [{ hourlyRate: { rawValue: '38.00', currency: 'USD', displayValue: '$38.00' } }] } },
    },
  };

  it('the page\'s JSON comes first, then attributes, then labels; statuses use the page\'s wording', () => {
    const doc = page(
      '<h1 data-test="job-title">Title from the attribute</h1><span data-test="contract-status">Paused</span>' +
        '<div><span>Hourly rate</span><span>$40.00/hr</span></div><div><span>Weekly limit</span><span>10 hrs/week</span></div>',
    );
    const r = extractWorkroom(doc, URL_FIXED, NY, [hourlyJson]);
    expect(r.contract).toMatchObject({
      title: 'Data cleanup sprint',
      type: 'hourly',
      hourlyRate: { amount: '38.00', currency: 'USD' },
      weeklyLimitHours: 15,
      status: 'Paused',
      startDate: '2026-01-12',
      endDate: null,
    });
    expect(r.sources).toMatchObject({ title: 'json', hourlyRate: 'json', status: 'attributes' });
    expect(r.status.status).toBe('ok');
  });

  it('JSON for another contract is ignored; then the labels are read', () => {
    const other = { contract: { id: '99999999', contractType: 'FIXED_PRICE' } };
    const doc = page('<h1>Landing page</h1><dl><dt>Contract type</dt><dd>Hourly</dd><dt>Hourly rate</dt><dd>$40.00/hr</dd><dt>Weekly limit</dt><dd>10 hrs/week</dd><dt>Status</dt><dd>Active</dd></dl>');
    const r = extractWorkroom(doc, URL_FIXED, NY, [other]);
    expect(r.contract).toMatchObject({ title: 'Landing page', type: 'hourly', hourlyRate: { amount: '40.00', currency: 'USD' }, weeklyLimitHours: 10, status: 'Active' });
    expect(new Set(Object.values(r.sources))).toEqual(new Set(['labels']));
  });

  it('"Escrow" and "Project funds" are the same figure', () => {
    for (const label of ['Project funds', 'Escrow']) {
      const r = extractWorkroom(page(`<h1>T</h1><div><div>${label}</div><div>$1,000.00</div></div>`), URL_FIXED, NY);
      expect(r.extras.projectFunds).toEqual({ amount: '1000.00', currency: 'USD' });
    }
  });

  it('a paused flag in the JSON shows when the page shows no status', () => {
    const r = extractWorkroom(page(''), URL_FIXED, NY, [hourlyJson]);
    expect(r.contract!.status).toBe('PAUSED');
  });

  it('without a contract id in the address, or with nothing recognisable, extraction fails', () => {
    expect(extractWorkroom(page('<h1>T</h1>'), 'https://www.upwork.com/nx/wm/contracts', NY).status).toEqual({ status: 'failed', detail: 'no contract id in the address' });
    const r = extractWorkroom(page('<div>Something went wrong.</div>'), URL_FIXED, NY);
    expect(r.contract).toBeNull();
    expect(r.status.status).toBe('failed');
    expect(r.status.detail).toMatch(/^structured extraction failed/);
  });

  it('a value that reads like a label is not taken for one', () => {
    const doc = page('<h1>T</h1><div><span>Status</span><span>Ended</span></div><div><span>Started</span><span>Jan 5, 2026</span></div>');
    expect(extractWorkroom(doc, URL_FIXED, NY).contract).toMatchObject({ status: 'Ended', startDate: '2026-01-05', endDate: null });
  });
});
