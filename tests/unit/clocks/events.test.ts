// Events the user enters: stored as the user's, audited with the write, refused when invalid.
import { afterEach, beforeEach, expect, test } from 'vitest';
import { freshDb } from '../../helpers/db';
import type { CasefileDb } from '@/utils/db/schema';
import { checkAuditLog } from '@/utils/store';
import { CasefileError } from '@/utils/errors';
import { addUserEvent, EVENT_TYPES, USER_EVENT_TYPES } from '@/utils/clocks/events';
import { ruleById } from '@/utils/clocks/rules';

let db: CasefileDb;
beforeEach(async () => {
  db = freshDb();
  await db.open();
});
afterEach(() => db.close());

test('every event type starts known rules; the user is offered the ones only they can see', () => {
  for (const [id, type] of Object.entries(EVENT_TYPES)) for (const rule of type.rules) expect(ruleById(rule), `${id} → ${rule}`).toBeTruthy();
  expect(USER_EVENT_TYPES).toEqual(expect.arrayContaining(['client-dispute-filed', 'mediator-proposal', 'non-resolution-notice']));
  expect(USER_EVENT_TYPES).not.toContain('limit-changed');
});

test('addUserEvent stores the event as the user\'s, with its audit entry', async () => {
  const event = await addUserEvent(
    db,
    { type: 'client-dispute-filed', contractId: '38417205', occurredAt: '2026-11-25T03:00:00-05:00', note: '  says the import was wrong  ' },
    { id: 'user:x', at: '2026-11-25T08:01:00.000Z' },
  );
  expect(event).toEqual({ id: 'user:x', contractId: '38417205', caseId: null, type: 'client-dispute-filed', occurredAt: '2026-11-25T08:00:00.000Z', source: 'user', captureId: null, note: 'says the import was wrong' });
  expect(await db.disputeEvents.get('user:x')).toEqual(event);
  const audit = await db.audit.toArray();
  expect(audit).toHaveLength(1);
  expect(audit[0]).toMatchObject({ type: 'note', subject: 'event:user:x', at: '2026-11-25T08:01:00.000Z', details: { action: 'event-added', source: 'user' } });
  expect((await checkAuditLog(db)).ok).toBe(true);
});

test('unknown or captured-only types and bad times are refused, and nothing is written', async () => {
  await expect(addUserEvent(db, { type: 'limit-changed', contractId: null, occurredAt: '2026-11-25T08:00:00Z' })).rejects.toBeInstanceOf(CasefileError);
  await expect(addUserEvent(db, { type: 'nope' as never, contractId: null, occurredAt: '2026-11-25T08:00:00Z' })).rejects.toBeInstanceOf(CasefileError);
  await expect(addUserEvent(db, { type: 'mediator-proposal', contractId: null, occurredAt: 'yesterday-ish' })).rejects.toBeInstanceOf(CasefileError);
  expect(await db.disputeEvents.count()).toBe(0);
  expect(await db.audit.count()).toBe(0);
});
