import { describe, expect, it } from 'vitest';
import type { MessageRecord } from '@/utils/db/records';
import { contractChanges, matchMilestones, messageHash, reconcileMessages, revisionHash } from '@/utils/extract/changes';
import { contractData, milestone, minute, observed, observedOf, snapshot, stored, storedRun } from './test-data';

const T1 = '2026-03-02T15:00:00.000Z';
const T2 = '2026-03-05T10:00:00.000Z';
const T3 = '2026-03-09T10:00:00.000Z';

/** Applies a reconcile result to a store held in a Map, as the background does. */
function apply(store: Map<string, MessageRecord>, result: ReturnType<typeof reconcileMessages>) {
  for (const m of result.upserts) store.set(m.id, m);
}

describe('edits', () => {
  it('a storyId seen again with different text keeps every revision, with when each was seen, and is marked edited', () => {
    const store = new Map([['story_m1', stored({ text: 'Deliver by Friday', lastSeenAt: T1, captureId: 'cap-1' })]]);
    const second = reconcileMessages({ stored: [...store.values()], observed: [observed({ text: 'Deliver by Monday' })], renderedIds: ['story_m1'], captureId: 'cap-2', seenAt: T2 });
    apply(store, second);
    const third = reconcileMessages({ stored: [...store.values()], observed: [observed({ text: 'Deliver by next Monday' })], renderedIds: ['story_m1'], captureId: 'cap-3', seenAt: T3 });
    apply(store, third);

    expect(second.editedIds).toEqual(['story_m1']);
    expect(third.editedIds).toEqual(['story_m1']);
    const revisions = [...second.revisions, ...third.revisions];
    expect(revisions.map((r) => ({ text: r.text, seenAt: r.seenAt, captureId: r.captureId }))).toEqual([
      { text: 'Deliver by Friday', seenAt: T1, captureId: 'cap-1' },
      { text: 'Deliver by Monday', seenAt: T2, captureId: 'cap-2' },
    ]);
    for (const r of revisions) expect(r.sha256).toBe(revisionHash(r));
    const now = store.get('story_m1')!;
    expect(now).toMatchObject({ text: 'Deliver by next Monday', edited: true, firstSeenAt: T1, lastSeenAt: T3, captureId: 'cap-3' });
    expect(now.sha256).toBe(messageHash(now));
  });

  it('the same text seen again is no edit; the record only notes when it was last seen', () => {
    const s = stored();
    const r = reconcileMessages({ stored: [s], observed: [observedOf(s)], renderedIds: [s.id], captureId: 'cap-2', seenAt: T2 });
    expect(r.editedIds).toEqual([]);
    expect(r.revisions).toEqual([]);
    expect(r.upserts).toEqual([{ ...s, lastSeenAt: T2 }]);
  });

  it('rendered text and JSON text are never compared with each other (formatting differs)', () => {
    const s = stored({ text: 'Deadline is Feb 9.', source: 'dom', jsonText: null });
    const fromJson = observed({ text: '**Deadline** is `Feb 9`.', jsonText: '**Deadline** is `Feb 9`.', source: 'json', sentAtDisplayed: null });
    const r = reconcileMessages({ stored: [s], observed: [fromJson], renderedIds: [], captureId: 'cap-2', seenAt: T2 });
    expect(r.editedIds).toEqual([]);
    expect(r.upserts[0]).toMatchObject({ text: 'Deadline is Feb 9.', jsonText: '**Deadline** is `Feb 9`.', source: 'both' });
  });

  it('a change in the JSON text is an edit even when the message is not rendered', () => {
    const s = stored({ text: 'Deadline is Feb 9.', source: 'both', jsonText: '**Deadline** is `Feb 9`.' });
    const fromJson = observed({ text: '**Deadline** is `Feb 16`.', jsonText: '**Deadline** is `Feb 16`.', source: 'json' });
    const r = reconcileMessages({ stored: [s], observed: [fromJson], renderedIds: [], captureId: 'cap-2', seenAt: T2 });
    expect(r.editedIds).toEqual([s.id]);
    expect(r.revisions[0]!.text).toBe('Deadline is Feb 9.');
    expect(r.upserts[0]).toMatchObject({ text: '**Deadline** is `Feb 16`.', edited: true });
  });

  it('a different set of attachments is an edit', () => {
    const s = stored({ attachments: [{ name: 'brief.pdf', size: '1 MB', url: null }] });
    const r = reconcileMessages({ stored: [s], observed: [observedOf(s, { attachments: [{ name: 'brief-v2.pdf', size: '1 MB', url: null }] })], renderedIds: [s.id], captureId: 'cap-2', seenAt: T2 });
    expect(r.editedIds).toEqual([s.id]);
    expect(r.revisions[0]!.attachments).toEqual([{ name: 'brief.pdf', size: '1 MB', url: null }]);
  });

  it('an exact time from the JSON is not replaced by the page\'s minute', () => {
    const s = stored({ sentAt: '2026-03-02T14:01:37.250Z', source: 'both', jsonText: 'Hello' });
    const r = reconcileMessages({ stored: [s], observed: [observedOf(s, { sentAt: '2026-03-02T14:01:00.000Z' })], renderedIds: [s.id], captureId: 'cap-2', seenAt: T2 });
    expect(r.upserts[0]!.sentAt).toBe('2026-03-02T14:01:37.250Z');
  });

  it('new messages are recorded as first seen now', () => {
    const r = reconcileMessages({ stored: [], observed: [observed()], renderedIds: ['story_m1'], captureId: 'cap-1', seenAt: T1 });
    expect(r.upserts).toHaveLength(1);
    expect(r.upserts[0]).toMatchObject({ id: 'story_m1', edited: false, deleted: false, firstSeenAt: T1, lastSeenAt: T1, captureId: 'cap-1' });
    expect(r.editedIds).toEqual([]);
    expect(r.deletedIds).toEqual([]);
  });
});

