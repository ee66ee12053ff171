import { useEffect, useState } from 'react';
import type { CasefileDb } from '@/utils/db/schema';
import { pageDb } from '@/utils/db/page-db';
import { ErrorNotice } from '../ErrorNotice';
import { useHashRoute } from './useHashRoute';
import { ContractsView } from './ContractsView';
import { ConversationsView } from './ConversationsView';
import { SearchView } from './SearchView';
import { SettingsView } from './SettingsView';
import { CasesView } from './CasesView';

const VIEWS = [
  ['contracts', 'Contracts'],
  ['rooms', 'Conversations'],
  ['search', 'Search'],
  ['cases', 'Cases'],
  ['settings', 'Settings and storage'],
] as const;

/** The full-page workspace, opened from the popup with "Open Casefile". */
export function Dashboard() {
  const [db, setDb] = useState<CasefileDb | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [route, navigate] = useHashRoute();
  const view = route[0] ?? 'contracts';

  useEffect(() => {
    pageDb().then(setDb, setError);
  }, []);

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
        {db && view === 'contracts' && <ContractsView db={db} id={route[1]} navigate={navigate} />}
        {db && view === 'rooms' && <ConversationsView db={db} id={route[1]} focus={route[2]} navigate={navigate} />}
        {db && view === 'search' && <SearchView db={db} navigate={navigate} />}
        {db && view === 'cases' && <CasesView db={db} id={route[1]} navigate={navigate} />}
        {db && view === 'settings' && <SettingsView db={db} />}
      </main>
    </div>
  );
}
