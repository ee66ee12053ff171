import { afterEach, describe, expect, it } from 'vitest';
import {
  combineDayAndTime,
  parseDatetimeAttribute,
  parseDayHeader,
  parseLocalDateTime,
  parseLocalTimestamp,
  parseTimeOfDay,
  wallTimeToUtc,
  zoneOffset,
} from '@/utils/extract/local-time';

const NY = 'America/New_York';
const KOLKATA = 'Asia/Kolkata';

describe('full local timestamps (REFERENCE §2: "January 20, 2026 at 3:12 AM")', () => {
  it.each([
    ['January 20, 2026 at 3:12 AM', '2026-01-20T08:12:00.000Z'],
    ['Jan 20, 2026, 3:12 AM', '2026-01-20T08:12:00.000Z'],
    ['Jan 20, 2026 3:12 PM', '2026-01-20T20:12:00.000Z'],
    ['Tuesday, January 20, 2026 at 3:12 AM', '2026-01-20T08:12:00.000Z'],
    ['20 January 2026 at 15:12', '2026-01-20T20:12:00.000Z'],
    ['January 20, 2026 at 3:12 a.m.', '2026-01-20T08:12:00.000Z'],
    ['January 20, 2026 at 3:12:09 PM', '2026-01-20T20:12:09.000Z'],
    ['Sept 3, 2026 at 12:00 AM', '2026-09-03T04:00:00.000Z'],
    ['September 3, 2026 at 12:30 PM', '2026-09-03T16:30:00.000Z'],
    // Intl in recent browsers puts a narrow no-break space before AM/PM.
    ['January 20, 2026 at 3:12\u202fAM', '2026-01-20T08:12:00.000Z'],
    ['Jan\u00a020, 2026, 3:12 AM', '2026-01-20T08:12:00.000Z'],
    // An explicit UTC is read as UTC, whatever the browser's zone.
    ['Nov 20, 2026 8:15 PM UTC', '2026-11-20T20:15:00.000Z'],
  ])('%s in New York → %s', (text, iso) => {
    expect(parseLocalTimestamp(text, NY)).toBe(iso);
  });

  it.each([
    [''],
    ['20/01/2026 03:12'],
    ['2026-01-20 03:12'],
    ['January 32, 2026 at 3:12 AM'],
    ['February 29, 2026 at 3:12 AM'],
    ['Smarch 3, 2026 at 1:00 AM'],
    ['January 20, 2026 at 13:12 PM'],
    ['January 20, 2026 at 3:60 AM'],
    ['January 20, 2026'],
    // Zone abbreviations are ambiguous (EST is also Australian): refused, never guessed.
    ['January 20, 2026 at 3:12 AM EST'],
    // The weekday must agree with the date.
    ['Monday, January 20, 2026 at 3:12 AM'],
    ['sometime on the 31st of Smarch'],
  ])('%j cannot be read: null, never a guess', (text) => {
    expect(parseLocalDateTime(text, NY)).toBeNull();
  });

  it('an unknown time zone gives null rather than throwing', () => {
    expect(parseLocalDateTime('January 20, 2026 at 3:12 AM', 'Mars/Olympus_Mons')).toBeNull();
  });
});

