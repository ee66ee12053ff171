/**
 * Upwork shows message times in the browser's local time zone (REFERENCE §2, "Timestamp"): a
 * `span.story-timestamp` whose title reads "January 20, 2026 at 3:12 AM" and whose text is only
 * "3:12 AM"; some builds use `time[datetime]`; the day itself may only be in the day separator
 * ("Tuesday, January 20"). These functions turn such text into an ISO 8601 instant in UTC, using
 * the IANA time zone in force at capture and nothing but `Intl` (no date library).
 *
 * Daylight saving time, decided here once and for all (the same choice as Temporal's
 * "compatible" disambiguation):
 * - a local time that happens twice (clocks going back, e.g. 1:30 AM on 1 November 2026 in New
 *   York) resolves to the **earlier** instant, unless the caller passes `notBefore` (the previous
 *   message's instant) and only the later one is not before it; the result is marked `ambiguous`;
 * - a local time that never happens (clocks going forward, e.g. 2:30 AM on 8 March 2026 in New
 *   York) is read as the instant **after the gap** (2:30 → 3:30 EDT, the wall time moved forward by
 *   the length of the gap); the result is marked `nonexistent`.
 *
 * Anything that cannot be read is `null`, never guessed: the caller keeps the displayed text and
 * flags it. Only English month and weekday names are read (the marketplace's language); numeric
 * dates such as "20/01/2026" are refused because their day/month order is unknowable.
 */

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const DAY_MS = 86_400_000;

/** A wall-clock time read from the page, in the time zone of the page. */
export interface WallTime {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** A calendar day read from the page (a day separator, or the date part of a timestamp). */
export interface LocalDay {
  year: number;
  month: number;
  day: number;
}

export interface ParsedTime {
  /** ISO 8601 in UTC, e.g. "2026-01-20T08:12:00.000Z". */
  iso: string;
  /** Set when daylight saving time made the local time ambiguous or nonexistent (see above). */
  note?: 'ambiguous' | 'nonexistent';
}

export interface ParseOptions {
  /**
   * When the local time happens twice, prefer the earliest reading not before this instant (ISO
   * or ms): messages are listed oldest first, so the previous message's time is a lower bound.
   */
  notBefore?: string | number | null;
}

// --- Zone arithmetic -----------------------------------------------------------------------------

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // hourCycle h23: midnight is "00", never "24" (which `hour12: false` gives in some engines).
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether Intl knows this IANA time zone name. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock of a zone at an instant, as if that wall clock were UTC (ms). */
function wallClockAt(instant: number, timeZone: string): number {
  const p: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) p[part.type] = part.value;
  return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
}

function exactOffset(second: number, timeZone: string): number {
  return wallClockAt(second, timeZone) - second;
}

/**
 * Offsets by zone and hour: the offset at the hour's first and last second, or null when they
 * differ (a transition inside that hour: asked of Intl each time). Reading thousands of message
 * times would otherwise cost several `formatToParts` calls each.
 */
const HOUR_MS = 3_600_000;
const offsetsByHour = new Map<string, Map<number, number | null>>();

/** The zone's offset from UTC in ms at an instant (New York in winter: -18,000,000). */
export function zoneOffset(instant: number, timeZone: string): number {
  // Intl works to the second; drop the instant's milliseconds so they do not count as offset.
  const second = Math.floor(instant / 1000) * 1000;
  let hours = offsetsByHour.get(timeZone);
  if (!hours) offsetsByHour.set(timeZone, (hours = new Map()));
  const hour = Math.floor(second / HOUR_MS);
  let offset = hours.get(hour);
  if (offset === undefined) {
    const start = exactOffset(hour * HOUR_MS, timeZone);
    offset = start === exactOffset(hour * HOUR_MS + HOUR_MS - 1000, timeZone) ? start : null;
    if (hours.size > 50_000) hours.clear();
    hours.set(hour, offset);
  }
  return offset ?? exactOffset(second, timeZone);
}

/**
 * Every UTC instant whose wall clock in `timeZone` reads `wall` (0, 1 or 2 of them), oldest first,
 * and for a wall time inside a gap the instant after the gap.
 */
export function wallTimeCandidates(wall: WallTime, timeZone: string): { instants: number[]; gap: number | null } {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  // The offsets in force a day either side cover any single transition near this wall time.
  const offsets = new Set([zoneOffset(asUtc - DAY_MS, timeZone), zoneOffset(asUtc, timeZone), zoneOffset(asUtc + DAY_MS, timeZone)]);
  const instants = [...offsets]
    .map((o) => asUtc - o)
    .filter((t) => t + zoneOffset(t, timeZone) === asUtc)
    .sort((a, b) => a - b);
  const unique = instants.filter((t, i) => i === 0 || t !== instants[i - 1]);
  if (unique.length > 0) return { instants: unique, gap: null };
  // In a gap: reading the wall time with the offset from before the gap lands after it.
  const before = zoneOffset(asUtc - DAY_MS, timeZone);
  return { instants: [], gap: asUtc - before };
}

