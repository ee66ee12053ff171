import type { Milestone, Money } from '../db/records';

/**
 * Amounts as the page showed them ("500.00") are added up exactly, in integer minor units, never
 * as floats: a report that says 0.30000000000000004 would undermine everything else in it.
 */

interface Exact {
  units: bigint;
  scale: number;
}

function parse(amount: string): Exact {
  const negative = amount.startsWith('-');
  const [whole = '0', fraction = ''] = amount.replace(/^-/, '').split('.');
  const units = BigInt(whole + fraction) * (negative ? -1n : 1n);
  return { units, scale: fraction.length };
}

function rescale(value: Exact, scale: number): bigint {
  return value.units * 10n ** BigInt(scale - value.scale);
}

/** A running total per currency. */
export class MoneyTotals {
  private readonly totals = new Map<string, Exact>();

  add(money: Money | null | undefined): void {
    if (!money) return;
    const value = parse(money.amount);
    const current = this.totals.get(money.currency) ?? { units: 0n, scale: value.scale };
    const scale = Math.max(current.scale, value.scale);
    this.totals.set(money.currency, { units: rescale(current, scale) + rescale(value, scale), scale });
  }

  isEmpty(): boolean {
    return this.totals.size === 0;
  }

  /** Per currency, sorted by currency code: `[{ amount: '1500.00', currency: 'USD' }]`. */
  list(): Money[] {
    return [...this.totals.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([currency, value]) => ({ currency, amount: toAmount(value) }));
  }
}

function toAmount({ units, scale }: Exact): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale);
  return `${negative ? '-' : ''}${whole}${scale > 0 ? `.${fraction}` : ''}`;
}

/** `{ amount: '1500.00', currency: 'USD' }` → `USD 1,500.00`. */
export function formatMoney(money: Money | null | undefined): string {
  if (!money) return '—';
  const [whole = '0', fraction] = money.amount.replace(/^-/, '').split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${money.currency} ${money.amount.startsWith('-') ? '-' : ''}${grouped}${fraction !== undefined ? `.${fraction}` : ''}`;
}

export function formatTotals(list: Money[]): string {
  return list.length === 0 ? '—' : list.map(formatMoney).join(' + ');
}

export type MilestoneState = 'paid' | 'funded' | 'unfunded' | 'unknown';

/**
 * Where a milestone's money stands, from its dates and the status text Upwork showed ("Paid",
 * "Active & funded", "Not funded", "Submitted for review", "Awaiting payment"…). Status wording
 * varies, so this is a reading of it: the report always shows the status text beside it.
 */
export function milestoneState(m: Pick<Milestone, 'status' | 'paidAt'>): MilestoneState {
  if (m.paidAt) return 'paid';
  const status = (m.status ?? '').toLowerCase();
  if (/\bpaid\b|released|payment sent/.test(status)) return 'paid';
  if (/not funded|unfunded|not yet funded|awaiting funding|pending funding|needs funding/.test(status)) return 'unfunded';
  if (/fund|escrow|active|submit|review|approved|awaiting payment|change|revision/.test(status)) return 'funded';
  return 'unknown';
}

export interface Stake {
  total: Money[];
  paid: Money[];
  /** Funded (in escrow) but not paid. */
  funded: Money[];
  unfunded: Money[];
  /** Status text that could not be read as paid, funded or not funded. */
  unknown: Money[];
  /** Everything not paid: funded + not funded + unknown. */
  unpaid: Money[];
}

export function stakeOf(milestones: readonly Pick<Milestone, 'status' | 'paidAt' | 'amount'>[]): Stake {
  const total = new MoneyTotals();
  const by: Record<MilestoneState, MoneyTotals> = { paid: new MoneyTotals(), funded: new MoneyTotals(), unfunded: new MoneyTotals(), unknown: new MoneyTotals() };
  const unpaid = new MoneyTotals();
  for (const m of milestones) {
    const state = milestoneState(m);
    total.add(m.amount);
    by[state].add(m.amount);
    if (state !== 'paid') unpaid.add(m.amount);
  }
  return { total: total.list(), paid: by.paid.list(), funded: by.funded.list(), unfunded: by.unfunded.list(), unknown: by.unknown.list(), unpaid: unpaid.list() };
}