describe('daylight saving time (documented choice: earlier reading for a repeated hour, after the gap for a skipped one)', () => {
  it('New York, clocks forward on 8 March 2026: 2:30 AM does not exist and reads as 3:30 AM EDT', () => {
    expect(parseLocalDateTime('March 8, 2026 at 1:59 AM', NY)).toEqual({ iso: '2026-03-08T06:59:00.000Z' });
    expect(parseLocalDateTime('March 8, 2026 at 2:30 AM', NY)).toEqual({ iso: '2026-03-08T07:30:00.000Z', note: 'nonexistent' });
    expect(parseLocalDateTime('March 8, 2026 at 3:00 AM', NY)).toEqual({ iso: '2026-03-08T07:00:00.000Z' });
  });

  it('New York, clocks back on 1 November 2026: 1:30 AM happens twice and reads as the first, EDT', () => {
    expect(parseLocalDateTime('November 1, 2026 at 12:59 AM', NY)).toEqual({ iso: '2026-11-01T04:59:00.000Z' });
    expect(parseLocalDateTime('November 1, 2026 at 1:30 AM', NY)).toEqual({ iso: '2026-11-01T05:30:00.000Z', note: 'ambiguous' });
    expect(parseLocalDateTime('November 1, 2026 at 2:00 AM', NY)).toEqual({ iso: '2026-11-01T07:00:00.000Z' });
  });

  it('a repeated hour takes the second reading when the previous message is already past the first', () => {
    expect(parseLocalDateTime('November 1, 2026 at 1:10 AM', NY, { notBefore: '2026-11-01T05:50:00.000Z' })).toEqual({ iso: '2026-11-01T06:10:00.000Z', note: 'ambiguous' });
    // Equal is "not before": two messages in the same minute keep the earlier reading.
    expect(parseLocalDateTime('November 1, 2026 at 1:30 AM', NY, { notBefore: '2026-11-01T05:30:00.000Z' })?.iso).toBe('2026-11-01T05:30:00.000Z');
  });

  it('London and Sydney follow the same rules', () => {
    expect(parseLocalDateTime('October 25, 2026 at 1:30 AM', 'Europe/London')).toEqual({ iso: '2026-10-25T00:30:00.000Z', note: 'ambiguous' });
    expect(parseLocalDateTime('March 29, 2026 at 1:30 AM', 'Europe/London')).toEqual({ iso: '2026-03-29T01:30:00.000Z', note: 'nonexistent' });
    // Sydney's clocks go forward on 4 October 2026 at 2:00 AM (AEST +10 → AEDT +11).
    expect(parseLocalDateTime('October 4, 2026 at 2:30 AM', 'Australia/Sydney')).toEqual({ iso: '2026-10-03T16:30:00.000Z', note: 'nonexistent' });
  });

  it('the zone offset follows the rules in force at each instant', () => {
    expect(zoneOffset(Date.parse('2026-01-15T12:00:00Z'), NY)).toBe(-5 * 3_600_000);
    expect(zoneOffset(Date.parse('2026-07-15T12:00:00Z'), NY)).toBe(-4 * 3_600_000);
    expect(zoneOffset(Date.parse('2026-07-15T12:00:00Z'), KOLKATA)).toBe(5.5 * 3_600_000);
  });
});

describe('month, year and leap-day boundaries', () => {
  it('late evening in New York is the next UTC day, month and year', () => {
    expect(parseLocalTimestamp('January 31, 2026 at 11:30 PM', NY)).toBe('2026-02-01T04:30:00.000Z');
    expect(parseLocalTimestamp('December 31, 2026 at 8:00 PM', NY)).toBe('2027-01-01T01:00:00.000Z');
  });

  it('Asia/Kolkata (+5:30, no DST): early morning is the previous UTC day and month', () => {
    expect(parseLocalTimestamp('March 1, 2026 at 3:00 AM', KOLKATA)).toBe('2026-02-28T21:30:00.000Z');
    expect(parseLocalTimestamp('January 1, 2027 at 5:29 AM', KOLKATA)).toBe('2026-12-31T23:59:00.000Z');
    expect(parseLocalTimestamp('February 29, 2028 at 1:00 AM', KOLKATA)).toBe('2028-02-28T19:30:00.000Z');
    // Kolkata has no repeated or skipped hours.
    expect(parseLocalDateTime('November 1, 2026 at 1:30 AM', KOLKATA)).toEqual({ iso: '2026-10-31T20:00:00.000Z' });
  });

  it('wall times are validated before conversion', () => {
    expect(wallTimeToUtc({ year: 2026, month: 2, day: 29, hour: 1, minute: 0, second: 0 }, NY)).toBeNull();
    expect(wallTimeToUtc({ year: 2026, month: 4, day: 31, hour: 1, minute: 0, second: 0 }, NY)).toBeNull();
    expect(wallTimeToUtc({ year: 2026, month: 4, day: 30, hour: 24, minute: 0, second: 0 }, NY)).toBeNull();
  });
});

