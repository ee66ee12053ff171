import { describe, expect, it } from 'vitest';
import { formatMoney, milestoneState, MoneyTotals, stakeOf } from '@/utils/package/money';
import { createMilestone } from './factories';

/** The amounts at stake are added exactly, per currency, from what the milestones' status says. */
describe('what is at stake', () => {
  it('adds amounts exactly, never as floats', () => {
    const totals = new MoneyTotals();
    totals.add({ amount: '0.10', currency: 'USD' });
    totals.add({ amount: '0.2', currency: 'USD' });
    totals.add({ amount: '1000000.005', currency: 'USD' });
    totals.add({ amount: '-0.01', currency: 'USD' });
    expect(totals.list()).toEqual([{ amount: '1000000.295', currency: 'USD' }]);
  });

  it('keeps currencies apart, in a fixed order', () => {
    const totals = new MoneyTotals();
    totals.add({ amount: '5.00', currency: 'USD' });
    totals.add({ amount: '7.50', currency: 'EUR' });
    totals.add(null);
    expect(totals.list()).toEqual([
      { amount: '7.50', currency: 'EUR' },
      { amount: '5.00', currency: 'USD' },
    ]);
  });

  it('formats amounts with grouping, as shown to people', () => {
    expect(formatMoney({ amount: '1234567.50', currency: 'USD' })).toBe('USD 1,234,567.50');
    expect(formatMoney({ amount: '-300', currency: 'EUR' })).toBe('EUR -300');
    expect(formatMoney(null)).toBe('—');
  });

  it.each([
    ['Paid', null, 'paid'],
    ['Active & funded', null, 'funded'],
    ['Submitted for review', null, 'funded'],
    ['Awaiting payment', null, 'funded'],
    ['Not funded', null, 'unfunded'],
    ['Unpaid', null, 'unknown'],
    [null, null, 'unknown'],
    ['Active & funded', '2026-10-12T09:30:00.000Z', 'paid'],
  ] as const)('reads status %j (paid at %j) as %s', (status, paidAt, state) => {
    expect(milestoneState({ status, paidAt })).toBe(state);
  });

  it('splits milestones into paid, funded, not funded and unpaid', () => {
    const stake = stakeOf([
      createMilestone({ amount: { amount: '500.00', currency: 'USD' }, status: 'Paid' }),
      createMilestone({ amount: { amount: '700.00', currency: 'USD' }, status: 'Active & funded', paidAt: null }),
      createMilestone({ amount: { amount: '300.50', currency: 'USD' }, status: 'Not funded', paidAt: null }),
      createMilestone({ amount: null, status: 'Not funded', paidAt: null }),
    ]);
    expect(stake).toEqual({
      total: [{ amount: '1500.50', currency: 'USD' }],
      paid: [{ amount: '500.00', currency: 'USD' }],
      funded: [{ amount: '700.00', currency: 'USD' }],
      unfunded: [{ amount: '300.50', currency: 'USD' }],
      unknown: [],
      unpaid: [{ amount: '1000.50', currency: 'USD' }],
    });
  });
});
