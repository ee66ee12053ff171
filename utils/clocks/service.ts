import type { CasefileDb } from '../db/schema';
import { DeadlineRecord } from '../db/records';
import type { AuditInput } from '../audit';
import { CasefileError } from '../errors';
import { withAudit } from '../store';
import { computeClocks, type ClockResult } from './compute';
import { formatLocal, formatUtc, localTimeZone, timeLeft } from './format';
import { ruleById } from './rules';
import { CLOCK_COMPUTED_KEY, readClockSettings, readComputed, writeClockSettings, type ClockSettings, type ComputedClocks } from './settings';

/**
 * The background's deadline service: computes deadlines from the store, keeps one browser alarm
 * per (deadline, lead time) still to announce, and announces each exactly once.
 *
 * Exactly once, across browser and service-worker restarts: the store, not the alarms, is the
 * truth. `announced` on a deadline lists the lead times already announced; onAlarm adds the lead
 * time in the same transaction that decides to announce and shows the notification only after it
 * commits, so a restart (or the same alarm firing twice) finds it marked and stays silent. Alarms
 * are rebuilt from the store by reconcile() on every start.
 */

export interface AlarmInfo {
  name: string;
  scheduledTime: number;
}

export interface AlarmsApi {
  getAll(): Promise<AlarmInfo[]>;
  create(name: string, info: { when: number }): unknown;
  clear(name: string): unknown;
}

export interface NotificationContent {
  title: string;
  message: string;
  contextMessage: string;
  /** 2 for the last lead time before a deadline, else 1 (Chrome's notification priority). */
  priority: number;
}

export interface NotificationsApi {
  create(id: string, content: NotificationContent): unknown;
  clear(id: string): unknown;
}

export interface DeadlineServiceDeps {
  db: CasefileDb;
  now: () => Date;
  alarms: AlarmsApi;
  notifications: NotificationsApi;
  setBadge(text: string, color: string): unknown;
  openContract(contractId: string): unknown;
  /** For notification text; the process's own zone by default. */
  timeZone?: () => string;
}

export const ALARM_PREFIX = 'casefile.deadline|';
export const NOTIFICATION_PREFIX = 'casefile.deadline|';
const HOUR_MS = 3_600_000;
/** The badge counts deadlines due within this many hours. */
export const BADGE_WINDOW_HOURS = 72;

export const alarmName = (deadlineId: string, leadHours: number) => `${ALARM_PREFIX}${leadHours}|${deadlineId}`;
export const notificationId = (deadlineId: string) => `${NOTIFICATION_PREFIX}${deadlineId}`;

export function parseAlarmName(name: string): { deadlineId: string; leadHours: number } | null {
  if (!name.startsWith(ALARM_PREFIX)) return null;
  const rest = name.slice(ALARM_PREFIX.length);
  const bar = rest.indexOf('|');
  const leadHours = Number(rest.slice(0, bar));
  const deadlineId = rest.slice(bar + 1);
  return bar > 0 && Number.isFinite(leadHours) && leadHours > 0 && deadlineId ? { deadlineId, leadHours } : null;
}

const isInformational = (d: Pick<DeadlineRecord, 'ruleId'>) => ruleById(d.ruleId)?.informational === true;
const dueMs = (d: Pick<DeadlineRecord, 'dueAt'>) => Date.parse(d.dueAt);

/** Marks a deadline done or dismissed (from the popup or the service), audited. */
export async function setDeadlineStatus(db: CasefileDb, deadlineId: string, status: 'done' | 'dismissed' | 'open', at: string): Promise<DeadlineRecord> {
  return withAudit(db, ['deadlines'], at, async () => {
    const existing = await db.deadlines.get(deadlineId);
    if (!existing) throw new CasefileError('not-found', `deadline ${deadlineId}`);
    const updated = DeadlineRecord.parse({ ...existing, status });
    await db.deadlines.put(updated);
    return {
      result: updated,
      audit: [{ type: 'note', subject: `deadline:${deadlineId}`, details: { action: 'deadline-status', from: existing.status, to: status, dueAt: existing.dueAt } }],
    };
  });
}

