/**
 * Turning captured text into the package's files. Everything a message, title or note holds is
 * data: in HTML it is escaped, never markup; in CSV it can never start a formula; in JSON it is
 * written as is.
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Characters that change how the text around them is shown without being seen: bidirectional
 * overrides and isolates (U+202E makes "exe.txt" read as "txt.exe"), marks, and control
 * characters other than tab and newline. They are shown as visible codes instead.
 */
// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const INVISIBLE_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Escapes text for an attribute value (quoted) or anywhere plain escaping is enough. */
export function escapeAttr(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** Escapes text for element content, and makes invisible direction and control characters visible. */
export function escapeHtml(text: string): string {
  return escapeAttr(text).replace(
    INVISIBLE_CONTROLS,
    (c) => `<span class="ctl">[U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]</span>`,
  );
}

/** The text with invisible direction/control characters replaced by visible codes (plain-text files). */
export function visibleControls(text: string): string {
  return text.replace(INVISIBLE_CONTROLS, (c) => `[U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`);
}

/** One line of plain text (tag values, ticket lines): controls and line breaks become spaces. */
export function oneLine(text: string, max = 200): string {
  const flat = visibleControls(text.replace(/[\r\n\t]+/g, ' ')).replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * One CSV cell (RFC 4180: always quoted, quotes doubled). A cell that a spreadsheet would read as a
 * formula (starting with = + - @, or a tab or carriage return before one) gets a leading apostrophe,
 * the usual defence against formula injection (OWASP "CSV Injection").
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export function csvRow(cells: (string | number | boolean | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** Plain objects with their keys sorted at every level, so equal records give equal bytes. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

/** Pretty JSON with sorted keys and a final newline: the form of every .json file in a package. */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

/** `2026-11-20T15:04:05.000Z` → `2026-11-20 15:04:05 UTC`; anything else is shown as given. */
export function formatUtc(iso: string | null | undefined): string {
  if (!iso) return '—';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d+)?Z$/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

/** The same instant in an IANA time zone, e.g. `20 Nov 2026, 10:04:05 GMT-5` (fixed locale). */
export function formatInZone(iso: string, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const text = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: 'short',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).format(date);
  return `${text} (${timeZone})`;
}

/** Bytes in words: `5.0 MB` (decimal units, as file managers show them). */
export function formatSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = -1;
  do {
    value /= 1000;
    unit += 1;
  } while (value >= 1000 && unit < units.length - 1);
  return `${value.toFixed(1)} ${units[unit]}`;
}