describe('deletions', () => {
  it('a message the page data flags deleted is marked deleted and keeps its last known content', () => {
    const s = stored({ text: 'Approved, releasing the payment now.', attachments: [{ name: 'approval.png', size: '40 KB', url: null }], source: 'both', jsonText: 'Approved, releasing the payment now.' });
    const flag = observed({ id: s.id, text: '', jsonText: '', source: 'json', deleted: true, sentAtDisplayed: null });
    const r = reconcileMessages({ stored: [s], observed: [flag], renderedIds: [], captureId: 'cap-2', seenAt: T2 });
    expect(r.deletedIds).toEqual([s.id]);
    expect(r.editedIds).toEqual([]);
    expect(r.upserts[0]).toMatchObject({ deleted: true, text: s.text, jsonText: s.jsonText, attachments: s.attachments, captureId: 'cap-2' });
  });

  it('a message missing between two neighbours that are both still rendered is deleted, its content kept', () => {
    const [m1, m2, m3] = storedRun(3);
    const r = reconcileMessages({ stored: [m1!, m2!, m3!], observed: [observedOf(m1!), observedOf(m3!)], renderedIds: [m1!.id, m3!.id], captureId: 'cap-2', seenAt: T2 });
    expect(r.deletedIds).toEqual([m2!.id]);
    const deleted = r.upserts.find((m) => m.id === m2!.id)!;
    expect(deleted).toMatchObject({ deleted: true, text: 'Message 2', lastSeenAt: m2!.lastSeenAt, captureId: 'cap-2' });
    expect(deleted.sha256).toBe(messageHash(deleted));
  });

  it('several missing in a row between rendered neighbours are all deleted', () => {
    const run = storedRun(5);
    const r = reconcileMessages({ stored: run, observed: [observedOf(run[0]!), observedOf(run[4]!)], renderedIds: [run[0]!.id, run[4]!.id], captureId: 'cap-2', seenAt: T2 });
    expect(r.deletedIds.sort()).toEqual(['story_m2', 'story_m3', 'story_m4']);
  });

  it('messages that scrolled out of view (above or below the rendered run) are not deleted', () => {
    const run = storedRun(8);
    const shown = run.slice(3, 6);
    const r = reconcileMessages({ stored: run, observed: shown.map((m) => observedOf(m)), renderedIds: shown.map((m) => m.id), captureId: 'cap-2', seenAt: T2 });
    expect(r.deletedIds).toEqual([]);
    expect(r.upserts.every((m) => !m.deleted)).toBe(true);
  });

  it('a virtualized list that unmounted items far out of view deletes nothing, however the window moves', () => {
    const run = storedRun(30);
    let store = new Map(run.map((m) => [m.id, m]));
    for (const [from, to] of [[0, 10], [10, 20], [20, 30], [5, 15]] as const) {
      const shown = run.slice(from, to);
      const r = reconcileMessages({ stored: [...store.values()], observed: shown.map((m) => observedOf(m)), renderedIds: shown.map((m) => m.id), captureId: `cap-${from}`, seenAt: T2 });
      expect(r.deletedIds, `window ${from}–${to}`).toEqual([]);
      store = new Map([...store, ...r.upserts.map((m) => [m.id, m] as const)]);
    }
    expect([...store.values()].filter((m) => m.deleted)).toEqual([]);
  });

  it('a message the page data still lists is not deleted for not being rendered', () => {
    const [m1, m2, m3] = storedRun(3);
    const listed = observedOf(m2!, { source: 'json', jsonText: 'Message 2' });
    const r = reconcileMessages({ stored: [m1!, m2!, m3!], observed: [observedOf(m1!), listed, observedOf(m3!)], renderedIds: [m1!.id, m3!.id], captureId: 'cap-2', seenAt: T2 });
    expect(r.deletedIds).toEqual([]);
  });

  it('a message whose time is unknown, or equal to a rendered neighbour\'s, is never deleted by absence', () => {
    const [m1, , m3] = storedRun(3);
    const unknown = stored({ id: 'story_unknown', sentAt: null, sentAtUnparsed: true });
    const tied = stored({ id: 'story_tied', sentAt: m1!.sentAt });
    const r = reconcileMessages({ stored: [m1!, unknown, tied, m3!], observed: [observedOf(m1!), observedOf(m3!)], renderedIds: [m1!.id, m3!.id], captureId: 'cap-2', seenAt: T2 });
    expect(r.deletedIds).toEqual([]);
  });

  it('neighbours rendered in an order that contradicts their times are not trusted', () => {
    const [m1, m2, m3] = storedRun(3);
    const r = reconcileMessages({ stored: [m1!, m2!, m3!], observed: [observedOf(m3!), observedOf(m1!)], renderedIds: [m3!.id, m1!.id], captureId: 'cap-2', seenAt: T2 });
    expect(r.deletedIds).toEqual([]);
  });

  it('a message marked deleted by absence that is rendered again is restored', () => {
    const [m1, m2, m3] = storedRun(3);
    const gone = { ...m2!, deleted: true };
    const r = reconcileMessages({ stored: [m1!, gone, m3!], observed: [m1!, m2!, m3!].map((m) => observedOf(m)), renderedIds: [m1!.id, m2!.id, m3!.id], captureId: 'cap-3', seenAt: T3 });
    expect(r.restoredIds).toEqual([m2!.id]);
    expect(r.upserts.find((m) => m.id === m2!.id)).toMatchObject({ deleted: false, captureId: 'cap-3' });
  });

  it('an already deleted message is not reported again', () => {
    const [m1, m2, m3] = storedRun(3);
    const r = reconcileMessages({ stored: [m1!, { ...m2!, deleted: true }, m3!], observed: [observedOf(m1!), observedOf(m3!)], renderedIds: [m1!.id, m3!.id], captureId: 'cap-2', seenAt: T2 });
    expect(r.deletedIds).toEqual([]);
  });

  it('new messages rendered between stored ones do not hide a deletion', () => {
    const [m1, m2, m3] = storedRun(3);
    const newcomer = observed({ id: 'story_new', sentAt: minute(2.5), text: 'New' });
    const r = reconcileMessages({ stored: [m1!, m2!, m3!], observed: [observedOf(m1!), newcomer, observedOf(m3!)], renderedIds: [m1!.id, 'story_new', m3!.id], captureId: 'cap-2', seenAt: T2 });
    expect(r.deletedIds).toEqual([m2!.id]);
  });
});

