import { afterEach, describe, expect, test } from 'vitest';
import { localToUtc, parseIsoWithZone, parseLocalTimestamp, zoneOffset } from '@/utils/extract/local-time';

/**
 * Message times are shown in the browser's zone ("January 20, 2026 at 3:12 AM", REFERENCE §2) and
 * stored in UTC. The zone is passed in; the process's own TZ must never matter. These cover the
 * functions other modules call (parseLocalTimestamp, zoneOffset, localToUtc, parseIsoWithZone)
 * at the daylight-saving changes, month, year and leap-day boundaries, and with bad input.
 */

const NY = 'America/New_York';
const KOLKATA = 'Asia/Kolkata';
const HOUR = 3_600_000;

describe('parseLocalTimestamp', () => {
  test('reads the title Upwork writes, in winter (EST, UTC−5) and summer (EDT, UTC−4)', () => {
    expect(parseLocalTimestamp('January 20, 2026 at 3:12 AM', NY)).toBe('2026-01-20T08:12:00.000Z');
    expect(parseLocalTimestamp('July 4, 2026 at 12:00 PM', NY)).toBe('2026-07-04T16:00:00.000Z');
  });

  test('reads the other forms the marketplace uses, and the spaces Intl puts before AM/PM', () => {
    expect(parseLocalTimestamp('Jan 20, 2026, 3:12 AM', NY)).toBe('2026-01-20T08:12:00.000Z');
    expect(parseLocalTimestamp('Nov 20, 2026 3:15 PM', NY)).toBe('2026-11-20T20:15:00.000Z');
    expect(parseLocalTimestamp('November 20, 2026 at 3:15\u202fPM', NY)).toBe('2026-11-20T20:15:00.000Z');
    expect(parseLocalTimestamp('November 20, 2026 at 3:15\u00a0PM', NY)).toBe('2026-11-20T20:15:00.000Z');
    expect(parseLocalTimestamp('  november 20, 2026 at 3:15:09 pm ', NY)).toBe('2026-11-20T20:15:09.000Z');
  });

  test('12 AM is midnight and 12 PM is noon', () => {
    expect(parseLocalTimestamp('March 2, 2026 at 12:05 AM', NY)).toBe('2026-03-02T05:05:00.000Z');
    expect(parseLocalTimestamp('March 2, 2026 at 12:05 PM', NY)).toBe('2026-03-02T17:05:00.000Z');
  });

  describe('daylight saving time in New York', () => {
    test('spring forward, 8 March 2026: 2:00–2:59 AM never happens and reads as the instant after the gap', () => {
      expect(parseLocalTimestamp('March 8, 2026 at 1:59 AM', NY)).toBe('2026-03-08T06:59:00.000Z'); // EST
      // 2:30 AM does not exist: read with the offset before the gap, which lands at 3:30 AM EDT.
      expect(parseLocalTimestamp('March 8, 2026 at 2:30 AM', NY)).toBe('2026-03-08T07:30:00.000Z');
      expect(parseLocalTimestamp('March 8, 2026 at 3:00 AM', NY)).toBe('2026-03-08T07:00:00.000Z'); // EDT
      expect(parseLocalTimestamp('March 8, 2026 at 3:30 AM', NY)).toBe('2026-03-08T07:30:00.000Z');
    });

    test('fall back, 1 November 2026: 1:00–1:59 AM happens twice and reads as the earlier one', () => {
      expect(parseLocalTimestamp('November 1, 2026 at 12:59 AM', NY)).toBe('2026-11-01T04:59:00.000Z'); // EDT
      expect(parseLocalTimestamp('November 1, 2026 at 1:30 AM', NY)).toBe('2026-11-01T05:30:00.000Z'); // first 1:30, EDT
      expect(parseLocalTimestamp('November 1, 2026 at 2:00 AM', NY)).toBe('2026-11-01T07:00:00.000Z'); // EST, unique
    });

    test('the repeated hour reads as the later one when the previous message is already past the earlier', () => {
      // The stand-in's two messages that both show "1:30 AM" (05:30 and 06:30 UTC): the page alone
      // cannot tell them apart when the first one is exactly at the earlier reading.
      expect(parseLocalTimestamp('November 1, 2026 at 1:30 AM', NY, { notBefore: '2026-11-01T05:30:00.000Z' })).toBe('2026-11-01T05:30:00.000Z');
      expect(parseLocalTimestamp('November 1, 2026 at 1:30 AM', NY, { notBefore: '2026-11-01T05:31:00.000Z' })).toBe('2026-11-01T06:30:00.000Z');
      // A lower bound after both readings cannot make one up: the earlier reading stays.
      expect(parseLocalTimestamp('November 1, 2026 at 1:30 AM', NY, { notBefore: '2026-11-01T09:00:00.000Z' })).toBe('2026-11-01T05:30:00.000Z');
    });
  });

  test('month and year boundaries move with the zone', () => {
    expect(parseLocalTimestamp('January 31, 2026 at 11:30 PM', NY)).toBe('2026-02-01T04:30:00.000Z');
    expect(parseLocalTimestamp('December 31, 2026 at 11:59 PM', NY)).toBe('2027-01-01T04:59:00.000Z');
    expect(parseLocalTimestamp('March 1, 2026 at 3:00 AM', KOLKATA)).toBe('2026-02-28T21:30:00.000Z');
  });

  test('29 February exists in 2028, not in 2026', () => {
    expect(parseLocalTimestamp('February 29, 2028 at 9:15 AM', NY)).toBe('2028-02-29T14:15:00.000Z');
    expect(parseLocalTimestamp('February 29, 2028 at 11:00 PM', NY)).toBe('2028-03-01T04:00:00.000Z');
    expect(parseLocalTimestamp('February 29, 2026 at 9:15 AM', NY)).toBeNull();
    expect(parseLocalTimestamp('February 30, 2028 at 9:15 AM', NY)).toBeNull();
  });

  test('Asia/Kolkata: UTC+5:30 all year, no daylight saving', () => {
    expect(parseLocalTimestamp('January 20, 2026 at 3:12 AM', KOLKATA)).toBe('2026-01-19T21:42:00.000Z');
    expect(parseLocalTimestamp('July 20, 2026 at 3:12 AM', KOLKATA)).toBe('2026-07-19T21:42:00.000Z');
    // New York's DST change does not exist there.
    expect(parseLocalTimestamp('March 8, 2026 at 2:30 AM', KOLKATA)).toBe('2026-03-07T21:00:00.000Z');
  });

  test('anything unreadable is null, never a guess', () => {
    for (const text of [
      '',
      'garbage',
      'sometime on the 31st of Smarch',
      '3:12 AM',
      'January 20, 2026',
      'January 32, 2026 at 3:12 AM',
      'Smarch 20, 2026 at 3:12 AM',
      'January 20, 2026 at 13:12 PM',
      'January 20, 2026 at 0:12 AM',
      'January 20, 2026 at 3:61 AM',
      '20/01/2026 3:12 AM',
      'January 20, 2026 at 3:12 AM EST',
    ]) {
      expect(parseLocalTimestamp(text, NY), text).toBeNull();
    }
    expect(parseLocalTimestamp('January 20, 2026 at 3:12 AM', 'Mars/Olympus_Mons')).toBeNull();
  });
});

