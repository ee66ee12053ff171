import { browser } from 'wxt/browser';
import { CasefileDb } from '@/utils/db/schema';
import { createHandlers } from '@/utils/handlers';
import { dispatch } from '@/utils/router';
import { openStore } from '@/utils/store';
import { CasefileError, toCasefileError } from '@/utils/errors';

/**
 * The background owns the evidence store: content scripts never open it (a database opened there
 * would belong to the marketplace's origin). Every message is parsed and authorised in dispatch().
 */
/**
 * Chrome allows 2 captureVisibleTab calls per second (MAX_CAPTURE_VISIBLE_TAB_CALLS_PER_SECOND):
 * calls are queued and spaced 600 ms apart.
 */
function pacedScreenshots(minGapMs = 600) {
  let last = 0;
  let queue: Promise<unknown> = Promise.resolve();
  const take = (windowId: number | undefined): Promise<Uint8Array> => {
    const run = queue.then(async () => {
      const wait = last + minGapMs - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      last = Date.now();
      const dataUrl = await browser.tabs.captureVisibleTab(windowId ?? browser.windows.WINDOW_ID_CURRENT, { format: 'png' });
      const base64 = dataUrl.slice(dataUrl.indexOf(',') + 1);
      return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    });
    queue = run.catch(() => undefined);
    return run;
  };
  return { take };
}

export default defineBackground(() => {
  const screenshots = pacedScreenshots();
  const db = new CasefileDb();
  const opened = openStore(db).catch((error: unknown) => {
    const err = toCasefileError(error, 'upgrade-failed');
    console.error('Casefile could not open its store:', err.message);
    throw err;
  });

  const handlers = createHandlers({
    db,
    now: () => new Date(),
    newId: () => crypto.randomUUID(),
    extensionVersion: browser.runtime.getManifest().version,
    tabUrl: async (tabId: number) => {
      try {
        return (await browser.tabs.get(tabId)).url ?? null;
      } catch {
        return null;
      }
    },
    screenshot: async (sender) => {
      // captureVisibleTab shows whatever tab is in front: refuse rather than record the wrong page.
      const tab = sender.tab?.id !== undefined ? await browser.tabs.get(sender.tab.id) : undefined;
      if (!tab?.active) throw new CasefileError('not-visible', `tab ${sender.tab?.id ?? '?'} was in the background`);
      return screenshots.take(tab.windowId);
    },
    onCaptured: (tabId, summary) => {
      if (tabId === undefined) return;
      const failed = summary.extraction.status === 'failed';
      void browser.action.setBadgeText({ tabId, text: failed ? '!' : 'REC' });
      void browser.action.setBadgeBackgroundColor({ tabId, color: failed ? '#b45309' : '#15803d' });
      void browser.action.setTitle({
        tabId,
        title: failed ? 'Casefile: page kept, but structured extraction failed' : 'Casefile: this page is being recorded',
      });
    },
  });
  const identity = { runtimeId: browser.runtime.id, extensionOrigin: browser.runtime.getURL('/') };

  // sendResponse + `return true` works in Chrome, Firefox and WXT's fake browser alike.
  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    opened
      .then(() => dispatch(message, sender, handlers, identity))
      .catch((error: unknown) => ({ ok: false as const, error: toCasefileError(error, 'internal').toInfo() }))
      .then(sendResponse, (error: unknown) => sendResponse({ ok: false, error: new CasefileError('internal', String(error)).toInfo() }));
    return true;
  });
});
