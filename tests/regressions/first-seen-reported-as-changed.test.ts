// Regression: contractChanges (utils/extract/changes.ts) reports a value seen for the first time as
// a change. The workroom is read in layers (page data, attributes, visible labels; REFERENCE §3),
// and not every visit has every layer: the Contract details tab shows no milestones, a page without
// `__NUXT_DATA__` shows no freelancer name and no submission time of paid milestones. A later,
// richer visit then "changes" the contract although nothing on Upwork changed, and each false
// change goes into the evidence timeline with a 'contract-changed' audit entry ("Milestone 1 added
// on Nov 24" for a milestone funded in September).
//
// The opposite direction (a richer visit, then a poorer one) is handled: a value missing this time
// is not a change. These are the same pages (same contract, same moment) in the other order.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import type { ContractData } from '@/utils/db/records';
import { contractChanges } from '@/utils/extract/changes';
import { hashRecord } from '@/utils/hashing';

const WORKROOM = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'pages', 'workroom');

/** What the workroom extractor read from a saved stand-in page (its checked expected output). */
function contractOf(page: string): ContractData {
  return (JSON.parse(readFileSync(join(WORKROOM, `${page}.expected.json`), 'utf8')) as { expected: { contract: ContractData } }).expected.contract;
}

function changesBetween(first: string, later: string) {
  const snapshot = (data: ContractData, capturedAt: string) => ({ id: `snapshot-${capturedAt}`, contractId: data.id, captureId: `capture-${capturedAt}`, capturedAt, data, sha256: hashRecord(data) });
  return contractChanges(snapshot(contractOf(first), '2026-11-21T09:00:00.000Z'), snapshot(contractOf(later), '2026-11-24T16:00:00.000Z')).map((c) => ({
    kind: c.kind,
    field: c.field,
    milestoneId: c.milestoneId,
    before: c.before,
  }));
}

describe('a value first seen is not a change', () => {
  test('the Contract details tab (no milestones shown), then the Overview: no milestone "added"', () => {
    // Today: milestone-added ×4 (51873001…51873004), plus clientName, freelancerName and status
    // "changed" from null.
    expect(changesBetween('fixed-details-escrow', 'fixed-nuxt-devalue')).toEqual([]);
  });

  test('visible labels only, then the page with its data: nothing changed', () => {
    // Today: clientName null → "Daniel Reyes", freelancerName null → "Maya Okafor", status null →
    // "Active", and submittedAt null → the submission time for the paid milestones 51873001 and
    // 51873002 (the page shows submission times only for unpaid milestones; its data has them all).
    expect(changesBetween('fixed-labels-only', 'fixed-nuxt-devalue')).toEqual([]);
    expect(changesBetween('hourly-labels-only', 'hourly-nuxt-devalue')).toEqual([]);
  });
});
