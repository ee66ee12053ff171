// The deadline service over a real (fake-indexeddb) store with fake alarms and notifications:
// alarms are rebuilt from the store on every start, each deadline is announced once per lead
// time even across a service-worker restart, and done/dismissed deadlines stop announcing.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { freshDb } from '../../helpers/db';
import type { CasefileDb } from '@/utils/db/schema';
import { checkAuditLog } from '@/utils/store';
import { addUserEvent } from '@/utils/clocks/events';
import { alarmName, createDeadlineService, notificationId, type AlarmInfo, type NotificationContent } from '@/utils/clocks/service';
import { readComputed } from '@/utils/clocks/settings';
import { createContract, createMilestone } from './factories';

const CONTRACT = '38417205';
const MILESTONE = '51873003';
const REVIEW_ID = `fixed.review-autorelease:${CONTRACT}:${MILESTONE}`;
const SUBMITTED = '2026-11-20T20:15:00.000Z';
const REVIEW_DUE = Date.parse('2026-12-04T20:15:00.000Z');
const HOUR = 3_600_000;

/** A browser's alarms and notifications that outlive a service worker, as Chrome's do. */
function fakeBrowser() {
  const alarms = new Map<string, number>();
  const shown: { id: string; content: NotificationContent }[] = [];
  const cleared: string[] = [];
  const opened: string[] = [];
  const badge = { text: '', color: '' };
  return {
    alarms,
    shown,
    cleared,
    opened,
    badge,
    api: {
      alarms: {
        getAll: async (): Promise<AlarmInfo[]> => [...alarms].map(([name, scheduledTime]) => ({ name, scheduledTime })),
        create: async (name: string, info: { when: number }) => void alarms.set(name, info.when),
        clear: async (name: string) => alarms.delete(name),
      },
      notifications: {
        create: async (id: string, content: NotificationContent) => void shown.push({ id, content }),
        clear: async (id: string) => void cleared.push(id),
      },
      setBadge: (text: string, color: string) => Object.assign(badge, { text, color }),
      openContract: (id: string) => void opened.push(id),
    },
  };
}

async function seedSubmittedMilestone(db: CasefileDb) {
  await db.contracts.put(createContract({ milestones: [createMilestone({ submittedAt: SUBMITTED })] }));
}

let db: CasefileDb;
let browser: ReturnType<typeof fakeBrowser>;
const service = () => createDeadlineService({ db, now: () => new Date(), ...browser.api, timeZone: () => 'America/New_York' });

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-25T08:00:00Z'));
  db = freshDb();
  await db.open();
  browser = fakeBrowser();
});
afterEach(() => {
  db.close();
  vi.useRealTimers();
});

describe('recompute', () => {
  test('writes one deadline row per computed deadline, with its details and an audit entry', async () => {
    await seedSubmittedMilestone(db);
    const result = await service().recompute();
    expect(result.created).toContain(REVIEW_ID);
    const row = await db.deadlines.get(REVIEW_ID);
    expect(row).toEqual({ id: REVIEW_ID, ruleId: 'fixed.review-autorelease', contractId: CONTRACT, eventId: null, dueAt: '2026-12-04T20:15:00.000Z', status: 'open', announced: [] });
    expect((await readComputed(db))?.details[REVIEW_ID]?.subject).toContain('Product import');
    expect((await checkAuditLog(db)).ok).toBe(true);
    const audit = await db.audit.toArray();
    expect(audit.some((e) => e.subject === 'deadlines' && (e.details.created as string[]).includes(REVIEW_ID))).toBe(true);
    // Nothing changed: recomputing again adds no audit entry.
    await service().recompute();
    expect(await db.audit.count()).toBe(audit.length);
  });

  test('keeps status and announcements; a resubmission restarts the clock and its announcements', async () => {
    await seedSubmittedMilestone(db);
    await service().recompute();
    await db.deadlines.update(REVIEW_ID, { announced: [72] });
    await service().recompute();
    expect((await db.deadlines.get(REVIEW_ID))?.announced).toEqual([72]);
    await service().setStatus(REVIEW_ID, 'dismissed');
    await db.contracts.put(createContract({ milestones: [createMilestone({ submittedAt: '2026-11-24T09:00:00.000Z' })] }));
    const result = await service().recompute();
    expect(result.changed).toContain(REVIEW_ID);
    expect(await db.deadlines.get(REVIEW_ID)).toMatchObject({ dueAt: '2026-12-08T09:00:00.000Z', status: 'open', announced: [] });
  });

  test('a paid milestone closes its open review deadline; past deadlines become passed', async () => {
    await seedSubmittedMilestone(db);
    await service().recompute();
    await db.contracts.put(createContract({ milestones: [createMilestone({ submittedAt: SUBMITTED, status: 'Paid' })] }));
    expect((await service().recompute()).closed).toContain(REVIEW_ID);
    expect((await db.deadlines.get(REVIEW_ID))?.status).toBe('done');

    await addUserEvent(db, { type: 'mediator-proposal', contractId: CONTRACT, occurredAt: '2026-11-20T10:00:00.000Z' }, { id: 'user:old' });
    await service().recompute();
    expect((await db.deadlines.get('fixed.proposal-accept:event:user:old'))?.status).toBe('passed');
  });

  test('events recognised in system messages are stored once, as captured', async () => {
    await db.contracts.put(createContract());
    await db.rooms.put({ id: 'room_a', title: null, subtitle: null, contractId: CONTRACT, participants: [], firstCapturedAt: '2026-11-20T00:00:00.000Z', lastCapturedAt: '2026-11-20T00:00:00.000Z', coverage: null });
    await db.messages.put({
      id: 'story_refund', roomId: 'room_a', senderName: null, senderId: null, sentAt: '2026-11-24T10:00:00.000Z', sentAtDisplayed: null, sentAtUnparsed: false,
      text: 'Daniel Reyes requested a refund', source: 'dom', jsonText: null, attachments: [], kind: 'system', edited: false, deleted: false,
      firstSeenAt: '2026-11-24T10:00:00.000Z', lastSeenAt: '2026-11-24T10:00:00.000Z', captureId: 'cap-1', sha256: 'b'.repeat(64),
    });
    await service().recompute();
    await service().recompute();
    const events = await db.disputeEvents.toArray();
    expect(events).toEqual([expect.objectContaining({ id: 'msg:story_refund', type: 'refund-requested', source: 'captured', captureId: 'cap-1' })]);
    expect((await db.deadlines.get('fixed.escrow-refund-response:event:msg:story_refund'))?.dueAt).toBe('2026-12-01T10:00:00.000Z');
  });
});

