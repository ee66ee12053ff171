import { useEffect, useState } from 'react';
import type { CasefileDb } from '@/utils/db/schema';
import type { MessageRecord } from '@/utils/db/records';
import { EMPTY_QUERY, isActiveQuery, type MessageQuery } from '@/utils/search';
import { MessageItem } from './MessageItem';
import { useSearchIndex } from './search-index';

const FIRST_RESULTS = 50;
const MORE_RESULTS = 200;

interface Shown {
  query: MessageQuery;
  messages: MessageRecord[];
  total: number;
}

/**
 * Search across every message. The folded text of all messages is held by a worker (see
 * search-worker.ts), which answers each query with the matching ids; only the messages shown are
 * read from the store. Results follow the store as it changes.
 */
export function SearchView({ db, navigate }: { db: CasefileDb; navigate: (p: string) => void }) {
  const [index, state] = useSearchIndex();
  const [query, setQuery] = useState<MessageQuery>(EMPTY_QUERY);
  const [limit, setLimit] = useState(FIRST_RESULTS);
  const [shown, setShown] = useState<Shown | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!isActiveQuery(query)) {
      setShown(null);
      return;
    }
    let live = true;
    void index
      .query(query, limit)
      .then(async (answer) => {
        if (!live || !answer) return;
        const rows = await db.messages.bulkGet(answer.ids);
        if (live) setShown({ query, messages: rows.filter((m): m is MessageRecord => m !== undefined), total: answer.total });
      })
      .catch((e: unknown) => live && setError(e));
    return () => {
      live = false;
    };
  }, [db, index, query, limit, state.version]);

  const set = (patch: Partial<MessageQuery>) => {
    setLimit(FIRST_RESULTS);
    setQuery((q) => ({ ...q, ...patch }));
  };

  return (
    <section className="detail" aria-labelledby="search-heading">
      <h2 id="search-heading">Search all messages</h2>
      <form className="search-form" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          Words <input type="search" value={query.words} onChange={(e) => set({ words: e.target.value })} autoFocus />
        </label>
        <label>
          Sender <input type="text" value={query.sender} onChange={(e) => set({ sender: e.target.value })} />
        </label>
        <label>
          From <input type="date" value={query.from ?? ''} onChange={(e) => set({ from: e.target.value || null })} />
        </label>
        <label>
          To <input type="date" value={query.to ?? ''} onChange={(e) => set({ to: e.target.value || null })} />
        </label>
        <label className="check">
          <input type="checkbox" checked={query.hasAttachment} onChange={(e) => set({ hasAttachment: e.target.checked })} /> Has attachment
        </label>
      </form>
      {state.error !== null && (
        <p role="alert" className="notice notice-error">
          Search is not available: {state.error}
        </p>
      )}
      {error !== null && (
        <p role="alert" className="notice notice-error">
          The results could not be read: {error instanceof Error ? error.message : String(error)}
        </p>
      )}
      {!state.ready && state.error === null && (
        <p className="muted" role="status">
          Reading messages…{state.read > 0 ? ` ${state.read.toLocaleString()} so far.` : ''}
        </p>
      )}
      {shown && (
        <p role="status" data-testid="search-count" data-words={shown.query.words}>
          {shown.total} message{shown.total === 1 ? '' : 's'} found{shown.total > shown.messages.length ? ` (first ${shown.messages.length} shown)` : ''}.
        </p>
      )}
      {shown && (
        <ol className="results" data-testid="search-results">
          {shown.messages.map((m) => (
            <li key={m.id}>
              <MessageItem message={m} />
              <a href={`#/rooms/${encodeURIComponent(m.roomId)}/${encodeURIComponent(m.id)}`} onClick={(e) => (e.preventDefault(), navigate(`rooms/${m.roomId}/${m.id}`))}>
                Show in conversation
              </a>
            </li>
          ))}
        </ol>
      )}
      {shown && shown.total > shown.messages.length && (
        <button type="button" onClick={() => setLimit(shown.messages.length + MORE_RESULTS)}>
          Show more results
        </button>
      )}
    </section>
  );
}