describe('contract changes', () => {
  const A = '2026-10-01T12:00:00.000Z';
  const B = '2026-11-21T12:00:00.000Z';

  it('a milestone whose amount changed gives both values and both capture times', () => {
    const before = snapshot('s1', A, contractData());
    const after = snapshot('s2', B, contractData({ milestones: [milestone({ amount: { amount: '450.00', currency: 'USD' } })] }));
    expect(contractChanges(before, after)).toEqual([
      {
        id: expect.stringMatching(/^[0-9a-f]{32}$/),
        contractId: '38417205',
        kind: 'milestone-changed',
        field: 'amount',
        milestoneId: '51873001',
        before: { amount: '600.00', currency: 'USD' },
        after: { amount: '450.00', currency: 'USD' },
        beforeCapturedAt: A,
        afterCapturedAt: B,
        beforeSnapshotId: 's1',
        afterSnapshotId: 's2',
      },
    ]);
  });

  it('milestones added and removed, and due date, description and status changes', () => {
    const m2 = milestone({ id: '51873002', sequence: 2, title: 'Build', amount: { amount: '600.00', currency: 'USD' } });
    const before = snapshot('s1', A, contractData({ milestones: [milestone(), m2] }));
    const m3 = milestone({ id: '51873003', sequence: 3, title: 'Extra pages' });
    const after = snapshot('s2', B, contractData({ milestones: [milestone({ dueDate: '2026-09-28', description: 'Only the homepage.', status: 'Paid' }), m3] }));
    const changes = contractChanges(before, after);
    expect(changes.map((c) => [c.kind, c.field, c.milestoneId])).toEqual([
      ['milestone-added', 'milestone', '51873003'],
      ['milestone-removed', 'milestone', '51873002'],
      ['milestone-changed', 'description', '51873001'],
      ['milestone-changed', 'dueDate', '51873001'],
      ['milestone-changed', 'status', '51873001'],
    ]);
    expect(changes[0]).toMatchObject({ before: null, after: m3 });
    expect(changes[1]).toMatchObject({ before: m2, after: null });
    expect(changes[2]).toMatchObject({ before: 'Homepage and product page mockups.', after: 'Only the homepage.' });
  });

  it('rate and weekly limit changes on an hourly contract', () => {
    const hourly = { type: 'hourly' as const, budget: null, milestones: [], hourlyRate: { amount: '45.00', currency: 'USD' }, weeklyLimitHours: 20 };
    const before = snapshot('s1', A, contractData(hourly));
    const after = snapshot('s2', B, contractData({ ...hourly, hourlyRate: { amount: '40.00', currency: 'USD' }, weeklyLimitHours: 10 }));
    expect(contractChanges(before, after).map((c) => [c.kind, c.field, c.before, c.after])).toEqual([
      ['terms-changed', 'hourlyRate', { amount: '45.00', currency: 'USD' }, { amount: '40.00', currency: 'USD' }],
      ['terms-changed', 'weeklyLimitHours', 20, 10],
    ]);
  });

  it('the contract ending: by status, and by an end date appearing', () => {
    const before = snapshot('s1', A, contractData());
    const after = snapshot('s2', B, contractData({ status: 'Ended', endDate: '2026-11-20' }));
    expect(contractChanges(before, after).map((c) => [c.kind, c.field, c.before, c.after])).toEqual([
      ['contract-ended', 'endDate', null, '2026-11-20'],
      ['contract-ended', 'status', 'Active', 'Ended'],
    ]);
    const paused = snapshot('s3', B, contractData({ status: 'Paused' }));
    expect(contractChanges(before, paused).map((c) => c.kind)).toEqual(['status-changed']);
  });

  it('what a later page did not show is not a change; statuses ignore case and underscores', () => {
    const before = snapshot('s1', A, contractData({ status: 'ACTIVE' }));
    const after = snapshot('s2', B, contractData({ clientName: null, freelancerName: null, budget: null, status: 'Active', milestones: [milestone({ description: '', submittedAt: null })] }));
    expect(contractChanges(before, after)).toEqual([]);
    // A tab without milestones is not "every milestone removed".
    expect(contractChanges(before, snapshot('s3', B, contractData({ milestones: [] })))).toEqual([]);
  });

  it('change ids are stable for the same pair of snapshots', () => {
    const before = snapshot('s1', A, contractData());
    const after = snapshot('s2', B, contractData({ title: 'Storefront redesign (phase 1)' }));
    expect(contractChanges(before, after)).toEqual(contractChanges(before, after));
  });
});

