import { browser } from 'wxt/browser';
import { CasefileDb } from '@/utils/db/schema';
import { createHandlers } from '@/utils/handlers';
import { dispatch } from '@/utils/router';
import { Reassembly } from '@/utils/transfer';
import { openStore } from '@/utils/store';
import { CasefileError, toCasefileError } from '@/utils/errors';
import { autoCaptureOn, getAutoCapture } from '@/utils/settings';
import { createDeadlineService } from '@/utils/clocks/service';

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

  const deadlines = createDeadlineService({
    db,
    now: () => new Date(),
    alarms: {
      getAll: () => browser.alarms.getAll(),
      create: (name, info) => browser.alarms.create(name, info),
      clear: (name) => browser.alarms.clear(name),
    },
    notifications: {
      create: (id, n) =>
        browser.notifications.create(id, { type: 'basic', iconUrl: browser.runtime.getURL('/icon/128.png'), title: n.title, message: n.message, contextMessage: n.contextMessage, priority: n.priority }),
      clear: (id) => browser.notifications.clear(id),
    },
    // The count shows on every tab that is not being recorded (recorded tabs show REC).
    setBadge: (text, color) => Promise.all([browser.action.setBadgeText({ text }), browser.action.setBadgeBackgroundColor({ color })]),
    openContract: (contractId) => browser.tabs.create({ url: `https://www.upwork.com/nx/wm/workroom/${encodeURIComponent(contractId)}/overview` }),
  });
  /** Recompute and reschedule, one run at a time; captures in a burst share one run. */
  let deadlineRun: Promise<number> = Promise.resolve(0);
  let deadlineTimer: ReturnType<typeof setTimeout> | undefined;
  const refreshDeadlines = () => {
    deadlineRun = deadlineRun
      .catch(() => 0)
      .then(async () => {
        const result = await deadlines.recompute();
        await deadlines.reconcile();
        return result.records.filter((d) => d.status === 'open').length;
      });
    return deadlineRun;
  };
  const refreshSoon = () => {
    if (deadlineTimer !== undefined) clearTimeout(deadlineTimer);
    deadlineTimer = setTimeout(() => void refreshDeadlines().catch((e: unknown) => console.warn('Casefile deadlines:', e)), 1500);
  };
  // Alarms are reconciled from the store on every start of the worker.
  void opened.then(refreshDeadlines).catch((e: unknown) => console.warn('Casefile deadlines:', e));
  browser.alarms.onAlarm.addListener((alarm) => void opened.then(() => deadlines.onAlarm(alarm.name)));
  browser.notifications.onClicked.addListener((id) => void opened.then(() => deadlines.onNotificationClicked(id)));

  const handlers = createHandlers({
    refreshDeadlines,
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
    autoCapture: async (kind) => autoCaptureOn(await getAutoCapture(), kind),
    captureVisible: async (tabId) => {
      const tab = await browser.tabs.get(tabId);
      if (!tab.url || !tab.active) throw new CasefileError('not-visible', `tab ${tabId}`);
      const screenshot = await screenshots.take(tab.windowId);
      // MHTML: Chrome only (Firefox has no pageCapture). The first read of its Blob in a fresh
      // worker sometimes fails with NotFoundError, so it is retried.
      let mhtml: Uint8Array | null = null;
      const pageCapture = (browser as unknown as { pageCapture?: { saveAsMHTML(d: { tabId: number }): Promise<Blob> } }).pageCapture;
      for (let attempt = 0; pageCapture && attempt < 3 && !mhtml; attempt++) {
        try {
          mhtml = new Uint8Array(await (await pageCapture.saveAsMHTML({ tabId })).arrayBuffer());
        } catch {
          await new Promise((r) => setTimeout(r, 200));
        }
      }
      // The raw page itself, through the content script, beside the screenshot.
      await browser.tabs.sendMessage(tabId, { casefile: 1, tabCommand: 'page.captureNow' }).catch(() => undefined);
      return { url: tab.url, title: tab.title ?? '', screenshot, mhtml };
    },
    onCaptured: (tabId, summary) => {
      refreshSoon();
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

  // The keyboard shortcut for "Capture this page" (it also grants activeTab for the screenshot).
  browser.commands?.onCommand.addListener((command, tab) => {
    if (command !== 'capture-page' || tab?.id === undefined) return;
    void opened
      .then(() => handlers['page.captureVisible']({ tabId: tab.id! }, { id: browser.runtime.id, url: browser.runtime.getURL('/') }))
      .catch((error: unknown) => console.warn('Casefile:', toCasefileError(error).message));
  });

  // sendResponse + `return true` works in Chrome, Firefox and WXT's fake browser alike.
  const reassembly = new Reassembly();
  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    // Parts of a large payload are kept until the last arrives (see utils/transfer.ts).
    const taken = reassembly.take(message, sender);
    if (taken.kind === 'reply') {
      sendResponse(taken.reply);
      return false;
    }
    opened
      .then(() => dispatch(taken.message, sender, handlers, identity))
      .catch((error: unknown) => ({ ok: false as const, error: toCasefileError(error, 'internal').toInfo() }))
      .then(sendResponse, (error: unknown) => sendResponse({ ok: false, error: new CasefileError('internal', String(error)).toInfo() }));
    return true;
  });
});
