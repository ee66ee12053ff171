// The Search view's index, in a worker so that reading and folding every message never holds up
// the page: started once per dashboard (see search-index.ts), it reads the store in large slices,
// then follows every change written anywhere in the extension (Dexie tells each page and worker
// through its 'storagemutated' event) and answers each query with the matching ids.
import Dexie from 'dexie';
import { CasefileDb } from '@/utils/db/schema';
import { FollowedIndex } from './followed-index';
import type { SearchWorkerReply, SearchWorkerRequest } from './search-protocol';

// The worker's own scope, typed here: a `webworker` lib reference would change the DOM types of
// the whole program (it made XMLHttpRequest.send refuse a Document in the page observer).
const scope = self as unknown as { postMessage(message: SearchWorkerReply): void; onmessage: ((event: MessageEvent<SearchWorkerRequest>) => void) | null };

const post = (reply: SearchWorkerReply) => scope.postMessage(reply);

const index = new FollowedIndex(new CasefileDb(), {
  progress: (read) => post({ type: 'progress', read }),
  changed: (version, size) => {
    post({ type: 'ready', version, size });
    scheduleQuery();
  },
  error: (message) => post({ type: 'error', message }),
});
Dexie.on('storagemutated', (parts) => index.notice(parts as Record<string, unknown>));

let pending: SearchWorkerRequest | null = null;
let queryScheduled = false;

/** Runs the latest query only: queries typed faster than they are answered are dropped. */
function scheduleQuery(): void {
  if (!index.ready || queryScheduled || pending === null) return;
  queryScheduled = true;
  setTimeout(() => {
    queryScheduled = false;
    const request = pending;
    pending = null;
    if (!request) return;
    const { ids, total } = index.search(request.query, request.limit);
    post({ type: 'result', seq: request.seq, ids, total, version: index.version });
  }, 0);
}

scope.onmessage = (event: MessageEvent<SearchWorkerRequest>) => {
  const request = event.data;
  if (request.type !== 'query') return;
  if (pending) post({ type: 'superseded', seq: pending.seq });
  pending = request;
  scheduleQuery();
};

void index.build();