export interface RecomputeResult extends ClockResult {
  records: DeadlineRecord[];
  created: string[];
  changed: string[];
  closed: string[];
}

export interface ReconcileResult {
  scheduled: string[];
  cleared: string[];
  /** Deadlines announced now because a lead time passed while nothing was running. */
  announced: string[];
}

export function createDeadlineService(deps: DeadlineServiceDeps) {
  const { db, now } = deps;
  const zone = () => deps.timeZone?.() ?? localTimeZone();

  async function badgeCount(): Promise<number> {
    const t = now().getTime();
    const open = await db.deadlines.where('status').equals('open').toArray();
    return open.filter((d) => !isInformational(d) && dueMs(d) > t && dueMs(d) <= t + BADGE_WINDOW_HOURS * HOUR_MS).length;
  }

  async function updateBadge(): Promise<number> {
    const t = now().getTime();
    const open = (await db.deadlines.where('status').equals('open').toArray()).filter((d) => !isInformational(d) && dueMs(d) > t);
    const soon = open.filter((d) => dueMs(d) <= t + BADGE_WINDOW_HOURS * HOUR_MS);
    const critical = soon.some((d) => dueMs(d) <= t + 24 * HOUR_MS);
    await deps.setBadge(soon.length > 0 ? String(soon.length) : '', critical ? '#b91c1c' : '#b45309');
    return soon.length;
  }

  async function notify(deadline: DeadlineRecord, details: ComputedClocks | null): Promise<void> {
    const rule = ruleById(deadline.ruleId);
    const subject = details?.details[deadline.id]?.subject;
    const contract = deadline.contractId ? await db.contracts.get(deadline.contractId) : undefined;
    const left = timeLeft(deadline.dueAt, now());
    await deps.notifications.create(notificationId(deadline.id), {
      title: `${rule?.title ?? deadline.ruleId}: ${left} left`,
      message: `${subject ? `${subject}. ` : ''}Due ${formatLocal(deadline.dueAt, zone())} (${formatUtc(deadline.dueAt)}).`,
      contextMessage: contract?.title ?? rule?.action ?? '',
      priority: dueMs(deadline) - now().getTime() <= 2 * HOUR_MS ? 2 : 1,
    });
  }

  /** Reads the store, computes, and upserts deadline rows keeping their status and announcements. */
  async function recompute(): Promise<RecomputeResult> {
    const at = now();
    const atIso = at.toISOString();
    const [contracts, milestones, contractChanges, rooms, events] = await Promise.all([
      db.contracts.toArray(),
      db.milestones.toArray(),
      db.contractChanges.toArray(),
      db.rooms.toArray(),
      db.disputeEvents.toArray(),
    ]);
    const roomIds = rooms.filter((r) => r.contractId).map((r) => r.id);
    const messages = roomIds.length > 0 ? await db.messages.where('roomId').anyOf(roomIds).toArray() : [];
    const result = computeClocks({ contracts, milestones, contractChanges, rooms, messages, events, now: at });

    const created: string[] = [];
    const changed: string[] = [];
    const closed: string[] = [];
    const records = await withAudit(db, ['deadlines', 'disputeEvents'], atIso, async () => {
      const audit: AuditInput[] = [];
      const storedEvents = new Set((await db.disputeEvents.toCollection().primaryKeys()) as string[]);
      const newEvents = result.capturedEvents.filter((e) => !storedEvents.has(e.id));
      if (newEvents.length > 0) {
        await db.disputeEvents.bulkAdd(newEvents);
        for (const e of newEvents) {
          audit.push({ type: 'note', subject: `event:${e.id}`, details: { action: 'event-recognised', type: e.type, contractId: e.contractId, occurredAt: e.occurredAt, source: 'captured', captureId: e.captureId } });
        }
      }
      const existing = new Map((await db.deadlines.toArray()).map((d) => [d.id, d]));
      const puts: DeadlineRecord[] = [];
      for (const c of result.deadlines) {
        const old = existing.get(c.id);
        const passed = Date.parse(c.dueAt) <= at.getTime();
        if (!old) {
          puts.push({ id: c.id, ruleId: c.ruleId, contractId: c.contractId, eventId: c.eventId, dueAt: c.dueAt, status: passed ? 'passed' : 'open', announced: [] });
          created.push(c.id);
        } else if (old.dueAt !== c.dueAt) {
          // The clock moved (a resubmission restarts the review clock): its announcements start
          // over, and a clock restarted more than a day later is open again even if dismissed.
          const restarted = Date.parse(c.dueAt) - Date.parse(old.dueAt) > 24 * HOUR_MS;
          const status = passed ? 'passed' : restarted || old.status === 'open' || old.status === 'passed' ? 'open' : old.status;
          puts.push({ ...old, dueAt: c.dueAt, status, announced: [] });
          changed.push(c.id);
        } else if (old.status === 'open' && passed) {
          puts.push({ ...old, status: 'passed' });
        }
      }
      // Open deadlines no longer computed: the clock stopped (the milestone was paid, the hourly
      // week moved on). Past ones become passed; future ones are closed as done.
      const computedIds = new Set(result.deadlines.map((d) => d.id));
      for (const old of existing.values()) {
        if (old.status !== 'open' || computedIds.has(old.id)) continue;
        const passed = dueMs(old) <= at.getTime();
        puts.push({ ...old, status: passed ? 'passed' : 'done' });
        if (!passed) closed.push(old.id);
      }
      if (puts.length > 0) await db.deadlines.bulkPut(puts);
      if (created.length + changed.length + closed.length > 0) {
        audit.push({ type: 'note', subject: 'deadlines', details: { action: 'deadlines-recomputed', rulesetVersion: result.rulesetVersion, created, changed, closed } });
      }
      const computed: ComputedClocks = {
        rulesetVersion: result.rulesetVersion,
        computedAt: atIso,
        details: Object.fromEntries(
          result.deadlines.map((d) => [d.id, { subject: d.subject, caveats: d.caveats, startedAt: d.startedAt, opensAt: d.opensAt, source: d.source, milestoneId: d.milestoneId, informational: d.informational }]),
        ),
        warnings: result.warnings,
      };
      await db.settings.put({ key: CLOCK_COMPUTED_KEY, value: computed });
      return { result: await db.deadlines.toArray(), audit };
    });
    await updateBadge();
    return { ...result, records, created, changed, closed };
  }

  /**
   * Rebuilds the alarms from the store: one per open deadline and lead time not yet announced and
   * still ahead; every other Casefile alarm is cleared. Lead times that passed while nothing ran
   * are announced at most once per deadline, for the most urgent of them, and all are marked.
   */
  async function reconcile(): Promise<ReconcileResult> {
    const t = now().getTime();
    const { leadHours } = await readClockSettings(db);
    const open = await db.deadlines.where('status').equals('open').toArray();
    const desired = new Map<string, number>();
    const catchUp: DeadlineRecord[] = [];
    for (const d of open) {
      if (isInformational(d) || dueMs(d) <= t) continue;
      let missed = false;
      for (const h of leadHours) {
        if (d.announced.includes(h)) continue;
        const when = dueMs(d) - h * HOUR_MS;
        if (when > t) desired.set(alarmName(d.id, h), when);
        else missed = true;
      }
      if (missed) catchUp.push(d);
    }

    const announced: string[] = [];
    if (catchUp.length > 0) {
      const toAnnounce = await db.transaction('rw', db.deadlines, async () => {
        const out: DeadlineRecord[] = [];
        for (const { id } of catchUp) {
          const d = await db.deadlines.get(id);
          if (!d || d.status !== 'open' || dueMs(d) <= t) continue;
          const missed = leadHours.filter((h) => !d.announced.includes(h) && dueMs(d) - h * HOUR_MS <= t);
          if (missed.length === 0) continue;
          const updated = { ...d, announced: [...d.announced, ...missed].sort((a, b) => b - a) };
          await db.deadlines.put(updated);
          out.push(updated);
        }
        return out;
      });
      const details = toAnnounce.length > 0 ? await readComputed(db) : null;
      for (const d of toAnnounce) {
        await notify(d, details);
        announced.push(d.id);
      }
    }

    const existing = (await deps.alarms.getAll()).filter((a) => a.name.startsWith(ALARM_PREFIX));
    const cleared: string[] = [];
    for (const alarm of existing) {
      const when = desired.get(alarm.name);
      if (when !== undefined && Math.abs(alarm.scheduledTime - when) < 1000) {
        desired.delete(alarm.name);
      } else if (when === undefined) {
        await deps.alarms.clear(alarm.name);
        cleared.push(alarm.name);
      }
    }
    const scheduled: string[] = [];
    for (const [name, when] of desired) {
      await deps.alarms.create(name, { when });
      scheduled.push(name);
    }
    await updateBadge();
    return { scheduled, cleared, announced };
  }

  /** An alarm fired: announce its deadline unless already announced for that lead time. */
  async function onAlarm(name: string): Promise<boolean> {
    const parsed = parseAlarmName(name);
    if (!parsed) return false;
    const t = now().getTime();
    const { leadHours } = await readClockSettings(db);
    const deadline = await db.transaction('rw', db.deadlines, async () => {
      const d = await db.deadlines.get(parsed.deadlineId);
      if (!d || d.status !== 'open' || d.announced.includes(parsed.leadHours) || dueMs(d) <= t || isInformational(d)) return null;
      // Also mark any other lead time already reached (an alarm that fired late), so the next one
      // does not follow straight after.
      const reached = leadHours.filter((h) => !d.announced.includes(h) && dueMs(d) - h * HOUR_MS <= t);
      const updated = { ...d, announced: [...new Set([...d.announced, parsed.leadHours, ...reached])].sort((a, b) => b - a) };
      await db.deadlines.put(updated);
      return updated;
    });
    if (!deadline) return false;
    await notify(deadline, await readComputed(db));
    await updateBadge();
    return true;
  }

  /** A Casefile notification was clicked: open its contract. */
  async function onNotificationClicked(id: string): Promise<boolean> {
    if (!id.startsWith(NOTIFICATION_PREFIX)) return false;
    const deadline = await db.deadlines.get(id.slice(NOTIFICATION_PREFIX.length));
    await deps.notifications.clear(id);
    if (!deadline?.contractId) return false;
    await deps.openContract(deadline.contractId);
    return true;
  }

  /** Done or dismissed: the deadline stops announcing (its alarms and notification go). */
  async function setStatus(deadlineId: string, status: 'done' | 'dismissed'): Promise<DeadlineRecord> {
    const updated = await setDeadlineStatus(db, deadlineId, status, now().toISOString());
    for (const alarm of await deps.alarms.getAll()) {
      if (parseAlarmName(alarm.name)?.deadlineId === deadlineId) await deps.alarms.clear(alarm.name);
    }
    await deps.notifications.clear(notificationId(deadlineId));
    await updateBadge();
    return updated;
  }

  const settings = {
    get: (): Promise<ClockSettings> => readClockSettings(db),
    /** Saves new lead times and reschedules the alarms. */
    set: async (value: ClockSettings): Promise<ClockSettings> => {
      const saved = await writeClockSettings(db, value);
      await reconcile();
      return saved;
    },
  };

  return { recompute, reconcile, onAlarm, onNotificationClicked, setStatus, settings, badgeCount, updateBadge };
}

export type DeadlineService = ReturnType<typeof createDeadlineService>;