describe('day separators with time-only stamps', () => {
  const captured = '2026-01-25T20:00:00.000Z';

  it('a separator without a year is in the latest year not after the capture', () => {
    expect(parseDayHeader('Tuesday, January 20', NY, captured)).toEqual({ year: 2026, month: 1, day: 20 });
    expect(parseDayHeader('January 20', NY, captured)).toEqual({ year: 2026, month: 1, day: 20 });
    // Early January: "December 31" is last year's.
    expect(parseDayHeader('Wednesday, December 31', NY, '2026-01-02T12:00:00.000Z')).toEqual({ year: 2025, month: 12, day: 31 });
    expect(parseDayHeader('December 31, 2024', NY, captured)).toEqual({ year: 2024, month: 12, day: 31 });
  });

  it('a weekday that fits neither this year nor the last is refused', () => {
    expect(parseDayHeader('Sunday, January 20', NY, captured)).toBeNull();
    expect(parseDayHeader('Friday, December 31, 2026', NY, captured)).toBeNull();
  });

  it('"Today" and "Yesterday" are days in the capture time zone', () => {
    // 03:00 UTC on 1 March is still 28 February in New York, already 1 March in Kolkata.
    expect(parseDayHeader('Today', NY, '2026-03-01T03:00:00.000Z')).toEqual({ year: 2026, month: 2, day: 28 });
    expect(parseDayHeader('Today', KOLKATA, '2026-03-01T03:00:00.000Z')).toEqual({ year: 2026, month: 3, day: 1 });
    expect(parseDayHeader('Yesterday', KOLKATA, '2026-03-01T03:00:00.000Z')).toEqual({ year: 2026, month: 2, day: 28 });
  });

  it('the separator\'s day and the stamp\'s time of day combine in the zone', () => {
    expect(combineDayAndTime({ year: 2026, month: 1, day: 20 }, '3:12 AM', NY)).toEqual({ iso: '2026-01-20T08:12:00.000Z' });
    expect(combineDayAndTime({ year: 2026, month: 1, day: 31 }, '11:45 PM', NY)).toEqual({ iso: '2026-02-01T04:45:00.000Z' });
    expect(combineDayAndTime({ year: 2026, month: 1, day: 20 }, 'soon', NY)).toBeNull();
  });

  it('reads times of day in 12- and 24-hour forms', () => {
    expect(parseTimeOfDay('12:05 AM')).toEqual({ hour: 0, minute: 5, second: 0 });
    expect(parseTimeOfDay('12:05 PM')).toEqual({ hour: 12, minute: 5, second: 0 });
    expect(parseTimeOfDay('23:59')).toEqual({ hour: 23, minute: 59, second: 0 });
    expect(parseTimeOfDay('3:12\u202fp.m.')).toEqual({ hour: 15, minute: 12, second: 0 });
    expect(parseTimeOfDay('25:00')).toBeNull();
    expect(parseTimeOfDay('0:30 AM')).toBeNull();
  });
});

describe('time[datetime]', () => {
  it('with a zone it is exact; without one it is local to the capture zone', () => {
    expect(parseDatetimeAttribute('2026-01-20T09:30:15Z', NY)).toEqual({ iso: '2026-01-20T09:30:15.000Z' });
    expect(parseDatetimeAttribute('2026-01-20T09:30:15+05:30', NY)).toEqual({ iso: '2026-01-20T04:00:15.000Z' });
    expect(parseDatetimeAttribute('2026-01-20T05:45', NY)).toEqual({ iso: '2026-01-20T10:45:00.000Z' });
    expect(parseDatetimeAttribute('2026-01-20', NY)).toBeNull();
    expect(parseDatetimeAttribute('yesterday', NY)).toBeNull();
  });
});

describe('the browser process time zone plays no part', () => {
  const original = process.env.TZ;
  afterEach(() => {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });

  it('gives the same instants under different process time zones', () => {
    const read = () => [parseLocalTimestamp('November 1, 2026 at 1:30 AM', NY), parseLocalTimestamp('March 1, 2026 at 3:00 AM', KOLKATA), parseDayHeader('Today', NY, '2026-03-01T03:00:00.000Z')];
    process.env.TZ = 'Pacific/Auckland';
    const a = read();
    process.env.TZ = 'America/Los_Angeles';
    const b = read();
    expect(a).toEqual(b);
  });
});
