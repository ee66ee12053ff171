import { handlePackMessage, type LimitMessage, type PackReplyMessage, type PackRequestMessage } from './blob-worker-core';

// The export page's worker: reads, checks and packs stored blobs (see blob-worker-core.ts).
const scope = globalThis as unknown as { onmessage: ((event: MessageEvent<PackRequestMessage | LimitMessage>) => void) | null; postMessage(reply: PackReplyMessage): void };
let limit = Infinity;
scope.onmessage = (event) => {
  const message = event.data;
  if (message?.type === 'limit') limit = Math.min(limit, message.limit);
  else if (message?.type === 'pack') void handlePackMessage(message, (reply) => scope.postMessage(reply), indexedDB, () => Math.min(limit, message.requests.length));
};
