import { useSyncExternalStore } from 'react';
import type { MessageQuery } from '@/utils/search';
import type { SearchWorkerReply, SearchWorkerRequest } from './search-protocol';

export interface SearchIndexState {
  /** Every message has been read (the index then follows changes on its own). */
  ready: boolean;
  /** Messages read so far, while it is not ready. */
  read: number;
  /** Goes up each time the index changes: results shown are then asked again. */
  version: number;
  error: string | null;
}

export interface SearchAnswer {
  ids: string[];
  total: number;
}

/** The page's side of the search worker: one per dashboard page, kept across views. */
class SearchIndex {
  private readonly worker: Worker;
  private seq = 0;
  private readonly waiting = new Map<number, (answer: SearchAnswer | null) => void>();
  private readonly listeners = new Set<() => void>();
  private state: SearchIndexState = { ready: false, read: 0, version: 0, error: null };

  constructor() {
    this.worker = new Worker(new URL('./search-worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (event: MessageEvent<SearchWorkerReply>) => this.receive(event.data);
    this.worker.onerror = (event) => this.set({ error: event.message || 'the search could not start' });
  }

  readonly subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  readonly getState = () => this.state;

  /** The first `limit` matches (ids, oldest first) and their number; null when a later query replaced it. */
  query(query: MessageQuery, limit: number): Promise<SearchAnswer | null> {
    const seq = ++this.seq;
    const request: SearchWorkerRequest = { type: 'query', seq, query, limit };
    this.worker.postMessage(request);
    return new Promise((resolve) => this.waiting.set(seq, resolve));
  }

  private set(patch: Partial<SearchIndexState>) {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  private answer(seq: number, value: SearchAnswer | null) {
    this.waiting.get(seq)?.(value);
    this.waiting.delete(seq);
  }

  private receive(reply: SearchWorkerReply) {
    switch (reply.type) {
      case 'progress':
        this.set({ read: reply.read });
        break;
      case 'ready':
        this.set({ ready: true, read: reply.size, version: reply.version, error: null });
        break;
      case 'result':
        this.answer(reply.seq, { ids: reply.ids, total: reply.total });
        break;
      case 'superseded':
        this.answer(reply.seq, null);
        break;
      case 'error':
        this.set({ error: reply.message });
        break;
    }
  }
}

let shared: SearchIndex | null = null;

/** The dashboard's search index, started on first use. */
export function searchIndex(): SearchIndex {
  shared ??= new SearchIndex();
  return shared;
}

export function useSearchIndex(): [SearchIndex, SearchIndexState] {
  const index = searchIndex();
  return [index, useSyncExternalStore(index.subscribe, index.getState)];
}
