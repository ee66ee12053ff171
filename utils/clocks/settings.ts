import type { CasefileDb } from '../db/schema';
import { z } from '../zod';
import type { ClockWarning, ComputedDeadline } from './compute';

/**
 * Deadline settings and the last computation's details, kept in the store's settings table.
 * Settings are not evidence: an unreadable value falls back to the defaults.
 */
export const DEFAULT_LEAD_HOURS: readonly number[] = [72, 24, 2];
export const CLOCK_SETTINGS_KEY = 'clocks.settings';
/** What the last recompute found beyond the deadline rows (subjects, caveats, warnings). */
export const CLOCK_COMPUTED_KEY = 'clocks.computed';

export const ClockSettings = z.object({
  leadHours: z.array(z.number().positive().max(24 * 60)).max(10),
});
export type ClockSettings = z.infer<typeof ClockSettings>;

export function normaliseLeadHours(hours: readonly number[]): number[] {
  return [...new Set(hours.filter((h) => Number.isFinite(h) && h > 0))].sort((a, b) => b - a);
}

export async function readClockSettings(db: CasefileDb): Promise<ClockSettings> {
  const parsed = ClockSettings.safeParse((await db.settings.get(CLOCK_SETTINGS_KEY))?.value);
  return parsed.success ? { leadHours: normaliseLeadHours(parsed.data.leadHours) } : { leadHours: [...DEFAULT_LEAD_HOURS] };
}

export async function writeClockSettings(db: CasefileDb, settings: ClockSettings): Promise<ClockSettings> {
  const value = { leadHours: normaliseLeadHours(ClockSettings.parse(settings).leadHours) };
  await db.settings.put({ key: CLOCK_SETTINGS_KEY, value });
  return value;
}

export type DeadlineDetails = Pick<ComputedDeadline, 'subject' | 'caveats' | 'startedAt' | 'opensAt' | 'source' | 'milestoneId' | 'informational'>;

export interface ComputedClocks {
  rulesetVersion: string;
  computedAt: string;
  details: Record<string, DeadlineDetails>;
  warnings: ClockWarning[];
}

export async function readComputed(db: CasefileDb): Promise<ComputedClocks | null> {
  const value = (await db.settings.get(CLOCK_COMPUTED_KEY))?.value as ComputedClocks | undefined;
  return value && typeof value === 'object' && value.details && Array.isArray(value.warnings) ? value : null;
}
