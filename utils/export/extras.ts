import type { PackageInput, PackageOptions } from '../package';
import type { DeadlineRule } from '../clocks/rules';
import { messageHash, revisionHash } from '../extract/changes';
import { hashRecord } from '../hashing';
import { RULES } from '../clocks/rules';
import { deadlinesIcs } from '../clocks/ics';

/**
 * What other modules add to every package, kept in one place so the export page and backups
 * build the same packages: the deadlines calendar (data/deadlines.ics) and the rules' words, and
 * how to recompute the stored hashes of messages, revisions and notes so the export re-verifies them.
 */
export function withPackageExtras(input: PackageInput, exportedAt: string): PackageInput {
  const open = (input.deadlines ?? []).filter((d) => d.status === 'open');
  return {
    ...input,
    deadlinesIcs: deadlinesIcs(open, RULES as readonly DeadlineRule[], exportedAt),
    deadlineRules: Object.fromEntries((RULES as readonly DeadlineRule[]).map((r) => [r.id, r.title])),
  };
}

export const packageHashOptions: Partial<PackageOptions> = {
  recordHashes: {
    message: messageHash,
    revision: revisionHash,
    note: ({ id, caseId, contractId, text, createdAt }) => hashRecord({ id, caseId, contractId, text, createdAt }),
  },
};
