// The .ics file is read back with an independent parser (ical.js): every deadline is found at
// its instant, with its reminders; the text is escaped and folded as RFC 5545 requires.
import { describe, expect, test } from 'vitest';
import ICAL from 'ical.js';
import { deadlinesIcs, escapeText, foldLine, type IcsDeadline } from '@/utils/clocks/ics';
import { RULES, type DeadlineRule } from '@/utils/clocks/rules';

const DEADLINES: IcsDeadline[] = [
  {
    id: 'fixed.review-autorelease:38417205:51873003',
    ruleId: 'fixed.review-autorelease',
    contractId: '38417205',
    dueAt: '2026-12-04T20:15:00.000Z',
    subject: 'Milestone 3 "Product import (480 SKUs) and QA" submitted',
    contractTitle: 'Shopify storefront redesign and product import',
  },
  {
    id: 'fixed.client-dispute-response:event:user:1',
    ruleId: 'fixed.client-dispute-response',
    contractId: '38417205',
    dueAt: '2026-12-02T18:00:00.000Z',
    subject: 'Client filed a dispute: says; "the import, was wrong" \\ ünïcödé ✓ 日本語のメモ',
    caveats: ['Upwork\'s pages say 5 days, 5 business days or 7 days; this uses the earliest (5 calendar days).'],
  },
  { id: 'feedback.window:38420991', ruleId: 'feedback.window', contractId: '38420991', dueAt: '2028-02-29T00:00:00.000Z' },
  { id: 'arbitration.accept:event:user:2', ruleId: 'arbitration.accept', contractId: null, dueAt: '2027-03-17T15:00:00.000Z' },
];
const DTSTAMP = '2026-11-25T08:30:00.000Z';

describe('deadlinesIcs', () => {
  const text = deadlinesIcs(DEADLINES, RULES as readonly DeadlineRule[], DTSTAMP);

  test('ical.js finds every deadline at the right instant, with one reminder per lead time', () => {
    const calendar = new ICAL.Component(ICAL.parse(text));
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events).toHaveLength(DEADLINES.length);
    const byUid = new Map(events.map((e) => [e.uid, e]));
    for (const d of DEADLINES) {
      const event = byUid.get(`${d.id}@casefile`);
      expect(event, d.id).toBeTruthy();
      expect(event!.startDate.toJSDate().toISOString()).toBe(d.dueAt);
      expect(event!.startDate.zone?.tzid).toBe('UTC');
      const triggers = event!.component.getAllSubcomponents('valarm').map((a) => String(a.getFirstPropertyValue('trigger')));
      expect(triggers).toEqual(['-PT72H', '-PT24H', '-PT2H']);
    }
    const dispute = byUid.get('fixed.client-dispute-response:event:user:1@casefile')!;
    expect(dispute.summary).toBe(`Respond to the dispute – ${DEADLINES[1]!.subject}`);
    expect(dispute.description).toContain('5 business days or 7 days');
    expect(dispute.description).toContain('https://support.upwork.com/hc/en-us/articles/211062068');
    const review = byUid.get('fixed.review-autorelease:38417205:51873003@casefile')!;
    expect(review.component.getFirstPropertyValue('url')).toBe('https://www.upwork.com/nx/wm/workroom/38417205/overview');
    expect(review.summary).toContain('(Shopify storefront redesign and product import)');
    expect(String(review.component.getFirstPropertyValue('dtstamp'))).toBe('2026-11-25T08:30:00Z');
  });

  test('CRLF line ends, no line over 75 octets, deterministic output', () => {
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const encoder = new TextEncoder();
    for (const line of text.split('\r\n')) expect(encoder.encode(line).length, line).toBeLessThanOrEqual(75);
    expect(text).toMatch(/\r\n /); // long descriptions were folded
    expect(deadlinesIcs([...DEADLINES].reverse(), RULES as readonly DeadlineRule[], DTSTAMP)).toBe(text);
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Casefile//')).toBe(true);
  });

  test('user lead times give the reminders', () => {
    const custom = deadlinesIcs(DEADLINES.slice(0, 1), RULES as readonly DeadlineRule[], DTSTAMP, { leadHours: [48, 0.5] });
    const event = new ICAL.Component(ICAL.parse(custom)).getFirstSubcomponent('vevent')!;
    expect(event.getAllSubcomponents('valarm').map((a) => String(a.getFirstPropertyValue('trigger')))).toEqual(['-PT48H', '-PT30M']);
  });

  test('an empty list is still a valid calendar', () => {
    const empty = new ICAL.Component(ICAL.parse(deadlinesIcs([], RULES as readonly DeadlineRule[], DTSTAMP)));
    expect(empty.getAllSubcomponents('vevent')).toEqual([]);
  });
});

describe('RFC 5545 text', () => {
  test('escapes backslash, semicolon, comma and newlines; drops other control characters', () => {
    expect(escapeText('a\\b;c,d\r\ne\nf\u0007g')).toBe('a\\\\b\\;c\\,d\\ne\\nfg');
  });

  test('folds at 75 octets without splitting a UTF-8 character', () => {
    const line = `DESCRIPTION:${'é'.repeat(60)}${'日'.repeat(20)}`;
    const folded = foldLine(line);
    const encoder = new TextEncoder();
    for (const part of folded.split('\r\n')) expect(encoder.encode(part).length).toBeLessThanOrEqual(75);
    expect(folded.split('\r\n').map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(line);
    expect(foldLine('SHORT:line')).toBe('SHORT:line');
  });
});
