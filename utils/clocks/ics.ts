import type { DeadlineRecord } from '../db/records';
import { RULES, RULESET_VERSION, type DeadlineRule } from './rules';
import { formatUtc } from './format';
import { DEFAULT_LEAD_HOURS } from './settings';

/**
 * Deadlines as an iCalendar file (RFC 5545): one VEVENT per deadline at its UTC instant, with a
 * VALARM per lead time. Lines end in CRLF and are folded at 75 octets (never inside a UTF-8
 * sequence); text is escaped. The output depends only on its inputs (DTSTAMP is passed in), so the
 * same deadlines always give the same bytes, as evidence packages require.
 */
export interface IcsDeadline extends Pick<DeadlineRecord, 'id' | 'ruleId' | 'contractId' | 'dueAt'> {
  subject?: string;
  caveats?: string[];
  contractTitle?: string | null;
}

export interface IcsOptions {
  /** Reminders before each deadline, in hours (default 72, 24 and 2). */
  leadHours?: readonly number[];
  calendarName?: string;
}

const encoder = new TextEncoder();

/** RFC 5545 §3.3.11: backslash, semicolon, comma and newline are escaped in TEXT values. */
export function escapeText(value: string): string {
  return value
    .replace(/\r\n?/g, '\n')
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\n/g, '\\n')
    // Other control characters are not allowed in TEXT values (RFC 5545 §3.3.11).
    .replace(/\p{Cc}/gu, '');
}

/** RFC 5545 §3.1: lines longer than 75 octets continue on lines that start with one space. */
export function foldLine(line: string): string {
  if (encoder.encode(line).length <= 75) return line;
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    const limit = out.length === 0 ? 75 : 74; // continuation lines spend one octet on the space
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

/** A UTC DATE-TIME: 20261204T201500Z. */
export function icsDateTime(at: string | Date): string {
  return new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

function leadDuration(hours: number): string {
  return Number.isInteger(hours) ? `-PT${hours}H` : `-PT${Math.round(hours * 60)}M`;
}

const WORKROOM = (contractId: string) => `https://www.upwork.com/nx/wm/workroom/${encodeURIComponent(contractId)}/overview`;

export function deadlinesIcs(
  deadlines: readonly IcsDeadline[],
  rules: readonly DeadlineRule[] = RULES as readonly DeadlineRule[],
  dtstamp: string | Date = new Date(),
  options: IcsOptions = {},
): string {
  const byId = new Map(rules.map((r) => [r.id as string, r]));
  const leads = [...new Set(options.leadHours ?? DEFAULT_LEAD_HOURS)].filter((h) => h > 0).sort((a, b) => b - a);
  const stamp = icsDateTime(dtstamp);
  const lines: string[] = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:-//Casefile//Upwork deadlines ${escapeText(RULESET_VERSION)}//EN`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(options.calendarName ?? 'Casefile deadlines')}`,
  ];
  const sorted = [...deadlines].sort((a, b) => (a.dueAt === b.dueAt ? (a.id < b.id ? -1 : 1) : a.dueAt < b.dueAt ? -1 : 1));
  for (const d of sorted) {
    const rule = byId.get(d.ruleId);
    const title = rule?.title ?? d.ruleId;
    const summary = `${title}${d.subject ? ` – ${d.subject}` : ''}${d.contractTitle ? ` (${d.contractTitle})` : ''}`;
    const description = [
      rule?.action,
      `Due ${formatUtc(d.dueAt)}.`,
      d.contractId ? `Contract ${d.contractId}${d.contractTitle ? `: ${d.contractTitle}` : ''}.` : null,
      rule ? `Rule ${rule.id} (Casefile rule set ${RULESET_VERSION}): ${rule.deadline} Starts when: ${rule.startsWhen} Confidence: ${rule.confidence}.` : null,
      ...(d.caveats ?? (rule?.caveat ? [rule.caveat] : [])).map((c) => `Note: ${c}`),
      rule ? `Source: ${rule.sources.map((s) => `${s.label} <${s.url}>`).join('; ')}` : null,
    ]
      .filter((l): l is string => !!l)
      .join('\n');
    lines.push(
      'BEGIN:VEVENT',
      `UID:${escapeText(`${d.id}@casefile`)}`,
      `DTSTAMP:${stamp}`,
      // No DTEND: a DATE-TIME DTSTART alone is an event at that instant (RFC 5545 §3.6.1).
      `DTSTART:${icsDateTime(d.dueAt)}`,
      `SUMMARY:${escapeText(summary)}`,
      `DESCRIPTION:${escapeText(description)}`,
      'CATEGORIES:Upwork,Casefile',
      'TRANSP:TRANSPARENT',
      'STATUS:CONFIRMED',
    );
    if (d.contractId && /^\d+$/.test(d.contractId)) lines.push(`URL:${WORKROOM(d.contractId)}`);
    for (const h of leads) {
      lines.push('BEGIN:VALARM', 'ACTION:DISPLAY', `DESCRIPTION:${escapeText(`${title} in ${h} hours`)}`, `TRIGGER;RELATED=START:${leadDuration(h)}`, 'END:VALARM');
    }
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