/** A wall time in a zone → the UTC instant, with the DST rules above; null if the zone is unknown. */
export function wallTimeToUtc(wall: WallTime, timeZone: string, options: ParseOptions = {}): ParsedTime | null {
  if (!validWallTime(wall)) return null;
  let found: { instants: number[]; gap: number | null };
  try {
    found = wallTimeCandidates(wall, timeZone);
  } catch {
    return null;
  }
  if (found.gap !== null) return { iso: new Date(found.gap).toISOString(), note: 'nonexistent' };
  const [earliest] = found.instants;
  if (earliest === undefined) return null;
  if (found.instants.length === 1) return { iso: new Date(earliest).toISOString() };
  const floor = toMs(options.notBefore);
  const pick = floor === null ? earliest : (found.instants.find((t) => t >= floor) ?? earliest);
  return { iso: new Date(pick).toISOString(), note: 'ambiguous' };
}

/**
 * Compatibility form used by the workroom extractor: `(year, month0, day, …)` → UTC ms. The month
 * is 0-based here (as in `Date.UTC`). Throws on an unknown zone.
 */
export function localToUtc(y: number, mo: number, d: number, h: number, mi: number, s: number, timeZone: string): number {
  formatterFor(timeZone);
  const parsed = wallTimeToUtc({ year: y, month: mo + 1, day: d, hour: h, minute: mi, second: s }, timeZone);
  if (!parsed) throw new RangeError('Invalid date or time');
  return Date.parse(parsed.iso);
}

function toMs(v: string | number | null | undefined): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string') {
    const t = Date.parse(v);
    return Number.isNaN(t) ? null : t;
  }
  return null;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function validDay(d: LocalDay): boolean {
  return Number.isInteger(d.year) && d.year >= 1970 && d.year <= 9999 && d.month >= 1 && d.month <= 12 && d.day >= 1 && d.day <= daysInMonth(d.year, d.month);
}

function validWallTime(w: WallTime): boolean {
  return validDay(w) && w.hour >= 0 && w.hour <= 23 && w.minute >= 0 && w.minute <= 59 && w.second >= 0 && w.second <= 59;
}

// --- Reading text ------------------------------------------------------------------------------

