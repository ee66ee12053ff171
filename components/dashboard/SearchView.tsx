import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import type { CasefileDb } from '@/utils/db/schema';
import type { MessageRecord } from '@/utils/db/records';
import { indexMessages, searchMessages, type MessageIndex, type MessageQuery } from '@/utils/search';
import { MessageItem } from './MessageItem';
import { byTime } from './ConversationsView';

export function SearchView({ db, navigate }: { db: CasefileDb; navigate: (p: string) => void }) {
  const [all, setAll] = useState<MessageIndex | null>(null);
  const [query, setQuery] = useState<MessageQuery>({ words: '', sender: '', from: null, to: null, hasAttachment: false });
  const deferred = useDeferredValue(query);
  useEffect(() => {
    void db.messages.toArray().then((rows: MessageRecord[]) => setAll(indexMessages(rows.sort(byTime))));
  }, [db]);
  const [shown, setShown] = useState(50);
  const result = useMemo(() => (all ? searchMessages(all, deferred, shown) : null), [all, deferred, shown]);
  const active = deferred.words || deferred.sender || deferred.from || deferred.to || deferred.hasAttachment;
  const set = (patch: Partial<MessageQuery>) => {
    setShown(50);
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
      {!all && <p className="muted">Reading messages…</p>}
      {result && active && (
        <p role="status" data-testid="search-count">
          {result.total} message{result.total === 1 ? '' : 's'} found{result.total > result.hits.length ? ` (first ${result.hits.length} shown)` : ''}.
        </p>
      )}
      {result && active && (
        <ol className="results" data-testid="search-results">
          {result.hits.map((m) => (
            <li key={m.id}>
              <MessageItem message={m} />
              <a href={`#/rooms/${encodeURIComponent(m.roomId)}/${encodeURIComponent(m.id)}`} onClick={(e) => (e.preventDefault(), navigate(`rooms/${m.roomId}/${m.id}`))}>
                Show in conversation
              </a>
            </li>
          ))}
        </ol>
      )}
      {result && active && result.total > result.hits.length && (
        <button type="button" onClick={() => setShown((n) => n + 200)}>
          Show more results
        </button>
      )}
    </section>
  );
}
