import type { MessageQuery } from '@/utils/search';

/** What the Search view asks its worker (search-worker.ts). */
export type SearchWorkerRequest = { type: 'query'; seq: number; query: MessageQuery; limit: number };

/** What the worker answers, and tells unasked while it reads the store and follows its changes. */
export type SearchWorkerReply =
  | { type: 'progress'; read: number }
  /** The index holds every message; `version` goes up each time it changes. */
  | { type: 'ready'; version: number; size: number }
  | { type: 'result'; seq: number; ids: string[]; total: number; version: number }
  /** A later query came before this one was run: it will not be answered. */
  | { type: 'superseded'; seq: number }
  | { type: 'error'; message: string };