/** Normalises the spaces Intl and browsers put in dates (NBSP, narrow NBSP, thin space) and case. */
function normalise(text: string): string {
  return text
    .replace(/[\u00a0\u2009\u202f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

function monthOf(word: string): number | null {
  const w = word.replace(/\.$/, '');
  if (w.length < 3) return null;
  const i = MONTHS.findIndex((m) => m.startsWith(w) && (w.length === 3 || w === m || (w === 'sept' && m === 'september')));
  return i < 0 ? null : i + 1;
}

function weekdayOf(word: string): number | null {
  const w = word.replace(/\.$/, '');
  if (w.length < 3) return null;
  const i = WEEKDAYS.findIndex((d) => d.startsWith(w) && (w.length === 3 || w === d || w.length === 4));
  return i < 0 ? null : i;
}

/** The weekday (0 = Sunday) of a calendar day. */
function weekdayOfDay(d: LocalDay): number {
  return new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
}

const TIME = /(\d{1,2})[:.](\d{2})(?::(\d{2}))?(?:\s*([ap])\.?\s?m\.?)?/;

/** "3:12 AM", "3:12 a.m.", "15:12", "03:12:09 PM" → hours (0–23), minutes, seconds; null if unreadable. */
export function parseTimeOfDay(text: string): { hour: number; minute: number; second: number } | null {
  const m = new RegExp(`^${TIME.source}$`).exec(normalise(text));
  if (!m) return null;
  return timeFromMatch(m[1]!, m[2]!, m[3], m[4]);
}

function timeFromMatch(h: string, mi: string, s: string | undefined, ampm: string | undefined): { hour: number; minute: number; second: number } | null {
  let hour = Number(h);
  const minute = Number(mi);
  const second = Number(s ?? 0);
  if (minute > 59 || second > 59) return null;
  if (ampm) {
    if (hour < 1 || hour > 12) return null;
    if (hour === 12) hour = ampm === 'p' ? 12 : 0;
    else if (ampm === 'p') hour += 12;
  } else if (hour > 23) return null;
  return { hour, minute, second };
}

/**
 * A date with a month name: "Tuesday, January 20, 2026", "Jan 20, 2026", "20 January 2026", and
 * without a year "Tuesday, January 20" / "Jan 20". Returns what was written; the caller resolves a
 * missing year. `rest` is the text after the date.
 */
function readDate(text: string): { year: number | null; month: number; day: number; weekday: number | null; rest: string } | null {
  const m = /^(?:([a-z]+)\.?,?\s+)?(?:([a-z]+\.?)\s+(\d{1,2})(?:st|nd|rd|th)?|(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+\.?))(?:,?\s+(\d{4})(?!\d|[:.]\d))?(.*)$/.exec(text);
  if (!m) return null;
  let weekday: number | null = null;
  if (m[1] !== undefined) {
    weekday = weekdayOf(m[1]);
    if (weekday === null) return null;
  }
  const month = monthOf(m[2] ?? m[5]!);
  if (month === null) return null;
  return { year: m[6] ? Number(m[6]) : null, month, day: Number(m[3] ?? m[4]), weekday, rest: m[7]! };
}

/** Explicit zones Casefile trusts in a timestamp; abbreviations such as "EST" are ambiguous and refused. */
const UTC_SUFFIX = /^(?:utc|gmt|z)$/;

/**
 * A full local date and time as Upwork writes it, in `timeZone`:
 * "January 20, 2026 at 3:12 AM", "Jan 20, 2026, 3:12 AM", "Jan 20, 2026 3:12 PM",
 * "Tuesday, January 20, 2026 at 3:12 AM", "20 January 2026 at 15:12", optional seconds, and a
 * trailing "UTC"/"GMT" (then read as UTC). Null when unreadable, when the weekday does not match the
 * date, or when the zone is unknown.
 */
export function parseLocalDateTime(text: string, timeZone: string, options: ParseOptions = {}): ParsedTime | null {
  const date = readDate(normalise(text));
  if (!date || date.year === null) return null;
  const m = new RegExp(`^(?:,\\s*|\\s+at\\s+|\\s*·\\s*|\\s+-\\s+|\\s+)${TIME.source}(?:\\s+([a-z]+))?$`).exec(date.rest);
  if (!m) return null;
  const time = timeFromMatch(m[1]!, m[2]!, m[3], m[4]);
  if (!time) return null;
  const day = { year: date.year, month: date.month, day: date.day };
  if (!validDay(day) || (date.weekday !== null && date.weekday !== weekdayOfDay(day))) return null;
  const zone = m[5];
  if (zone !== undefined && !UTC_SUFFIX.test(zone)) return null;
  return wallTimeToUtc({ ...day, ...time }, zone === undefined ? timeZone : 'UTC', options);
}

/** Compatibility form: the ISO string only, or null. */
export function parseLocalTimestamp(text: string, timeZone: string, options: ParseOptions = {}): string | null {
  return parseLocalDateTime(text, timeZone, options)?.iso ?? null;
}

/** The calendar day (in `timeZone`) of an instant. */
export function dayInZone(instant: number, timeZone: string): LocalDay {
  const wall = new Date(wallClockAt(instant, timeZone));
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() };
}

function addDays(d: LocalDay, n: number): LocalDay {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day) + n * DAY_MS);
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

const compareDays = (a: LocalDay, b: LocalDay) => a.year - b.year || a.month - b.month || a.day - b.day;

/**
 * A day separator ("Tuesday, January 20", "January 20, 2026", "Today", "Yesterday") → the calendar
 * day, relative to the capture time `now` in `timeZone`. A separator without a year is in the
 * latest year that does not put it after tomorrow (one day of slack for clocks); when it names a
 * weekday, that year or the one before must agree with it, else null (never guessed).
 */
export function parseDayHeader(text: string, timeZone: string, now: string | number): LocalDay | null {
  const nowMs = toMs(now);
  if (nowMs === null || !isValidTimeZone(timeZone)) return null;
  const today = dayInZone(nowMs, timeZone);
  const t = normalise(text).replace(/[.,]$/, '');
  if (t === 'today') return today;
  if (t === 'yesterday') return addDays(today, -1);
  const date = readDate(t);
  if (!date || date.rest.trim() !== '') return null;
  if (date.year !== null) {
    const day = { year: date.year, month: date.month, day: date.day };
    return validDay(day) && (date.weekday === null || date.weekday === weekdayOfDay(day)) ? day : null;
  }
  const latest = addDays(today, 1);
  const candidates = [today.year, today.year - 1]
    .map((year) => ({ year, month: date.month, day: date.day }))
    .filter((d) => validDay(d) && compareDays(d, latest) <= 0);
  const fits = date.weekday === null ? candidates : candidates.filter((d) => weekdayOfDay(d) === date.weekday);
  return fits[0] ?? null;
}

/** A day (from a separator) and a time of day ("3:12 AM") in `timeZone` → UTC. */
export function combineDayAndTime(day: LocalDay, timeText: string, timeZone: string, options: ParseOptions = {}): ParsedTime | null {
  const time = parseTimeOfDay(timeText);
  return time ? wallTimeToUtc({ ...day, ...time }, timeZone, options) : null;
}

/**
 * An HTML `datetime` attribute. With a zone (Z or ±hh:mm) it is an exact instant; without one it
 * is a local date and time (HTML's "local date and time"), read in `timeZone` with the DST rules
 * above. A bare date ("2026-01-20") is not a time: null.
 */
export function parseDatetimeAttribute(value: string, timeZone: string, options: ParseOptions = {}): ParsedTime | null {
  const exact = parseIsoWithZone(value);
  if (exact) return { iso: exact };
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/.exec(value.trim());
  if (!m) return null;
  return wallTimeToUtc({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: Number(m[4]), minute: Number(m[5]), second: Number(m[6] ?? 0) }, timeZone, options);
}

/** An ISO 8601 time with a zone (Z or ±hh:mm) → UTC; without a zone, null (it would be a guess). */
export function parseIsoWithZone(text: string): string | null {
  const t = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(t)) return null;
  const ms = Date.parse(t.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
