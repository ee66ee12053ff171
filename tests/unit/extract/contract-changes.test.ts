import { describe, expect, test } from 'vitest';
import type { ContractChange, ContractData, Milestone } from '@/utils/db/records';
import { contractChanges } from '@/utils/extract/changes';
import { syntheticMilestoneId } from '@/utils/extract/milestone-id';
import { createContractData, createHourlyContractData, createMilestone, createSnapshot } from './sample-factories';

/**
 * What changed in a contract between two captures (utils/extract/changes.ts): every change carries
 * both values and both capture times, so the timeline can show "was X on <date>, now Y".
 */

const BEFORE_AT = '2026-11-21T09:00:00.000Z';
const AFTER_AT = '2026-11-24T16:00:00.000Z';

function changesBetween(before: ContractData, after: ContractData): ContractChange[] {
  return contractChanges(createSnapshot(before, { capturedAt: BEFORE_AT }), createSnapshot(after, { capturedAt: AFTER_AT }));
}

/** The fixed contract with milestone 3 replaced by `change(milestone 3)`. */
function withMilestone3(change: (m: Milestone) => Milestone, base = createContractData()): ContractData {
  return { ...base, milestones: base.milestones.map((m) => (m.sequence === 3 ? change(m) : m)) };
}

const brief = (c: ContractChange) => ({ kind: c.kind, field: c.field, milestoneId: c.milestoneId, before: c.before, after: c.after });

