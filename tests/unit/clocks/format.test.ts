// Display: time left in words, urgency bands, and the moment in a given zone with UTC beside it.
import { describe, expect, test } from 'vitest';
import { formatDuration, formatLocal, formatLocalAndUtc, formatUtc, fromDateTimeLocalValue, timeLeft, toDateTimeLocalValue, urgency } from '@/utils/clocks/format';

const now = new Date('2026-11-25T08:00:00Z');
const H = 3_600_000;

describe('time left', () => {
  test('the two largest units', () => {
    expect(timeLeft(new Date(now.getTime() + 52 * H + 20 * 60_000), now)).toBe('2 days 4 hours');
    expect(timeLeft(new Date(now.getTime() + 24 * H), now)).toBe('1 day');
    expect(timeLeft(new Date(now.getTime() + 5 * H + 12 * 60_000 + 30_000), now)).toBe('5 hours 12 minutes');
    expect(timeLeft(new Date(now.getTime() + 60 * 60_000), now)).toBe('1 hour');
    expect(timeLeft(new Date(now.getTime() + 3 * 60_000), now)).toBe('3 minutes');
    expect(timeLeft(new Date(now.getTime() + 10_000), now)).toBe('less than a minute');
    expect(timeLeft(new Date(now.getTime() - 3 * H), now)).toBe('passed 3 hours ago');
    expect(formatDuration(14 * 24 * H)).toBe('14 days');
  });

  test('urgency bands', () => {
    expect(urgency(new Date(now.getTime() - 1), now)).toBe('passed');
    expect(urgency(new Date(now.getTime() + 23 * H), now)).toBe('critical');
    expect(urgency(new Date(now.getTime() + 71 * H), now)).toBe('soon');
    expect(urgency(new Date(now.getTime() + 72 * H), now)).toBe('upcoming');
    expect(urgency(new Date(now.getTime() + 8 * 24 * H), now)).toBe('later');
  });
});

describe('local time with UTC beside it', () => {
  test('the same instant in New York and Kolkata, and in UTC', () => {
    const due = '2026-12-04T20:15:00.000Z';
    expect(formatLocal(due, 'America/New_York', 'en-US')).toBe('Fri, Dec 4, 2026, 3:15 PM EST');
    expect(formatLocal(due, 'Asia/Kolkata', 'en-US')).toMatch(/^Sat, Dec 5, 2026, 1:45 AM (GMT\+5:30|IST)$/);
    expect(formatUtc(due)).toBe('Fri 2026-12-04 20:15 UTC');
    expect(formatLocalAndUtc(due, 'Asia/Kolkata', 'en-US')).toMatchObject({ utc: 'Fri 2026-12-04 20:15 UTC', timeZone: 'Asia/Kolkata' });
  });

  test('the hourly window\'s close, Friday 23:59:59 UTC, is Friday evening in New York and Saturday morning in Kolkata', () => {
    expect(formatLocal('2026-11-27T23:59:59Z', 'America/New_York', 'en-US')).toBe('Fri, Nov 27, 2026, 6:59 PM EST');
    expect(formatLocal('2026-11-27T23:59:59Z', 'Asia/Kolkata', 'en-US')).toMatch(/^Sat, Nov 28, 2026, 5:29 AM/);
  });

  test('datetime-local values are read as wall-clock time in the given zone', () => {
    expect(toDateTimeLocalValue(new Date('2026-11-25T08:00:00Z'), 'America/New_York')).toBe('2026-11-25T03:00');
    expect(toDateTimeLocalValue(new Date('2026-11-25T08:00:00Z'), 'Asia/Kolkata')).toBe('2026-11-25T13:30');
    expect(fromDateTimeLocalValue('2026-11-25T03:00', 'America/New_York')?.toISOString()).toBe('2026-11-25T08:00:00.000Z');
    expect(fromDateTimeLocalValue('2026-11-25T13:30', 'Asia/Kolkata')?.toISOString()).toBe('2026-11-25T08:00:00.000Z');
    // Leap day and a month boundary.
    expect(fromDateTimeLocalValue('2028-02-29T23:30', 'America/New_York')?.toISOString()).toBe('2028-03-01T04:30:00.000Z');
    expect(fromDateTimeLocalValue('not a date', 'UTC')).toBeNull();
  });

  test('around daylight-saving changes: a repeated time takes its first instant, a skipped one moves forward', () => {
    // 1 November 2026, 01:30 happens twice in New York (EDT, then EST).
    expect(fromDateTimeLocalValue('2026-11-01T01:30', 'America/New_York')?.toISOString()).toBe('2026-11-01T05:30:00.000Z');
    // 14 March 2027, 02:30 does not exist in New York.
    expect(fromDateTimeLocalValue('2027-03-14T02:30', 'America/New_York')?.toISOString()).toBe('2027-03-14T07:30:00.000Z');
    expect(fromDateTimeLocalValue('2027-03-14T03:30', 'America/New_York')?.toISOString()).toBe('2027-03-14T07:30:00.000Z');
  });
});
