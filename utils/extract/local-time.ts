/**
 * Upwork shows message times in the browser's local time zone ("January 20, 2026 at 3:12 AM",
 * REFERENCE §2). They are converted to UTC with the IANA zone in force at capture, using Intl
 * only. A local time that happens twice (clocks going back) resolves to the earlier instant; one
 * that never happens (clocks going forward) to the instant after the gap. Unreadable → null.
 */
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

// "January 20, 2026 at 3:12 AM", "Jan 20, 2026, 3:12 AM", "Nov 20, 2026 3:15 PM", optional seconds.
const PATTERN = /^(?:[a-z]+,\s+)?([a-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})(?:,|\s+at)?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap])\.?m\.?$/i;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC, in ms, at an instant. */
export function zoneOffset(instant: number, timeZone: string): number {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(instant).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The UTC instant of a wall-clock time in a zone. */
export function localToUtc(y: number, mo: number, d: number, h: number, mi: number, s: number, timeZone: string): number {
  const wall = Date.UTC(y, mo, d, h, mi, s);
  // Candidates from the offsets around the wall time; keep those that read back as the wall time.
  const offsets = new Set([zoneOffset(wall - 86_400_000, timeZone), zoneOffset(wall, timeZone), zoneOffset(wall + 86_400_000, timeZone)]);
  const matches = [...offsets].map((o) => wall - o).filter((t) => t + zoneOffset(t, timeZone) === wall);
  if (matches.length > 0) return Math.min(...matches);
  // In a gap: the wall time does not exist; take the instant after the gap.
  return Math.max(...[...offsets].map((o) => wall - o));
}

export function parseLocalTimestamp(text: string, timeZone: string): string | null {
  const m = PATTERN.exec(text.replace(/\u202f|\u00a0/g, ' ').trim());
  if (!m) return null;
  const month = MONTHS.indexOf(m[1]!.slice(0, 3).toLowerCase());
  if (month < 0) return null;
  const day = Number(m[2]);
  const year = Number(m[3]);
  let hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6] ?? 0);
  if (hour < 1 || hour > 12 || minute > 59 || second > 59 || day < 1 || day > 31) return null;
  if (new Date(Date.UTC(year, month, day)).getUTCDate() !== day) return null;
  const pm = m[7]!.toLowerCase() === 'p';
  if (hour === 12) hour = pm ? 12 : 0;
  else if (pm) hour += 12;
  try {
    return new Date(localToUtc(year, month, day, hour, minute, second, timeZone)).toISOString();
  } catch {
    return null;
  }
}

/** An ISO 8601 `datetime` attribute with a zone (Z or ±hh:mm) → UTC; without one it is local and unread. */
export function parseIsoWithZone(text: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(text.trim())) return null;
  const t = Date.parse(text.trim());
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}
