/// <reference lib="webworker" />
// The Search view's index, in a worker so that reading and folding every message never holds up
// the page: started once per dashboard (see search-index.ts), it reads the store in large slices,
// then follows every change written anywhere in the extension (Dexie tells each page and worker
// through its 'storagemutated' event) and answers each query with the matching ids.
import Dexie from 'dexie';
import { CasefileDb } from '@/utils/db/schema';
import { changedMessageIds, MessageIndex } from '@/utils/search';
import type { MessageRecord } from '@/utils/db/records';
import type { SearchWorkerReply, SearchWorkerRequest } from './search-protocol';

declare const self: DedicatedWorkerGlobalScope;

/** Rows per read: large slices are read fastest; each is a few tens of milliseconds here. */
const SLICE = 5000;
/** Changes are gathered this long before the index is updated (a capture writes in several steps). */
const UPDATE_DELAY_MS = 150;
/** A change Dexie reports as the whole table (a wipe, a bulk write) means reading everything again. */
const REBUILD_DELAY_MS = 1000;

const db = new CasefileDb();
let index = new MessageIndex();
let ready = false;
let version = 0;
let building = false;
let rebuildWanted = false;
const changed = new Set<string>();
let updateTimer: ReturnType<typeof setTimeout> | null = null;
let pending: SearchWorkerRequest | null = null;
let queryScheduled = false;

const post = (reply: SearchWorkerReply) => self.postMessage(reply);

async function readAll(): Promise<MessageIndex> {
  const fresh = new MessageIndex();
  let after: string | null = null;
  for (;;) {
    const rows: MessageRecord[] = await (after === null ? db.messages.orderBy(':id') : db.messages.where(':id').above(after)).limit(SLICE).toArray();
    if (rows.length === 0) break;
    fresh.put(rows);
    after = rows[rows.length - 1]!.id;
    if (!ready) post({ type: 'progress', read: fresh.size });
    if (rows.length < SLICE) break;
  }
  return fresh;
}

async function build(): Promise<void> {
  building = true;
  try {
    index = await readAll();
    ready = true;
    version += 1;
    post({ type: 'ready', version, size: index.size });
    scheduleQuery();
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  } finally {
    building = false;
    if (rebuildWanted || changed.size > 0) scheduleUpdate();
  }
}

async function update(): Promise<void> {
  if (building) return; // build() schedules the update again when it ends
  if (rebuildWanted) {
    rebuildWanted = false;
    changed.clear();
    await build();
    return;
  }
  if (changed.size === 0) return;
  const ids = [...changed];
  changed.clear();
  try {
    const rows = await db.messages.bulkGet(ids);
    index.put(rows.filter((r): r is MessageRecord => r !== undefined));
    index.remove(ids.filter((_, i) => rows[i] === undefined));
    version += 1;
    post({ type: 'ready', version, size: index.size });
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
}

function scheduleUpdate(): void {
  if (updateTimer !== null) return;
  updateTimer = setTimeout(
    () => {
      updateTimer = null;
      void update();
    },
    rebuildWanted ? REBUILD_DELAY_MS : UPDATE_DELAY_MS,
  );
}

Dexie.on('storagemutated', (parts) => {
  const ids = changedMessageIds(parts as Record<string, unknown>, db.name);
  if (ids === null) return;
  if (ids === 'all') rebuildWanted = true;
  else for (const id of ids) changed.add(id);
  scheduleUpdate();
});

/** Runs the latest query only: queries typed faster than they are answered are dropped. */
function scheduleQuery(): void {
  if (!ready || queryScheduled || pending === null) return;
  queryScheduled = true;
  setTimeout(() => {
    queryScheduled = false;
    const request = pending;
    pending = null;
    if (!request) return;
    const { ids, total } = index.search(request.query, request.limit);
    post({ type: 'result', seq: request.seq, ids, total, version });
  }, 0);
}

self.onmessage = (event: MessageEvent<SearchWorkerRequest>) => {
  const request = event.data;
  if (request.type !== 'query') return;
  if (pending) post({ type: 'superseded', seq: pending.seq });
  pending = request;
  scheduleQuery();
};

void build();
