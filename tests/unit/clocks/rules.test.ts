// Every rule of REFERENCE §5 with a fixed clock: across a month boundary, a leap day (2028) and a
// daylight-saving change in New York (UTC arithmetic never moves), and the hourly window at its edges.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { computeClocks, type ClockInputs, type ComputedDeadline } from '@/utils/clocks/compute';
import { addBusinessDays, applyTiming, billingWeekStart, clientDisputeWindow, dueFor, RULES, RULESET_VERSION, type DeadlineRule } from '@/utils/clocks/rules';
import { formatLocal } from '@/utils/clocks/format';
import { createChange, createContract, createEvent, createHourlyContract, createMessage, createMilestone, createRoom } from './factories';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Computes at a fixed system time. */
function computeAt(now: string, inputs: Omit<ClockInputs, 'now'>) {
  vi.setSystemTime(new Date(now));
  return computeClocks({ ...inputs, now: new Date() });
}

function only(deadlines: ComputedDeadline[], ruleId: string): ComputedDeadline {
  const found = deadlines.filter((d) => d.ruleId === ruleId);
  expect(found, `${ruleId} in ${deadlines.map((d) => d.id).join(', ')}`).toHaveLength(1);
  return found[0]!;
}

describe('the rule set as data', () => {
  test('every rule has an id, timing, what starts it, a source and a confidence', () => {
    expect(RULESET_VERSION).toMatch(/^\d{4}-\d{2}-\d{2}\.\d+$/);
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(
      expect.arrayContaining([
        'fixed.review-autorelease',
        'fixed.pending-available',
        'fixed.escrow-refund-response',
        'fixed.client-dispute-response',
        'fixed.mediator-proposal',
        'fixed.proposal-accept',
        'arbitration.accept',
        'hourly.freelancer-review',
        'hourly.client-dispute-window',
        'hourly.funds-available',
        'hourly.freelancer-dispute-response',
        'mediation-assistance',
        'refund.freelancer-can-refund',
        'feedback.window',
        'fixed.dormant',
      ]),
    );
    for (const rule of RULES as readonly DeadlineRule[]) {
      expect(rule.startsWhen.length, rule.id).toBeGreaterThan(5);
      expect(rule.action.length, rule.id).toBeGreaterThan(5);
      expect(rule.sources.length, rule.id).toBeGreaterThan(0);
      for (const s of rule.sources) expect(s.url, rule.id).toMatch(/^https:\/\/(support|community)\.upwork\.com\//);
      expect(['High', 'Medium', 'Low']).toContain(rule.confidence);
      if (rule.alternatives) expect(rule.caveat, `${rule.id} disagrees across versions, so it says so`).toBeTruthy();
    }
  });

  test('where versions disagree, the earlier deadline wins', () => {
    const rule: DeadlineRule = { ...(RULES[0] as DeadlineRule), timing: { kind: 'after', days: 7 }, alternatives: [{ kind: 'after', days: 5, businessDays: true }] };
    // Friday 10:00 UTC: 7 calendar days → next Friday; 5 business days → next Friday too; 3 business → Wednesday.
    expect(dueFor(rule, new Date('2026-11-27T10:00:00Z')).toISOString()).toBe('2026-12-04T10:00:00.000Z');
    const earlierAlt: DeadlineRule = { ...rule, alternatives: [{ kind: 'after', days: 3, businessDays: true }] };
    expect(dueFor(earlierAlt, new Date('2026-11-27T10:00:00Z')).toISOString()).toBe('2026-12-02T10:00:00.000Z');
  });

  test('business days skip Saturday and Sunday in UTC', () => {
    expect(addBusinessDays(new Date('2026-11-27T23:30:00Z'), 5).toISOString()).toBe('2026-12-04T23:30:00.000Z');
    expect(addBusinessDays(new Date('2026-11-28T12:00:00Z'), 1).toISOString()).toBe('2026-11-30T12:00:00.000Z');
    expect(applyTiming({ kind: 'after', days: 3, businessDays: true }, new Date('2028-02-25T08:00:00Z')).toISOString()).toBe('2028-03-01T08:00:00.000Z');
  });

  test('billing weeks run Monday 00:00 to Sunday 23:59 UTC', () => {
    expect(billingWeekStart(new Date('2026-11-29T23:59:59Z')).toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(billingWeekStart(new Date('2026-11-30T00:00:00Z')).toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(billingWeekStart(new Date('2028-03-01T10:00:00Z')).toISOString()).toBe('2028-02-28T00:00:00.000Z');
  });
});

describe('fixed-price clocks from captures', () => {
  test('fixed.review-autorelease: 14 days after "Submit work", across a month boundary', () => {
    const contract = createContract({ milestones: [createMilestone({ submittedAt: '2026-11-20T20:15:00.000Z' })] });
    const { deadlines } = computeAt('2026-11-25T08:00:00Z', { contracts: [contract] });
    const d = only(deadlines, 'fixed.review-autorelease');
    expect(d.id).toBe('fixed.review-autorelease:38417205:51873003');
    expect(d.dueAt).toBe('2026-12-04T20:15:00.000Z');
    expect(d.source).toBe('captured');
    expect(d.subject).toContain('Product import');
  });

  test('fixed.review-autorelease: across a leap day', () => {
    const contract = createContract({ milestones: [createMilestone({ submittedAt: '2028-02-15T20:15:00.000Z', status: 'Active and funded (submitted)' })] });
    expect(only(computeAt('2028-02-16T00:00:00Z', { contracts: [contract] }).deadlines, 'fixed.review-autorelease').dueAt).toBe('2028-02-29T20:15:00.000Z');
  });

  test('fixed.review-autorelease: across the end of daylight-saving time, still 14 × 24 h in UTC', () => {
    const contract = createContract({ milestones: [createMilestone({ submittedAt: '2026-10-25T14:00:00.000Z' })] });
    const d = only(computeAt('2026-10-26T00:00:00Z', { contracts: [contract] }).deadlines, 'fixed.review-autorelease');
    expect(d.dueAt).toBe('2026-11-08T14:00:00.000Z');
    // 10:00 EDT at submission, 9:00 EST at the deadline: the local hour moves, the instant does not.
    expect(formatLocal('2026-10-25T14:00:00Z', 'America/New_York', 'en-US')).toContain('10:00 AM');
    expect(formatLocal(d.dueAt, 'America/New_York', 'en-US')).toContain('9:00 AM');
    expect(formatLocal(d.dueAt, 'Asia/Kolkata', 'en-US')).toContain('7:30 PM');
  });

  test('fixed.review-autorelease: a resubmission restarts the clock under the same id', () => {
    const first = computeAt('2026-11-25T08:00:00Z', { contracts: [createContract({ milestones: [createMilestone({ submittedAt: '2026-11-20T20:15:00.000Z' })] })] });
    const again = computeAt('2026-11-25T08:00:00Z', { contracts: [createContract({ milestones: [createMilestone({ submittedAt: '2026-11-24T09:00:00.000Z' })] })] });
    const a = only(first.deadlines, 'fixed.review-autorelease');
    const b = only(again.deadlines, 'fixed.review-autorelease');
    expect(b.id).toBe(a.id);
    expect(b.dueAt).toBe('2026-12-08T09:00:00.000Z');
  });

  test('a resubmission seen only in a system message also restarts it', () => {
    const contract = createContract({ milestones: [createMilestone({ submittedAt: '2026-11-20T20:15:00.000Z' })] });
    const rooms = [createRoom()];
    const messages = [createMessage({ kind: 'system', text: 'Milestone 3 resubmitted for review', sentAt: '2026-11-24T09:00:00.000Z' })];
    expect(only(computeAt('2026-11-25T08:00:00Z', { contracts: [contract], rooms, messages }).deadlines, 'fixed.review-autorelease').dueAt).toBe('2026-12-08T09:00:00.000Z');
  });

  test('no review clock for a paid milestone or one that was never submitted', () => {
    const contract = createContract({
      milestones: [createMilestone({ id: 'a', status: 'Paid', submittedAt: '2026-11-01T10:00:00.000Z' }), createMilestone({ id: 'b', sequence: 4, status: 'Active and funded' })],
    });
    expect(computeAt('2026-11-25T08:00:00Z', { contracts: [contract] }).deadlines.filter((d) => d.ruleId === 'fixed.review-autorelease')).toEqual([]);
  });

  test('fixed.escrow-refund-response: 7 days after the contract was seen ended with funds in escrow (month boundary, 2026 is not a leap year)', () => {
    const contract = createContract({ status: 'Ended' });
    const changes = [createChange({ afterCapturedAt: '2026-02-25T12:00:00.000Z' })];
    const d = only(computeAt('2026-02-26T00:00:00Z', { contracts: [contract], contractChanges: changes }).deadlines, 'fixed.escrow-refund-response');
    expect(d.dueAt).toBe('2026-03-04T12:00:00.000Z');
    expect(d.caveats.join(' ')).toMatch(/first saw the contract ended/);
  });

  test('fixed.escrow-refund-response: none when nothing is left in escrow', () => {
    const contract = createContract({ status: 'Ended', endDate: '2026-11-24', milestones: [createMilestone({ status: 'Paid' })] });
    const ids = computeAt('2026-11-25T08:00:00Z', { contracts: [contract] }).deadlines.map((d) => d.ruleId);
    expect(ids).not.toContain('fixed.escrow-refund-response');
    expect(ids).toContain('feedback.window');
  });

  test('feedback.window: midnight UTC of day 14 after the end, across a month boundary', () => {
    const byDate = createContract({ status: 'Ended', endDate: '2026-11-17', milestones: [] });
    expect(only(computeAt('2026-11-18T00:00:00Z', { contracts: [byDate] }).deadlines, 'feedback.window').dueAt).toBe('2026-12-01T00:00:00.000Z');
    // Seen ended late in the UTC day: the window still closes at 00:00 UTC.
    const seen = createContract({ status: 'Closed', milestones: [] });
    const changes = [createChange({ afterCapturedAt: '2026-11-17T23:30:00.000Z' })];
    expect(only(computeAt('2026-11-18T00:00:00Z', { contracts: [seen], contractChanges: changes }).deadlines, 'feedback.window').dueAt).toBe('2026-12-01T00:00:00.000Z');
  });

  test('feedback.window: across a leap day', () => {
    const contract = createContract({ status: 'Ended', endDate: '2028-02-20', milestones: [] });
    expect(only(computeAt('2028-02-21T00:00:00Z', { contracts: [contract] }).deadlines, 'feedback.window').dueAt).toBe('2028-03-05T00:00:00.000Z');
  });

  test('mediation-assistance: 30 days after the last payment of an ended contract, across a leap February', () => {
    const contract = createContract({
      status: 'Ended',
      endDate: '2028-02-01',
      milestones: [createMilestone({ id: 'a', status: 'Paid', paidAt: '2028-01-10T09:00:00.000Z' }), createMilestone({ id: 'b', status: 'Paid', paidAt: '2028-01-31T09:00:00.000Z' })],
    });
    expect(only(computeAt('2028-02-02T00:00:00Z', { contracts: [contract] }).deadlines, 'mediation-assistance').dueAt).toBe('2028-03-01T09:00:00.000Z');
  });

  test('mediation-assistance: the last payment may come from a "Payment … released" system message', () => {
    const contract = createContract({ status: 'Ended', endDate: '2026-11-24', milestones: [createMilestone({ status: 'Paid' })] });
    const messages = [createMessage({ kind: 'system', text: 'Payment of $600.00 released for Milestone 3', sentAt: '2026-11-21T15:32:00.000Z' })];
    expect(only(computeAt('2026-11-25T00:00:00Z', { contracts: [contract], rooms: [createRoom()], messages }).deadlines, 'mediation-assistance').dueAt).toBe('2026-12-21T15:32:00.000Z');
  });

  test('fixed.dormant: 90 days after the last activity seen on a funded contract', () => {
    const contract = createContract();
    const messages = [createMessage({ sentAt: '2026-11-20T20:15:00.000Z' }), createMessage({ sentAt: '2026-10-01T10:00:00.000Z' })];
    expect(only(computeAt('2026-11-25T00:00:00Z', { contracts: [contract], rooms: [createRoom()], messages }).deadlines, 'fixed.dormant').dueAt).toBe('2027-02-18T20:15:00.000Z');
  });
});

describe('clocks started by events (entered by the user or read from system messages)', () => {
  const cases: [string, string, string, string][] = [
    // [event type, rule, occurred at, due at]
    // Contract type unknown: both clocks a client's dispute can start.
    ['client-dispute-filed', 'hourly.freelancer-dispute-response', '2026-11-27T18:00:00.000Z', '2026-11-30T18:00:00.000Z'],
    ['client-dispute-filed', 'fixed.escrow-refund-response', '2026-11-27T18:00:00.000Z', '2026-12-04T18:00:00.000Z'],
    ['freelancer-dispute-filed', 'fixed.client-dispute-response', '2028-02-26T18:00:00.000Z', '2028-03-02T18:00:00.000Z'],
    ['refund-requested', 'fixed.escrow-refund-response', '2026-11-27T18:00:00.000Z', '2026-12-04T18:00:00.000Z'],
    ['evidence-submitted', 'fixed.mediator-proposal', '2026-02-27T23:30:00.000Z', '2026-03-01T23:30:00.000Z'],
    ['mediator-proposal', 'fixed.proposal-accept', '2028-02-28T08:00:00.000Z', '2028-03-01T08:00:00.000Z'],
    // Across the start of daylight-saving time in New York (14 March 2027).
    ['non-resolution-notice', 'arbitration.accept', '2027-03-10T15:00:00.000Z', '2027-03-17T15:00:00.000Z'],
    ['hours-disputed', 'hourly.freelancer-dispute-response', '2026-12-31T22:00:00.000Z', '2027-01-03T22:00:00.000Z'],
    ['payment-released', 'fixed.pending-available', '2026-01-29T10:00:00.000Z', '2026-02-03T10:00:00.000Z'],
    ['payment-released', 'mediation-assistance', '2026-01-29T10:00:00.000Z', '2026-02-28T10:00:00.000Z'],
    ['payment-released', 'refund.freelancer-can-refund', '2026-09-03T12:00:00.000Z', '2027-03-02T12:00:00.000Z'],
    ['contract-ended', 'feedback.window', '2026-11-17T23:30:00.000Z', '2026-12-01T00:00:00.000Z'],
  ];
  test.each(cases)('%s → %s: %s + rule = %s', (type, ruleId, occurredAt, dueAt) => {
    const event = createEvent({ id: 'user:e1', type, occurredAt, contractId: null });
    const d = only(computeAt(occurredAt, { contracts: [], events: [event] }).deadlines, ruleId);
    expect(d.dueAt).toBe(dueAt);
    expect(d.id).toBe(`${ruleId}:event:user:e1`);
    expect(d.eventId).toBe('user:e1');
    expect(d.source).toBe('user');
  });

  test("a client's dispute starts the clock of the contract's type: 7 days on fixed price, 3 days on hourly", () => {
    const fixed = computeAt('2026-11-27T18:00:00Z', { contracts: [createContract()], events: [createEvent()] }).deadlines.filter((d) => d.eventId === 'user:1');
    expect(fixed.map((d) => d.ruleId)).toEqual(['fixed.escrow-refund-response']);
    const hourly = computeAt('2026-11-27T18:00:00Z', { contracts: [createHourlyContract()], events: [createEvent({ contractId: '38420991' })] }).deadlines.filter((d) => d.eventId === 'user:1');
    expect(hourly.map((d) => d.ruleId)).toEqual(['hourly.freelancer-dispute-response']);
  });

  test('the dispute response shows the caveat that older versions said 5 business days or 7 days', () => {
    const d = only(computeAt('2026-11-27T18:00:00Z', { contracts: [], events: [createEvent({ type: 'freelancer-dispute-filed' })] }).deadlines, 'fixed.client-dispute-response');
    expect(d.caveats.join(' ')).toMatch(/5 business days or 7 days/);
  });

  test('arbitration across the daylight-saving start: 10:00 EST becomes 11:00 EDT, same UTC hour', () => {
    const due = '2027-03-17T15:00:00.000Z';
    expect(formatLocal('2027-03-10T15:00:00Z', 'America/New_York', 'en-US')).toMatch(/10:00 AM EST/);
    expect(formatLocal(due, 'America/New_York', 'en-US')).toMatch(/11:00 AM EDT/);
    expect(formatLocal(due, 'Asia/Kolkata', 'en-US')).toMatch(/8:30 PM/);
  });

  test('system messages that announce a dispute, a refund request, a pause or a limit change become captured events', () => {
    const hourly = createHourlyContract();
    const fixed = createContract();
    const rooms = [createRoom(), createRoom({ id: 'room_hourly', contractId: hourly.id })];
    const messages = [
      createMessage({ id: 's1', kind: 'system', text: 'Daniel Reyes requested a refund of $600.00', sentAt: '2026-11-20T10:00:00.000Z' }),
      createMessage({ id: 's2', kind: 'system', text: 'A dispute has been filed for Milestone 3', sentAt: '2026-11-21T10:00:00.000Z' }),
      createMessage({ id: 's3', roomId: 'room_hourly', kind: 'system', text: 'Old limit: 20 hrs/week New limit: 0 hrs/week', sentAt: '2026-11-22T10:00:00.000Z' }),
      createMessage({ id: 's4', roomId: 'room_hourly', kind: 'system', text: 'Old limit: 10 hrs/week New limit: 20 hrs/week', sentAt: '2026-10-26T13:00:00.000Z' }),
      createMessage({ id: 's5', roomId: 'room_hourly', kind: 'system', text: 'The contract was paused', sentAt: '2026-11-22T10:01:00.000Z' }),
      createMessage({ id: 's6', kind: 'system', text: 'Milestone 3 funded: Product import ($600.00)', sentAt: '2026-10-19T14:01:00.000Z' }),
      createMessage({ id: 'm1', text: 'I filed a dispute about this in my head, not on Upwork', sentAt: '2026-11-22T10:00:00.000Z' }),
    ];
    const { capturedEvents, deadlines } = computeAt('2026-11-23T00:00:00Z', { contracts: [fixed, hourly], rooms, messages });
    expect(capturedEvents.map((e) => [e.id, e.type, e.contractId, e.source])).toEqual([
      ['msg:s1', 'refund-requested', '38417205', 'captured'],
      ['msg:s2', 'dispute-filed', '38417205', 'captured'],
      ['msg:s3', 'weekly-limit-zero', '38420991', 'captured'],
      ['msg:s4', 'limit-changed', '38420991', 'captured'],
      ['msg:s5', 'contract-paused', '38420991', 'captured'],
    ]);
    const byId = new Map(deadlines.map((d) => [d.id, d]));
    expect(byId.get('fixed.escrow-refund-response:event:msg:s1')?.dueAt).toBe('2026-11-27T10:00:00.000Z');
    expect(byId.get('fixed.client-dispute-response:event:msg:s2')?.dueAt).toBe('2026-11-26T10:00:00.000Z');
    expect(byId.get('hourly.freelancer-dispute-response:event:msg:s3')?.dueAt).toBe('2026-11-25T10:00:00.000Z');
    expect(byId.get('hourly.freelancer-dispute-response:event:msg:s5')?.caveats.join(' ')).toMatch(/paused/);
    expect([...byId.keys()].some((id) => id.includes('msg:s4'))).toBe(false);
    expect(byId.get('fixed.escrow-refund-response:event:msg:s1')?.source).toBe('captured');
  });

  test('a pause on a fixed-price contract does not start the hours-dispute clock', () => {
    const event = createEvent({ id: 'msg:p', type: 'contract-paused', source: 'captured', contractId: '38417205' });
    const { deadlines } = computeAt('2026-11-23T00:00:00Z', { contracts: [createContract()], events: [event] });
    expect(deadlines.filter((d) => d.eventId === 'msg:p')).toEqual([]);
  });
});

describe('the hourly windows, right at their edges', () => {
  const hourly = createHourlyContract();
  const window = (now: string) => only(computeAt(now, { contracts: [hourly] }).deadlines, 'hourly.client-dispute-window');

  test('Monday 11:59:59 UTC: the window has not opened; Monday 12:00:00 UTC: it is open', () => {
    const before = clientDisputeWindow(new Date('2026-11-23T11:59:59Z'));
    expect(before.open).toBe(false);
    expect(before.opensAt.toISOString()).toBe('2026-11-23T12:00:00.000Z');
    expect(before.closesAt.toISOString()).toBe('2026-11-27T23:59:59.000Z');
    const at = clientDisputeWindow(new Date('2026-11-23T12:00:00Z'));
    expect(at.open).toBe(true);
    expect(at.closesAt.toISOString()).toBe('2026-11-27T23:59:59.000Z');
    const d = window('2026-11-23T11:59:59Z');
    expect(d.opensAt).toBe('2026-11-23T12:00:00.000Z');
    expect(d.dueAt).toBe('2026-11-27T23:59:59.000Z');
    expect(d.id).toBe('hourly.client-dispute-window:38420991:2026-11-16');
  });

  test('Friday 23:59:59 UTC is still inside; Saturday 00:00:00 UTC is the next week\'s wait', () => {
    expect(clientDisputeWindow(new Date('2026-11-27T23:59:59Z')).open).toBe(true);
    expect(window('2026-11-27T23:59:59Z').dueAt).toBe('2026-11-27T23:59:59.000Z');
    const after = clientDisputeWindow(new Date('2026-11-28T00:00:00Z'));
    expect(after.open).toBe(false);
    // Across the month boundary: the week of 23 November closes on Friday 4 December.
    expect(after.opensAt.toISOString()).toBe('2026-11-30T12:00:00.000Z');
    expect(window('2026-11-28T00:00:00Z').dueAt).toBe('2026-12-04T23:59:59.000Z');
  });

  test('the window across a leap day: the week of 21 February 2028 closes Friday 3 March', () => {
    expect(window('2028-02-29T12:00:00Z').dueAt).toBe('2028-03-03T23:59:59.000Z');
  });

  test('hourly.freelancer-review: Work Diary edits until Monday 11:59:59 UTC', () => {
    const review = (now: string) => only(computeAt(now, { contracts: [hourly] }).deadlines, 'hourly.freelancer-review');
    expect(review('2026-11-23T11:59:59Z').dueAt).toBe('2026-11-23T11:59:59.000Z');
    expect(review('2026-11-23T12:00:00Z').dueAt).toBe('2026-11-30T11:59:59.000Z');
  });

  test('hourly.funds-available: the Wednesday after the review week', () => {
    // The billing week of 16 November ends Monday 23 November; the review week follows; funds on Wednesday 2 December.
    const d = only(computeAt('2026-11-26T00:00:00Z', { contracts: [hourly] }).deadlines, 'hourly.funds-available');
    expect(d.dueAt).toBe('2026-12-02T00:00:00.000Z');
    expect(d.informational).toBe(true);
  });

  test('an ended hourly contract keeps the window for the week it ended in, and no later ones', () => {
    const ended = createHourlyContract({ status: 'Ended', endDate: '2026-11-19' });
    expect(only(computeAt('2026-11-24T00:00:00Z', { contracts: [ended] }).deadlines, 'hourly.client-dispute-window').dueAt).toBe('2026-11-27T23:59:59.000Z');
    expect(computeAt('2026-11-28T00:00:00Z', { contracts: [ended] }).deadlines.filter((d) => d.ruleId === 'hourly.client-dispute-window')).toEqual([]);
  });
});

describe('warning: work sent by message but never submitted', () => {
  test('attachments after the milestone was funded, no submission → the 14-day clock has not started', () => {
    const contract = createContract();
    const messages = [
      createMessage({ id: 'f', kind: 'system', text: 'Milestone 3 funded: Product import (480 SKUs) and QA ($600.00)', sentAt: '2026-10-19T14:01:00.000Z' }),
      createMessage({ id: 'old', attachments: [{ name: 'mockups.pdf', size: null, url: null }], sentAt: '2026-10-01T10:00:00.000Z' }),
      createMessage({ id: 'client', senderName: 'Daniel Reyes', attachments: [{ name: 'products.xlsx', size: null, url: null }], sentAt: '2026-10-20T10:00:00.000Z' }),
      createMessage({ id: 'delivery', attachments: [{ name: 'import-report.csv', size: '12 KB', url: null }], sentAt: '2026-11-18T10:00:00.000Z' }),
    ];
    const { warnings, deadlines } = computeAt('2026-11-25T00:00:00Z', { contracts: [contract], rooms: [createRoom()], messages });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ contractId: '38417205', milestoneId: '51873003', messageId: 'delivery', attachmentNames: ['import-report.csv'] });
    expect(warnings[0]!.message).toMatch(/14-day review clock has not started/);
    expect(deadlines.map((d) => d.ruleId)).not.toContain('fixed.review-autorelease');
  });

  test('no warning once the milestone is submitted, or when files were only sent before funding', () => {
    const messages = [
      createMessage({ kind: 'system', text: 'Milestone 3 funded: Product import', sentAt: '2026-10-19T14:01:00.000Z' }),
      createMessage({ attachments: [{ name: 'early.pdf', size: null, url: null }], sentAt: '2026-10-01T10:00:00.000Z' }),
    ];
    expect(computeAt('2026-11-25T00:00:00Z', { contracts: [createContract()], rooms: [createRoom()], messages }).warnings).toEqual([]);
    const later = [...messages, createMessage({ attachments: [{ name: 'final.zip', size: null, url: null }], sentAt: '2026-11-18T10:00:00.000Z' })];
    const submitted = createContract({ milestones: [createMilestone({ submittedAt: '2026-11-19T10:00:00.000Z' })] });
    expect(computeAt('2026-11-25T00:00:00Z', { contracts: [submitted], rooms: [createRoom()], messages: later }).warnings).toEqual([]);
  });
});

test('the same inputs always give the same deadlines, sorted soonest first', () => {
  const inputs = {
    contracts: [createContract({ milestones: [createMilestone({ submittedAt: '2026-11-20T20:15:00.000Z' })] }), createHourlyContract()],
    events: [createEvent(), createEvent({ id: 'user:2', type: 'mediator-proposal', occurredAt: '2026-11-24T10:00:00.000Z' })],
  };
  const a = computeAt('2026-11-25T08:00:00Z', inputs);
  const b = computeAt('2026-11-25T08:00:00Z', inputs);
  expect(b).toEqual(a);
  const due = a.deadlines.map((d) => d.dueAt);
  expect(due).toEqual([...due].sort());
});