describe('the process time zone does not matter', () => {
  const original = process.env.TZ;
  afterEach(() => {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });

  test.each(['UTC', 'Asia/Kolkata', 'America/Los_Angeles', 'Pacific/Chatham'])('TZ=%s', (tz) => {
    process.env.TZ = tz;
    expect(parseLocalTimestamp('November 1, 2026 at 1:30 AM', NY)).toBe('2026-11-01T05:30:00.000Z');
    expect(parseLocalTimestamp('March 8, 2026 at 2:30 AM', NY)).toBe('2026-03-08T07:30:00.000Z');
    expect(parseLocalTimestamp('January 20, 2026 at 3:12 AM', KOLKATA)).toBe('2026-01-19T21:42:00.000Z');
  });
});

describe('zoneOffset and localToUtc', () => {
  test('offsets from UTC at an instant', () => {
    expect(zoneOffset(Date.parse('2026-01-20T08:12:00Z'), NY)).toBe(-5 * HOUR);
    expect(zoneOffset(Date.parse('2026-07-04T16:00:00Z'), NY)).toBe(-4 * HOUR);
    // Either side of the fall-back change at 06:00 UTC.
    expect(zoneOffset(Date.parse('2026-11-01T05:59:59Z'), NY)).toBe(-4 * HOUR);
    expect(zoneOffset(Date.parse('2026-11-01T06:00:00Z'), NY)).toBe(-5 * HOUR);
    expect(zoneOffset(Date.parse('2026-01-20T08:12:00.999Z'), KOLKATA)).toBe(5.5 * HOUR);
  });

  test('wall time to UTC (month counted from 0, as in Date.UTC)', () => {
    expect(localToUtc(2026, 0, 20, 3, 12, 0, NY)).toBe(Date.parse('2026-01-20T08:12:00Z'));
    expect(localToUtc(2026, 2, 8, 2, 30, 0, NY)).toBe(Date.parse('2026-03-08T07:30:00Z'));
    expect(localToUtc(2026, 10, 1, 1, 30, 0, NY)).toBe(Date.parse('2026-11-01T05:30:00Z'));
    expect(localToUtc(2028, 1, 29, 23, 0, 0, KOLKATA)).toBe(Date.parse('2028-02-29T17:30:00Z'));
  });
});

describe('parseIsoWithZone', () => {
  test('an ISO time with a zone is an exact instant', () => {
    expect(parseIsoWithZone('2026-01-20T08:12:00Z')).toBe('2026-01-20T08:12:00.000Z');
    expect(parseIsoWithZone('2026-01-20T13:42:00+05:30')).toBe('2026-01-20T08:12:00.000Z');
    expect(parseIsoWithZone('2026-11-01T01:30:00-04:00')).toBe('2026-11-01T05:30:00.000Z');
    expect(parseIsoWithZone(' 2026-01-20T08:12:00.250Z ')).toBe('2026-01-20T08:12:00.250Z');
  });

  test('without a zone it would be a guess: null', () => {
    expect(parseIsoWithZone('2026-01-20T08:12:00')).toBeNull();
    expect(parseIsoWithZone('2026-01-20')).toBeNull();
    expect(parseIsoWithZone('yesterday')).toBeNull();
    expect(parseIsoWithZone('2026-13-45T99:99:00Z')).toBeNull();
  });
});