describe('contractChanges', () => {
  test('identical snapshots: no change', () => {
    expect(changesBetween(createContractData(), createContractData())).toEqual([]);
  });

  test('every change names both snapshots and both capture times', () => {
    const before = createSnapshot(createContractData(), { capturedAt: BEFORE_AT });
    const after = createSnapshot(withMilestone3((m) => ({ ...m, amount: { amount: '450.00', currency: 'USD' } })), { capturedAt: AFTER_AT });
    const [change] = contractChanges(before, after);
    expect(change).toMatchObject({
      contractId: before.contractId,
      beforeCapturedAt: BEFORE_AT,
      afterCapturedAt: AFTER_AT,
      beforeSnapshotId: before.id,
      afterSnapshotId: after.id,
    });
    expect(change!.id).toMatch(/^[0-9a-f]{32}$/);
  });

  test('milestone amount, due date, description and status changes are each reported with both values', () => {
    const after = withMilestone3((m) => ({
      ...m,
      amount: { amount: '450.00', currency: 'USD' },
      dueDate: '2026-11-30',
      description: 'Import all products, with every size and colour variant as its own SKU.',
      status: 'Paid',
    }));
    expect(changesBetween(createContractData(), after).map(brief)).toEqual([
      { kind: 'milestone-changed', field: 'description', milestoneId: '51873003', before: createMilestone().description, after: 'Import all products, with every size and colour variant as its own SKU.' },
      { kind: 'milestone-changed', field: 'amount', milestoneId: '51873003', before: { amount: '600.00', currency: 'USD' }, after: { amount: '450.00', currency: 'USD' } },
      { kind: 'milestone-changed', field: 'dueDate', milestoneId: '51873003', before: '2026-11-23', after: '2026-11-30' },
      { kind: 'milestone-changed', field: 'status', milestoneId: '51873003', before: 'Active and funded', after: 'Paid' },
    ]);
  });

  test('a milestone added and one removed', () => {
    const before = createContractData();
    const added = createMilestone({ id: '51873005', sequence: 5, title: 'Size guide popup and winter lookbook page', amount: { amount: '300.00', currency: 'USD' }, status: 'Not funded' });
    const after = { ...before, milestones: [...before.milestones.filter((m) => m.sequence !== 4), added] };
    const changes = changesBetween(before, after).map(brief);
    expect(changes).toContainEqual({ kind: 'milestone-added', field: 'milestone', milestoneId: '51873005', before: null, after: added });
    expect(changes).toContainEqual({ kind: 'milestone-removed', field: 'milestone', milestoneId: '51873004', before: before.milestones[2], after: null });
    expect(changes).toHaveLength(2);
  });

  test('the budget of a fixed-price contract changed', () => {
    const after = createContractData({ budget: { amount: '2550.00', currency: 'USD' } });
    expect(changesBetween(createContractData(), after).map(brief)).toEqual([
      { kind: 'terms-changed', field: 'budget', milestoneId: undefined, before: { amount: '2400.00', currency: 'USD' }, after: { amount: '2550.00', currency: 'USD' } },
    ]);
  });

  test('hourly rate and weekly limit changed', () => {
    const after = createHourlyContractData({ hourlyRate: { amount: '50.00', currency: 'USD' }, weeklyLimitHours: 15 });
    expect(changesBetween(createHourlyContractData(), after).map(brief)).toEqual([
      { kind: 'terms-changed', field: 'hourlyRate', milestoneId: undefined, before: { amount: '45.00', currency: 'USD' }, after: { amount: '50.00', currency: 'USD' } },
      { kind: 'terms-changed', field: 'weeklyLimitHours', milestoneId: undefined, before: 20, after: 15 },
    ]);
  });

  test('the contract ended: both the end date appearing and the status saying so are "contract-ended"', () => {
    const after = createContractData({ status: 'Ended', endDate: '2026-11-25' });
    const changes = changesBetween(createContractData(), after).map(brief);
    expect(changes).toContainEqual({ kind: 'contract-ended', field: 'status', milestoneId: undefined, before: 'Active', after: 'Ended' });
    expect(changes).toContainEqual({ kind: 'contract-ended', field: 'endDate', milestoneId: undefined, before: null, after: '2026-11-25' });
    expect(changes).toHaveLength(2);
    // Once ended, a later wording change is only a status change, not a second ending.
    const later = changesBetween(after, createContractData({ status: 'Closed', endDate: '2026-11-25' })).map(brief);
    expect(later).toEqual([{ kind: 'status-changed', field: 'status', milestoneId: undefined, before: 'Ended', after: 'Closed' }]);
  });

  test("the API's status code and the page's wording of the same status are not a change", () => {
    expect(changesBetween(createContractData({ status: 'ACTIVE' }), createContractData({ status: 'Active' }))).toEqual([]);
  });

  test('a paused contract is a status change, not an ending', () => {
    const changes = changesBetween(createContractData(), createContractData({ status: 'Paused' })).map(brief);
    expect(changes).toEqual([{ kind: 'status-changed', field: 'status', milestoneId: undefined, before: 'Active', after: 'Paused' }]);
  });

  test('milestones are matched across layers: page-data ids one visit, page-made ids (`#<sequence>`) the next', () => {
    // The first capture read the page's JSON (real milestone ids); the next only the page's rows,
    // which carry no id. Same milestones, same content: no change.
    const fromJson = createContractData();
    const fromRows = { ...fromJson, milestones: fromJson.milestones.map((m) => ({ ...m, id: syntheticMilestoneId(m.sequence!) })) };
    expect(changesBetween(fromJson, fromRows)).toEqual([]);
    expect(changesBetween(fromRows, fromJson)).toEqual([]);
    // A real change is still found across the two layers.
    const cheaper = { ...fromRows, milestones: fromRows.milestones.map((m) => (m.sequence === 4 ? { ...m, amount: { amount: '450.00', currency: 'USD' } } : m)) };
    expect(changesBetween(fromJson, cheaper).map(brief)).toEqual([
      { kind: 'milestone-changed', field: 'amount', milestoneId: '#4', before: { amount: '600.00', currency: 'USD' }, after: { amount: '450.00', currency: 'USD' } },
    ]);
    // A renamed milestone is matched by its sequence number when the title no longer matches.
    const renamed = { ...fromRows, milestones: fromRows.milestones.map((m) => (m.sequence === 3 ? { ...m, title: 'Product import and QA' } : m)) };
    expect(changesBetween(fromJson, renamed).map(brief)).toEqual([
      { kind: 'milestone-changed', field: 'title', milestoneId: '#3', before: 'Product import (480 SKUs) and QA', after: 'Product import and QA' },
    ]);
  });

  test('two different page-data ids are two milestones, whatever their titles', () => {
    const before = createContractData({ milestones: [createMilestone({ id: '51873003' })] });
    const after = createContractData({ milestones: [createMilestone({ id: '51873009' })] });
    expect(changesBetween(before, after).map((c) => [c.kind, c.milestoneId])).toEqual([
      ['milestone-added', '51873009'],
      ['milestone-removed', '51873003'],
    ]);
  });

  test('a contract field the page did not show this time is not a change', () => {
    const before = createHourlyContractData({ status: 'Active' });
    const after = createHourlyContractData({ title: null, clientName: null, freelancerName: null, type: null, hourlyRate: null, weeklyLimitHours: null, startDate: null, status: null });
    expect(changesBetween(before, after)).toEqual([]);
  });

  test('a milestone field the page did not show this time is not a change', () => {
    const shown = withMilestone3((m) => ({ ...m, submittedAt: '2026-11-20T20:15:00.000Z' }));
    const missing = withMilestone3((m) => ({ ...m, description: '', amount: null, dueDate: null, status: null, submittedAt: null }));
    expect(changesBetween(shown, missing)).toEqual([]);
  });

  test('no milestones shown this time (a tab without them) is not "all removed"', () => {
    expect(changesBetween(createContractData(), createContractData({ milestones: [] }))).toEqual([]);
  });
});
