// Runs in whatever zone the process has: plainly in the main run, and under TZ=Asia/Kolkata and
// TZ=America/New_York from zones.test.ts. Deadlines are the same UTC instants in every zone; the
// local display follows the process's own zone when none is given.
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { computeClocks } from '@/utils/clocks/compute';
import { deadlinesIcs } from '@/utils/clocks/ics';
import { formatLocal, fromDateTimeLocalValue, localTimeZone, toDateTimeLocalValue } from '@/utils/clocks/format';
import { clientDisputeWindow, RULES, type DeadlineRule } from '@/utils/clocks/rules';
import { createContract, createEvent, createHourlyContract, createMilestone } from './factories';

const expectedZone = process.env.CLOCKS_EXPECT_TZ;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-10-31T22:00:00Z')); // the eve of New York's change to standard time
});
afterEach(() => {
  vi.useRealTimers();
});

test('the process really runs in the zone it was started with', () => {
  if (!expectedZone) return;
  // ICU may name Kolkata by its older alias.
  const names = expectedZone === 'Asia/Kolkata' ? ['Asia/Kolkata', 'Asia/Calcutta'] : [expectedZone];
  expect(names).toContain(localTimeZone());
  // A local-time constructor gives a different instant in each zone: proof TZ took effect.
  const localMidnight = new Date(2026, 10, 1).toISOString();
  expect(localMidnight).toBe(expectedZone === 'Asia/Kolkata' ? '2026-10-31T18:30:00.000Z' : '2026-11-01T04:00:00.000Z');
});

test('deadlines are the same UTC instants whatever the process zone', () => {
  const now = new Date();
  const { deadlines } = computeClocks({
    contracts: [
      createContract({ milestones: [createMilestone({ submittedAt: '2026-10-25T14:00:00.000Z' })] }),
      createContract({ id: '2', status: 'Ended', endDate: '2026-10-31', milestones: [] }),
      createHourlyContract(),
    ],
    events: [createEvent({ occurredAt: '2026-10-29T23:30:00.000Z' })],
    now,
  });
  const due = Object.fromEntries(deadlines.map((d) => [d.id, d.dueAt]));
  expect(due['fixed.review-autorelease:38417205:51873003']).toBe('2026-11-08T14:00:00.000Z');
  expect(due['feedback.window:2']).toBe('2026-11-14T00:00:00.000Z');
  expect(due['fixed.escrow-refund-response:event:user:1']).toBe('2026-11-05T23:30:00.000Z');
  expect(due['hourly.client-dispute-window:38420991:2026-10-26']).toBe('2026-11-06T23:59:59.000Z');
  expect(clientDisputeWindow(new Date('2026-11-02T11:59:59Z')).open).toBe(false);
  expect(clientDisputeWindow(new Date('2026-11-02T12:00:00Z')).open).toBe(true);
  expect(clientDisputeWindow(new Date('2026-11-06T23:59:59Z')).open).toBe(true);
  expect(clientDisputeWindow(new Date('2026-11-07T00:00:00Z')).open).toBe(false);
});

test('display in the process zone, with explicit zones unaffected by it', () => {
  const due = '2026-11-08T14:00:00.000Z';
  expect(formatLocal(due, 'America/New_York', 'en-US')).toBe('Sun, Nov 8, 2026, 9:00 AM EST');
  expect(formatLocal(due, 'Asia/Kolkata', 'en-US')).toMatch(/^Sun, Nov 8, 2026, 7:30 PM/);
  if (expectedZone === 'America/New_York') expect(formatLocal(due, undefined, 'en-US')).toBe('Sun, Nov 8, 2026, 9:00 AM EST');
  if (expectedZone === 'Asia/Kolkata') expect(formatLocal(due, undefined, 'en-US')).toMatch(/7:30 PM/);
  // "Now" in the add-event form round-trips in the process's own zone, across the DST change.
  const nowValue = toDateTimeLocalValue(new Date());
  expect(fromDateTimeLocalValue(nowValue)?.toISOString()).toBe('2026-10-31T22:00:00.000Z');
});

test('the calendar file does not depend on the process zone', () => {
  const text = deadlinesIcs([{ id: 'a', ruleId: 'feedback.window', contractId: '1', dueAt: '2026-11-14T00:00:00.000Z' }], RULES as readonly DeadlineRule[], '2026-10-31T22:00:00.000Z');
  expect(text).toContain('\r\nDTSTART:20261114T000000Z\r\n');
  expect(text).toContain('\r\nDTSTAMP:20261031T220000Z\r\n');
});
