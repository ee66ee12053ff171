import { lazy, Suspense, useEffect, useState } from 'react';
import type { CasefileDb } from '@/utils/db/schema';
import { pageDb } from '@/utils/db/page-db';
import { ErrorNotice } from '../ErrorNotice';
import { useHashRoute } from './useHashRoute';
import { ConversationsView } from './ConversationsView';
import { searchIndex } from './search-index';

// Each view's code loads when it is first shown (Settings brings the backup and restore code,
// the package builder and JSZip): a dashboard opened on one view does not wait for the others.
// The code of the view in the address is asked for at once, while the store opens.
const LOADERS = {
  contracts: () => import('./ContractsView').then((m) => ({ default: m.ContractsView })),
  search: () => import('./SearchView').then((m) => ({ default: m.SearchView })),
  cases: () => import('./CasesView').then((m) => ({ default: m.CasesView })),
  settings: () => import('./SettingsView').then((m) => ({ default: m.SettingsView })),
};
const ContractsView = lazy(LOADERS.contracts);
const SearchView = lazy(LOADERS.search);
const CasesView = lazy(LOADERS.cases);
const SettingsView = lazy(LOADERS.settings);

const VIEWS = [
  ['contracts', 'Contracts'],
  ['rooms', 'Conversations'],
  ['search', 'Search'],
  ['cases', 'Cases'],
  ['settings', 'Settings and storage'],
] as const;

/** The store starts opening as soon as this code runs, while React renders the page around it. */
const opening = pageDb();
opening.catch(() => {}); // shown by the page once it renders (below)

/** How long after the dashboard opens the search index starts reading, when Search was not opened first. */
const SEARCH_WARM_UP_MS = 2000;

/** The full-page workspace, opened from the popup with "Open Casefile". */
export function Dashboard() {
  const [db, setDb] = useState<CasefileDb | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [route, navigate] = useHashRoute();
  const view = route[0] ?? 'contracts';

  useEffect(() => {
    opening.then(setDb, setError);
  }, []);
  useEffect(() => {
    if (view in LOADERS) void LOADERS[view as keyof typeof LOADERS]();
  }, [view]);
  // The search index (a worker reading every message) starts once the dashboard has settled, so
  // that Search answers at once when the user gets there.
  useEffect(() => {
    if (!db) return;
    let idle: number | null = null;
    const timer = setTimeout(() => {
      idle = typeof requestIdleCallback === 'function' ? requestIdleCallback(() => void searchIndex(), { timeout: 2000 }) : (searchIndex(), null);
    }, SEARCH_WARM_UP_MS);
    return () => {
      clearTimeout(timer);
      if (idle !== null) cancelIdleCallback(idle);
    };
  }, [db]);

  return (
    <div className="dashboard">
      <header className="dash-header">
        <h1>Casefile</h1>
        <nav aria-label="Casefile views">
          <ul>
            {VIEWS.map(([id, label]) => (
              <li key={id}>
                <a href={`#/${id}`} aria-current={view === id ? 'page' : undefined}>
                  {label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main className="dash-main" id="main">
        {error !== null && <ErrorNotice error={error} />}
        {db === null && error === null && <p className="muted">Opening the store…</p>}
        {db && (
          <Suspense fallback={<p className="muted">Loading…</p>}>
            {view === 'contracts' && <ContractsView db={db} id={route[1]} navigate={navigate} />}
            {view === 'rooms' && <ConversationsView db={db} id={route[1]} focus={route[2]} navigate={navigate} />}
            {view === 'search' && <SearchView db={db} navigate={navigate} />}
            {view === 'cases' && <CasesView db={db} id={route[1]} navigate={navigate} />}
            {view === 'settings' && <SettingsView db={db} />}
          </Suspense>
        )}
      </main>
    </div>
  );
}
