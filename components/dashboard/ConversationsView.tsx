import { useEffect, useMemo, useRef, useState } from 'react';
import Dexie from 'dexie';
import { useLiveQuery } from 'dexie-react-hooks';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { CasefileDb } from '@/utils/db/schema';
import type { MessageRecord, MessageRevision } from '@/utils/db/records';
import { MessageItem } from './MessageItem';

export function ConversationsView({ db, id, focus, navigate }: { db: CasefileDb; id?: string; focus?: string; navigate: (p: string) => void }) {
  const rooms = useLiveQuery(() => db.rooms.orderBy('lastCapturedAt').reverse().toArray(), [db]);
  if (!rooms) return <p className="muted">Loading conversations…</p>;
  if (rooms.length === 0) {
    return (
      <section className="card">
        <h2>No conversations yet</h2>
        <p>Open a message room on Upwork (Messages → a conversation) and Casefile records it automatically.</p>
      </section>
    );
  }
  const current = rooms.find((r) => r.id === id) ?? rooms[0]!;
  return (
    <div className="split">
      <nav aria-label="Conversations" className="list">
        <ul>
          {rooms.map((r) => (
            <li key={r.id}>
              <button type="button" aria-current={r.id === current.id ? 'true' : undefined} onClick={() => navigate(`rooms/${r.id}`)}>
                <strong>{r.title ?? r.id}</strong>
                <span className="muted">{r.subtitle ?? ''}</span>
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <Conversation db={db} roomId={current.id} focus={focus} />
    </div>
  );
}

/** Oldest first; a message whose time could not be read sorts by when it was first seen. */
export function byTime(a: MessageRecord, b: MessageRecord): number {
  return (a.sentAt ?? a.firstSeenAt).localeCompare(b.sentAt ?? b.firstSeenAt) || a.id.localeCompare(b.id);
}

/** A conversation of any length: only the rows on screen are rendered (virtualized list). */
function Conversation({ db, roomId, focus }: { db: CasefileDb; roomId: string; focus?: string }) {
  const data = useLiveQuery(async () => {
    const [messages, revisions] = await Promise.all([db.messages.where('roomId').equals(roomId).toArray(), db.messageRevisions.where('roomId').equals(roomId).toArray()]);
    messages.sort(byTime);
    const byMessage = new Map<string, MessageRevision[]>();
    for (const r of revisions) byMessage.set(r.messageId, [...(byMessage.get(r.messageId) ?? []), r]);
    return { messages, byMessage };
  }, [db, roomId]);
  // The first screenful comes from a small ordered read, so a long conversation opens at once;
  // the whole conversation (and its revisions) replaces it as soon as it is read.
  const [head, setHead] = useState<MessageRecord[] | null>(null);
  useEffect(() => {
    let live = true;
    void db.messages
      .where('[roomId+sentAt]')
      .between([roomId, Dexie.minKey], [roomId, Dexie.maxKey])
      .limit(60)
      .toArray()
      .then((rows) => live && setHead(rows));
    return () => {
      live = false;
    };
  }, [db, roomId]);
  const parent = useRef<HTMLDivElement>(null);
  const messages = useMemo(() => data?.messages ?? head ?? [], [data, head]);
  const virtualizer = useVirtualizer({ count: messages.length, getScrollElement: () => parent.current, estimateSize: () => 84, overscan: 8 });
  const focusIndex = focus ? messages.findIndex((m) => m.id === focus) : -1;
  useEffect(() => {
    if (focusIndex >= 0) virtualizer.scrollToIndex(focusIndex, { align: 'center' });
  }, [focusIndex, virtualizer]);

  if (!data && !head) return <p className="muted">Loading the conversation…</p>;
  const edited = messages.filter((m) => m.edited).length;
  const deleted = messages.filter((m) => m.deleted).length;
  return (
    <section className="detail conversation" aria-label="Conversation" data-testid="conversation">
      <p className="muted">
        {data ? `${messages.length} messages` : 'Reading the whole conversation…'}
        {edited ? `, ${edited} edited` : ''}
        {deleted ? `, ${deleted} deleted` : ''}
        {data ? '.' : ''}
      </p>
      <div ref={parent} className="scroller" tabIndex={0} aria-label="Messages, oldest first">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((row) => {
            const m = messages[row.index]!;
            return (
              <div key={m.id} data-index={row.index} ref={virtualizer.measureElement} style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${row.start}px)` }}>
                <MessageItem message={m} revisions={data?.byMessage.get(m.id)} highlight={m.id === focus} />
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}
