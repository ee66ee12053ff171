import type { PackageInput, PackageOptions } from '../package';
import { messageHash, revisionHash } from '../extract/changes';
import { hashRecord } from '../hashing';

/**
 * What other modules add to every package: how to recompute the stored hashes of messages,
 * revisions and notes (so the export re-verifies them), and the deadlines calendar. Kept in one
 * place so the export page, backups and the demo build the same packages.
 */
export function packageExtras(): Partial<PackageInput> {
  return {};
}

packageExtras.options = (): Partial<PackageOptions> => ({
  recordHashes: {
    message: messageHash,
    revision: revisionHash,
    note: ({ id, caseId, contractId, text, createdAt }) => hashRecord({ id, caseId, contractId, text, createdAt }),
  },
});