describe('matching milestones across visits', () => {
  it('by id first; two different real ids are two milestones, whatever the titles', () => {
    const r = matchMilestones([milestone({ id: '1001', title: 'Design' })], [milestone({ id: '1002', title: 'Design' })]);
    expect(r.pairs).toHaveLength(0);
    expect(r.added.map((m) => m.id)).toEqual(['1002']);
    expect(r.removed.map((m) => m.id)).toEqual(['1001']);
  });

  it('page-made ids (#sequence) pair by title before sequence, so a removal does not shift the rest', () => {
    const before = [milestone({ id: '#1', sequence: 1, title: 'A' }), milestone({ id: '#2', sequence: 2, title: 'B' }), milestone({ id: '#3', sequence: 3, title: 'C' })];
    const after = [milestone({ id: '#1', sequence: 1, title: 'A' }), milestone({ id: '#2', sequence: 2, title: 'C' })];
    const r = matchMilestones(before, after);
    expect(r.pairs.map(([b, a]) => [b.title, a.title])).toEqual([
      ['A', 'A'],
      ['C', 'C'],
    ]);
    expect(r.removed.map((m) => m.title)).toEqual(['B']);
    expect(r.added).toEqual([]);
  });

  it('a page-data id on one visit and a page-made id on the next still pair (by title, then sequence)', () => {
    const r = matchMilestones([milestone({ id: '51873001', sequence: 1, title: 'Design' })], [milestone({ id: '#1', sequence: 1, title: 'Design (revised)' })]);
    expect(r.pairs).toHaveLength(1);
    const before = snapshot('s1', '2026-10-01T12:00:00.000Z', contractData({ milestones: [milestone({ id: '51873001', title: 'Design' })] }));
    const after = snapshot('s2', '2026-10-02T12:00:00.000Z', contractData({ milestones: [milestone({ id: '#1', title: 'Design (revised)' })] }));
    expect(contractChanges(before, after).map((c) => [c.kind, c.field, c.before, c.after])).toEqual([['milestone-changed', 'title', 'Design', 'Design (revised)']]);
  });
});
