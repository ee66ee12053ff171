/**
 * How deadlines are shown: the time left in words, an urgency for colour, and the exact moment in
 * the user's time zone with UTC beside it (Upwork's clocks are UTC). Every function takes the time
 * zone (and locale) as parameters, so output never depends on where the code happens to run.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** A duration in the two largest units: "2 days 4 hours", "5 hours 12 minutes", "3 minutes". */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / MINUTE)) * MINUTE;
  const days = Math.floor(total / DAY);
  const hours = Math.floor((total % DAY) / HOUR);
  const minutes = Math.floor((total % HOUR) / MINUTE);
  if (days > 0) return hours > 0 ? `${plural(days, 'day')} ${plural(hours, 'hour')}` : plural(days, 'day');
  if (hours > 0) return minutes > 0 ? `${plural(hours, 'hour')} ${plural(minutes, 'minute')}` : plural(hours, 'hour');
  if (minutes > 0) return plural(minutes, 'minute');
  return 'less than a minute';
}

/** Time left until `dueAt` at `now`: "2 days 4 hours", or "passed 3 hours ago". */
export function timeLeft(dueAt: string | Date, now: Date): string {
  const ms = new Date(dueAt).getTime() - now.getTime();
  return ms >= 0 ? formatDuration(ms) : `passed ${formatDuration(-ms)} ago`;
}

export type Urgency = 'passed' | 'critical' | 'soon' | 'upcoming' | 'later';

/** Colour bands: passed; under 24 h; under 72 h (the badge's band); under 7 days; later. */
export function urgency(dueAt: string | Date, now: Date): Urgency {
  const ms = new Date(dueAt).getTime() - now.getTime();
  if (ms < 0) return 'passed';
  if (ms < 24 * HOUR) return 'critical';
  if (ms < 72 * HOUR) return 'soon';
  if (ms < 7 * DAY) return 'upcoming';
  return 'later';
}

/** The browser's (or process's) own time zone. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The moment in `timeZone`, with the zone's abbreviation: "Fri, Dec 4, 2026, 3:15 PM EST". */
export function formatLocal(at: string | Date, timeZone: string = localTimeZone(), locale?: string): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(at));
}

/** The moment in UTC, independent of locale: "Fri 2026-12-04 20:15 UTC". */
export function formatUtc(at: string | Date): string {
  const d = new Date(at);
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()];
  return `${weekday} ${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Local and UTC together, as every deadline is shown. */
export function formatLocalAndUtc(at: string | Date, timeZone: string = localTimeZone(), locale?: string): { local: string; utc: string; timeZone: string } {
  return { local: formatLocal(at, timeZone, locale), utc: formatUtc(at), timeZone };
}

function wallClock(at: Date, timeZone: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((p) => [p.type, Number(p.value)]),
  );
  return { y: parts.year!, mo: parts.month!, d: parts.day!, h: parts.hour!, mi: parts.minute!, s: parts.second! };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A `datetime-local` input's value for a moment in `timeZone` ("2026-11-25T09:30"). */
export function toDateTimeLocalValue(at: Date, timeZone: string = localTimeZone()): string {
  const w = wallClock(at, timeZone);
  return `${pad(w.y, 4)}-${pad(w.mo)}-${pad(w.d)}T${pad(w.h)}:${pad(w.mi)}`;
}

/** The zone's offset from UTC at an instant, in ms (New York in winter: -5 h). */
function offsetMs(t: number, timeZone: string): number {
  const w = wallClock(new Date(t), timeZone);
  return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) - (t - (((t % 1000) + 1000) % 1000));
}

/**
 * The UTC instant of a `datetime-local` value read as wall-clock time in `timeZone`, so a time
 * typed in the popup means the user's local time wherever the code runs. Around a daylight-saving
 * change a repeated time takes its first instant and a skipped time moves forward.
 */
export function fromDateTimeLocalValue(value: string, timeZone: string = localTimeZone()): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const wall = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!);
  // The offsets in force a day either side cover both sides of any change.
  const tries = [wall - offsetMs(wall - DAY, timeZone), wall - offsetMs(wall + DAY, timeZone)];
  const exact = tries.filter((t) => toDateTimeLocalValue(new Date(t), timeZone) === value);
  return new Date(exact.length > 0 ? Math.min(...exact) : tries[0]!);
}
