import { useEffect, useMemo, useRef, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { CasefileDb } from '@/utils/db/schema';
import type { MessageRecord, MessageRevision } from '@/utils/db/records';
import { readConversationHead, readConversationOrder } from './conversation-order';
import { MessageItem } from './MessageItem';

export function ConversationsView({ db, id, focus, navigate }: { db: CasefileDb; id?: string; focus?: string; navigate: (p: string) => void }) {
  const rooms = useLiveQuery(() => db.rooms.orderBy('lastCapturedAt').reverse().toArray(), [db]);
  // A conversation named in the address opens while the list is still being read.
  if (!rooms) {
    return id ? (
      <div className="split">
        <nav aria-label="Conversations" className="list" aria-busy="true" />
        <Conversation key={id} db={db} roomId={id} focus={focus} />
      </div>
    ) : (
      <p className="muted">Loading conversations…</p>
    );
  }
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
      <Conversation key={current.id} db={db} roomId={current.id} focus={focus} />
    </div>
  );
}

/** Rows read at once: the first screenful, and then each block the list scrolls into. */
const PAGE = 40;

/** The row already shown when a message read again has not changed (its row then is not rendered again). */
function keep(old: MessageRecord | undefined, fresh: MessageRecord): MessageRecord {
  return old && old.sha256 === fresh.sha256 && old.lastSeenAt === fresh.lastSeenAt && old.edited === fresh.edited && old.deleted === fresh.deleted ? old : fresh;
}

/** After the browser has painted and is idle (a timer where there is no idle callback). */
function whenIdle(run: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(run, { timeout: 1000 });
    return () => cancelIdleCallback(handle);
  }
  const handle = setTimeout(run, 50);
  return () => clearTimeout(handle);
}

/**
 * A conversation of any length, oldest first. Only the rows on screen are rendered (virtualized
 * list) and only the messages near them are read: first the opening screenful, then every id in
 * order (keys only), then each block of rows as the list reaches it. The whole room is read once
 * the page is idle, for the counts of edited and deleted messages. Everything follows the store
 * as it changes.
 */
function Conversation({ db, roomId, focus }: { db: CasefileDb; roomId: string; focus?: string }) {
  // The opening screenful, from a small ordered read, shown before the order of the whole room is known.
  const [head, setHead] = useState<MessageRecord[] | null>(null);
  useEffect(() => {
    let live = true;
    void readConversationHead(db, roomId, PAGE).then((rows) => live && setHead(rows));
    return () => {
      live = false;
    };
  }, [db, roomId]);

  // Read again on every write to the room's messages; `reread` also when a row on screen is found
  // gone (a deletion of one message is not among the writes the order's query follows).
  const [reread, setReread] = useState(0);
  const order = useLiveQuery(() => readConversationOrder(db, roomId), [db, roomId, reread]);
  const revisions = useLiveQuery(async () => {
    const byMessage = new Map<string, MessageRevision[]>();
    for (const r of await db.messageRevisions.where('roomId').equals(roomId).toArray()) byMessage.set(r.messageId, [...(byMessage.get(r.messageId) ?? []), r]);
    return byMessage;
  }, [db, roomId]);

  // Messages read so far, by id; `generation` goes up whenever the room changed in the store, and
  // each block of rows is read again (what was read before stays on screen meanwhile).
  const [rows, setRows] = useState<ReadonlyMap<string, MessageRecord>>(() => new Map());
  const generation = useRef(0);
  const blocks = useRef(new Map<number, number>());
  /** The generation whose rows were all read at once (then no block needs reading). */
  const complete = useRef(-1);
  useEffect(() => {
    if (head) setRows((old) => (old.size > 0 ? old : new Map(head.map((m) => [m.id, m]))));
  }, [head]);
  useEffect(() => {
    if (order) generation.current += 1;
  }, [order]);

  const ids = order ?? head?.map((m) => m.id) ?? [];
  const parent = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: ids.length, getScrollElement: () => parent.current, estimateSize: () => 84, overscan: 8 });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;

  // Read the blocks of rows on screen that are missing or older than the room's last change.
  useEffect(() => {
    if (!order || last < 0) return;
    const gen = generation.current;
    if (complete.current === gen) return;
    for (let block = Math.floor(first / PAGE); block <= Math.floor(last / PAGE); block++) {
      if (blocks.current.get(block) === gen) continue;
      blocks.current.set(block, gen);
      const wanted = order.slice(block * PAGE, (block + 1) * PAGE);
      void db.messages.bulkGet(wanted).then((found) => {
        setRows((old) => {
          const next = new Map(old);
          found.forEach((m, i) => (m ? next.set(m.id, keep(old.get(m.id), m)) : next.delete(wanted[i]!)));
          return next;
        });
        if (found.includes(undefined)) setReread((n) => n + 1);
      });
    }
  }, [db, order, first, last]);

  // Once idle, the whole room: the counts of edited and deleted messages, and every row at hand.
  const [tally, setTally] = useState<{ order: string[]; edited: number; deleted: number } | null>(null);
  useEffect(() => {
    if (!order) return;
    let live = true;
    const gen = generation.current;
    const cancel = whenIdle(() => {
      void db.messages
        .where('roomId')
        .equals(roomId)
        .toArray()
        .then((all) => {
          if (!live) return;
          setTally({ order, edited: all.filter((m) => m.edited).length, deleted: all.filter((m) => m.deleted).length });
          setRows((old) => new Map(all.map((m) => [m.id, keep(old.get(m.id), m)])));
          complete.current = gen;
        });
    });
    return () => {
      live = false;
      cancel();
    };
  }, [db, roomId, order]);

  const focusIndex = useMemo(() => (focus && order ? order.indexOf(focus) : -1), [focus, order]);
  useEffect(() => {
    if (focusIndex >= 0) virtualizer.scrollToIndex(focusIndex, { align: 'center' });
  }, [focusIndex, virtualizer]);

  if (!order && !head) return <p className="muted">Loading the conversation…</p>;
  const counted = tally && tally.order === order ? tally : null;
  return (
    <section className="detail conversation" aria-label="Conversation" data-testid="conversation">
      {order ? (
        <p className="muted" data-testid="conversation-length">
          {order.length} messages
          {counted ? `${counted.edited ? `, ${counted.edited} edited` : ''}${counted.deleted ? `, ${counted.deleted} deleted` : ''}.` : ' (counting edited and deleted…)'}
        </p>
      ) : (
        <p className="muted">Reading the whole conversation…</p>
      )}
      <div ref={parent} className="scroller" tabIndex={0} aria-label="Messages, oldest first">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((row) => {
            const id = ids[row.index]!;
            const m = rows.get(id);
            return (
              <div key={id} data-index={row.index} ref={virtualizer.measureElement} style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${row.start}px)` }}>
                {m ? (
                  <MessageItem message={m} revisions={revisions?.get(id)} highlight={id === focus} />
                ) : (
                  <div className="message placeholder" aria-busy="true">
                    <span className="muted">Loading…</span>
                  </div>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}
