import { encodeObserved, MAX_OBSERVED_CHARS, PAGE_JSON_CHANNEL, PAGE_JSON_EVENT, PAGE_JSON_READY_EVENT, safeUrl, watchedKind, type ObservedJson } from '@/utils/observe/page-json';

/** At most this much is kept for a content script that is not listening yet. */
const MAX_WAITING_CHARS = 2 * MAX_OBSERVED_CHARS;
/** The longest the page's own fetch of a watched endpoint waits for Casefile's copy of the body. */
const BODY_WAIT_MS = 1000;

/**
 * Runs in the page's MAIN world, before the page's own scripts, and only observes: when the page's
 * own fetch or XMLHttpRequest to a watched Upwork endpoint (see utils/observe/page-json.ts)
 * completes, a copy of the response body is handed to Casefile's isolated content script with a
 * synchronous event (kept until that script listens; see utils/observe/page-json.ts). The page's
 * requests and responses are passed through untouched (fetch returns the very Response object,
 * once the copy is taken; XHR only gains a load listener). No request is ever made here, and no
 * cookie, header, token or storage value is read.
 */
export default defineContentScript({
  matches: ['https://www.upwork.com/*'],
  world: 'MAIN',
  runAt: 'document_start',
  main() {
    const post = (rawUrl: string, body: string) => {
      const watched = watchedKind(rawUrl, location.href);
      if (!watched || body.length > MAX_OBSERVED_CHARS) return;
      const message: ObservedJson = {
        channel: PAGE_JSON_CHANNEL,
        kind: watched.kind,
        roomId: watched.roomId,
        url: safeUrl(rawUrl, location.href),
        receivedAt: new Date().toISOString(),
        body,
      };
      if (ready) hand(message);
      else {
        // The content script is not listening yet: kept (within a limit) until it says it is.
        waiting.push(message);
        waitingChars += body.length;
        while (waitingChars > MAX_WAITING_CHARS && waiting.length > 1) waitingChars -= waiting.shift()!.body.length;
      }
    };
    const hand = (message: ObservedJson) => window.dispatchEvent(new CustomEvent(PAGE_JSON_EVENT, { detail: encodeObserved(message) }));
    let ready = false;
    const waiting: ObservedJson[] = [];
    let waitingChars = 0;
    window.addEventListener(PAGE_JSON_READY_EVENT, () => {
      ready = true;
      for (const message of waiting.splice(0)) hand(message);
      waitingChars = 0;
    });

    const originalFetch = window.fetch;
    window.fetch = async function observedFetch(this: unknown, ...args: Parameters<typeof fetch>) {
      const response = await originalFetch.apply(this, args);
      try {
        if (watchedKind(response.url, location.href)) {
          // A clone is read, so the page still reads its own body exactly once. The page gets its
          // response once the copy is taken (or after BODY_WAIT_MS, whichever is first): a page
          // that renders thousands of messages right after reading them is then busy for
          // seconds, and Casefile stores them meanwhile instead of after. For these JSON
          // endpoints the page reads the whole body at once anyway, so its data comes no later.
          const copied = response.clone().text().then(
            (body) => post(response.url, body),
            () => undefined,
          );
          await Promise.race([copied, new Promise((resolve) => setTimeout(resolve, BODY_WAIT_MS))]);
        }
      } catch {
        // Observing must never break the page.
      }
      return response;
    };

    const urls = new WeakMap<XMLHttpRequest, string>();
    const originalOpen = XMLHttpRequest.prototype.open;
    const originalSend = XMLHttpRequest.prototype.send;
    XMLHttpRequest.prototype.open = function observedOpen(this: XMLHttpRequest, ...args: unknown[]) {
      try {
        urls.set(this, String(args[1]));
      } catch {
        /* never break the page */
      }
      return (originalOpen as (...a: unknown[]) => void).apply(this, args);
    } as typeof XMLHttpRequest.prototype.open;
    XMLHttpRequest.prototype.send = function observedSend(this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
      const url = urls.get(this);
      if (url && watchedKind(url, location.href)) {
        this.addEventListener('load', () => {
          try {
            const type = this.responseType;
            const text = type === '' || type === 'text' ? this.responseText : type === 'json' ? JSON.stringify(this.response) : null;
            if (text !== null) post(this.responseURL || url, text);
          } catch {
            /* never break the page */
          }
        });
      }
      return originalSend.call(this, body);
    };
  },
});
