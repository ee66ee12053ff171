// Regression: after the fix for first-seen-reported-as-changed, contractChanges
// (utils/extract/changes.ts) compares only values both visits showed (`if (blank(x[field]) ||
// blank(y[field])) continue` for milestone fields). But a milestone's submittedAt, approvedAt and
// paidAt are null until the event happens: a milestone submitted between two visits that read the
// same layer (the row shows "Submitted Nov 20, 2026 3:15 PM" the second time, nothing the first)
// is no longer a change. That is the event a freelancer most needs dated (REFERENCE §5: the 14-day
// review clock starts at "Submit work"), and the timeline now loses it.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import type { ContractData } from '@/utils/db/records';
import { contractChanges } from '@/utils/extract/changes';
import { hashRecord } from '@/utils/hashing';

const WORKROOM = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'pages', 'workroom');
const SUBMITTED_AT = '2026-11-20T20:15:00.000Z';

/** What the workroom extractor read from a saved stand-in page (its checked expected output). */
function contractOf(page: string): ContractData {
  return (JSON.parse(readFileSync(join(WORKROOM, `${page}.expected.json`), 'utf8')) as { expected: { contract: ContractData } }).expected.contract;
}

/** The same page as it looked before milestone 3 was submitted (no submission line, no submission time in its data). */
function beforeSubmission(data: ContractData): ContractData {
  return { ...data, milestones: data.milestones.map((m) => (m.sequence === 3 ? { ...m, submittedAt: null } : m)) };
}

function changesBetween(before: ContractData, after: ContractData) {
  const snapshot = (data: ContractData, capturedAt: string) => ({ id: `snapshot-${capturedAt}`, contractId: data.id, captureId: `capture-${capturedAt}`, capturedAt, data, sha256: hashRecord(data) });
  return contractChanges(snapshot(before, '2026-11-19T09:00:00.000Z'), snapshot(after, '2026-11-21T09:00:00.000Z')).map((c) => ({
    kind: c.kind,
    field: c.field,
    milestoneId: c.milestoneId,
    before: c.before,
    after: c.after,
  }));
}

describe('a milestone submitted between two visits is a change', () => {
  test.each([
    ['fixed-labels-only', '#3'],
    ['fixed-attributes-only', '#3'],
    ['fixed-nuxt-devalue', '51873003'],
  ])('both visits read like %s', (page, milestoneId) => {
    const after = contractOf(page);
    expect(after.milestones.find((m) => m.sequence === 3)?.submittedAt).toBe(SUBMITTED_AT);
    expect(changesBetween(beforeSubmission(after), after)).toEqual([{ kind: 'milestone-changed', field: 'submittedAt', milestoneId, before: null, after: SUBMITTED_AT }]);
  });
});