describe('alarms and notifications', () => {
  test('reconcile schedules one alarm per lead time still ahead', async () => {
    await seedSubmittedMilestone(db);
    const s = service();
    await s.recompute();
    const { scheduled } = await s.reconcile();
    expect(scheduled.sort()).toEqual([alarmName(REVIEW_ID, 2), alarmName(REVIEW_ID, 24), alarmName(REVIEW_ID, 72)].sort());
    expect(browser.alarms.get(alarmName(REVIEW_ID, 72))).toBe(REVIEW_DUE - 72 * HOUR);
    expect(browser.alarms.get(alarmName(REVIEW_ID, 2))).toBe(REVIEW_DUE - 2 * HOUR);
    // Reconciling again changes nothing.
    expect(await s.reconcile()).toEqual({ scheduled: [], cleared: [], announced: [] });
  });

  test('survives a service-worker restart: reconciled from the store, never announced twice', async () => {
    await seedSubmittedMilestone(db);
    const first = service();
    await first.recompute();
    await first.reconcile();
    const name = alarmName(REVIEW_ID, 72);

    vi.setSystemTime(browser.alarms.get(name)!);
    expect(await first.onAlarm(name)).toBe(true);
    expect(browser.shown).toHaveLength(1);
    expect(browser.shown[0]!.id).toBe(notificationId(REVIEW_ID));
    expect(browser.shown[0]!.content.title).toMatch(/Client review of submitted work: 3 days left/);
    expect(browser.shown[0]!.content.message).toMatch(/Fri 2026-12-04 20:15 UTC/);
    expect(browser.shown[0]!.content.message).toMatch(/3:15 PM EST/);
    expect((await db.deadlines.get(REVIEW_ID))?.announced).toEqual([72]);

    // The worker stops; Chrome keeps the alarm list. A new worker builds a new service over the same store.
    const restarted = service();
    const { scheduled, cleared, announced } = await restarted.reconcile();
    expect(announced).toEqual([]);
    expect(scheduled).toEqual([]);
    expect(cleared).toEqual([name]);
    expect([...browser.alarms.keys()].sort()).toEqual([alarmName(REVIEW_ID, 2), alarmName(REVIEW_ID, 24)].sort());
    // Chrome may deliver the same alarm again (it fired while the worker was stopping).
    expect(await restarted.onAlarm(name)).toBe(false);
    expect(await createDeadlineService({ db, now: () => new Date(), ...browser.api }).onAlarm(name)).toBe(false);
    expect(browser.shown).toHaveLength(1);

    // The next lead time is announced once, too.
    vi.setSystemTime(REVIEW_DUE - 24 * HOUR);
    expect(await restarted.onAlarm(alarmName(REVIEW_ID, 24))).toBe(true);
    expect(await service().onAlarm(alarmName(REVIEW_ID, 24))).toBe(false);
    expect(browser.shown).toHaveLength(2);
  });

  test('two workers racing on the same alarm announce it once', async () => {
    await seedSubmittedMilestone(db);
    await service().recompute();
    vi.setSystemTime(REVIEW_DUE - 72 * HOUR);
    const results = await Promise.all([service().onAlarm(alarmName(REVIEW_ID, 72)), service().onAlarm(alarmName(REVIEW_ID, 72))]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(browser.shown).toHaveLength(1);
  });

  test('lead times that passed while the browser was closed announce once, the most urgent only', async () => {
    await seedSubmittedMilestone(db);
    await service().recompute();
    await service().reconcile();
    // The browser was closed from before the 72 h mark until 10 h before the deadline.
    vi.setSystemTime(REVIEW_DUE - 10 * HOUR);
    const s = service();
    const { announced, scheduled, cleared } = await s.reconcile();
    expect(announced).toEqual([REVIEW_ID]);
    expect(browser.shown).toHaveLength(1);
    expect(browser.shown[0]!.content.title).toMatch(/10 hours left/);
    expect((await db.deadlines.get(REVIEW_ID))?.announced).toEqual([72, 24]);
    expect(scheduled).toEqual([]);
    expect(cleared.sort()).toEqual([alarmName(REVIEW_ID, 24), alarmName(REVIEW_ID, 72)].sort());
    expect([...browser.alarms.keys()]).toEqual([alarmName(REVIEW_ID, 2)]);
    // A late delivery of the missed alarms, or another restart, says nothing more.
    expect(await s.onAlarm(alarmName(REVIEW_ID, 72))).toBe(false);
    expect((await service().reconcile()).announced).toEqual([]);
    expect(browser.shown).toHaveLength(1);
  });

  test('done or dismissed: alarms cleared, nothing more announced', async () => {
    await seedSubmittedMilestone(db);
    await addUserEvent(db, { type: 'client-dispute-filed', contractId: CONTRACT, occurredAt: '2026-11-25T08:00:00.000Z' }, { id: 'user:d' });
    const s = service();
    await s.recompute();
    await s.reconcile();
    const disputeId = 'fixed.escrow-refund-response:event:user:d';
    expect([...browser.alarms.keys()].filter((n) => n.endsWith(disputeId))).toHaveLength(3);

    await s.setStatus(REVIEW_ID, 'done');
    expect([...browser.alarms.keys()].some((n) => n.endsWith(REVIEW_ID))).toBe(false);
    expect(browser.cleared).toContain(notificationId(REVIEW_ID));
    expect(await s.onAlarm(alarmName(REVIEW_ID, 72))).toBe(false);

    // Dismissed from the popup (straight into the store), then the background reconciles.
    const { setDeadlineStatus } = await import('@/utils/clocks/service');
    await setDeadlineStatus(db, disputeId, 'dismissed', new Date().toISOString());
    await s.recompute();
    const { cleared } = await s.reconcile();
    expect(cleared).toHaveLength(3);
    expect(browser.alarms.size).toBe(0);
    vi.setSystemTime(Date.parse('2026-11-30T08:00:00Z') - 2 * HOUR);
    expect(await s.onAlarm(alarmName(disputeId, 2))).toBe(false);
    expect((await db.deadlines.get(disputeId))?.status).toBe('dismissed');
    expect(browser.shown).toHaveLength(0);
    expect((await checkAuditLog(db)).ok).toBe(true);
  });

  test('clicking a notification opens the contract', async () => {
    await seedSubmittedMilestone(db);
    const s = service();
    await s.recompute();
    expect(await s.onNotificationClicked(notificationId(REVIEW_ID))).toBe(true);
    expect(browser.opened).toEqual([CONTRACT]);
    expect(await s.onNotificationClicked('someone-else')).toBe(false);
  });

  test('lead times are settings (default 72, 24, 2 h); changing them reschedules', async () => {
    await seedSubmittedMilestone(db);
    const s = service();
    expect(await s.settings.get()).toEqual({ leadHours: [72, 24, 2] });
    await s.recompute();
    await s.reconcile();
    expect(await s.settings.set({ leadHours: [1, 48, 48] })).toEqual({ leadHours: [48, 1] });
    expect([...browser.alarms.keys()].sort()).toEqual([alarmName(REVIEW_ID, 1), alarmName(REVIEW_ID, 48)].sort());
    await db.settings.put({ key: 'clocks.settings', value: 'garbage' });
    expect(await s.settings.get()).toEqual({ leadHours: [72, 24, 2] });
  });

  test('the badge counts deadlines due within 72 hours (not informational windows)', async () => {
    await seedSubmittedMilestone(db);
    await db.contracts.put(createContract({ id: '38420991', type: 'hourly', milestones: [] }));
    const s = service();
    await s.recompute();
    expect(await s.badgeCount()).toBe(0);
    expect(browser.badge.text).toBe('');
    vi.setSystemTime(REVIEW_DUE - 30 * HOUR);
    await s.recompute();
    expect(await s.badgeCount()).toBe(1);
    expect(browser.badge).toEqual({ text: '1', color: '#b45309' });
    vi.setSystemTime(REVIEW_DUE - 3 * HOUR);
    await s.reconcile();
    expect(browser.badge.color).toBe('#b91c1c');
  });
});
