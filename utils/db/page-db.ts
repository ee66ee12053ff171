import { CasefileDb } from './schema';
import { openStore } from '../store';

/**
 * The store as Casefile's own full pages (the dashboard) read it: the same IndexedDB database as
 * the background's, under the extension's origin. Writes still go through the store functions, so
 * every change is audited.
 */
let opened: Promise<CasefileDb> | null = null;

export function pageDb(): Promise<CasefileDb> {
  opened ??= openStore(new CasefileDb());
  return opened;
}
