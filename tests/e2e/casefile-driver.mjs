// Drives Casefile the way a user does (pages in tabs, the popup, its buttons) and reads the
// store through the extension's own typed messages from an extension page. Shared by the e2e
// tests and `npm run demo`. Plain ESM so plain Node can import it.
/* global chrome */
import { scrollRoomToTop } from './harness.mjs';

/**
 * @param {import('./harness.mjs').LaunchedBrowser} browser
 */
export function runCasefile(browser) {
  /** @type {import('playwright-core').Page | null} */
  let channel = null;

  /** An extension page kept open to send typed commands from (the background accepts reads only from Casefile's pages). */
  async function send(command, payload = {}) {
    if (!channel || channel.isClosed()) channel = await browser.openExtensionPage('popup.html?tabId=0');
    const reply = await channel.evaluate(({ command, payload }) => chrome.runtime.sendMessage({ casefile: 1, command, payload }), { command, payload });
    if (!reply || reply.ok !== true) throw new Error(`${command} failed: ${JSON.stringify(reply?.error ?? reply)}`);
    return reply.value;
  }

  async function status(page) {
    return send('tab.status', { tabId: await browser.tabIdOf(page) });
  }

  async function poll(what, fn, { timeoutMs = 30_000, everyMs = 250 } = {}) {
    const started = Date.now();
    let last;
    while (Date.now() - started < timeoutMs) {
      last = await fn();
      if (last.done) return last.value;
      await new Promise((r) => setTimeout(r, everyMs));
    }
    throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${JSON.stringify(last?.value)?.slice(0, 500)}`);
  }

  return {
    send,
    status,

    /** Opens a marketplace URL in a new tab and brings it to the front. */
    async visit(url) {
      const page = await browser.context.newPage();
      await page.goto(url, { waitUntil: 'domcontentloaded' });
      await page.bringToFront();
      return page;
    },

    /** Waits until Casefile recorded the page (after `after`, when given) with its structured part. */
    async waitForCapture(page, { after, timeoutMs } = {}) {
      return poll(
        `a capture of ${page.url()}`,
        async () => {
          const s = await status(page);
          const captured = s.lastCapture && (!after || s.lastCapture.capturedAt > after);
          const structured = s.pageKind === 'message-room' ? s.room !== null : s.pageKind === 'workroom' ? s.contract !== null || s.room !== null : true;
          return { done: Boolean(captured && structured), value: s };
        },
        { timeoutMs },
      );
    },

    /** Waits until the room holds at least `count` messages. */
    async waitForMessages(page, count, { timeoutMs } = {}) {
      return poll(`${count} messages`, async () => {
        const s = await status(page);
        return { done: (s.room?.messages ?? 0) >= count, value: s };
      }, { timeoutMs });
    },

    /**
     * Clicks "Capture whole conversation" in the popup for this tab, lets the popup close (as it
     * does when the user clicks back into the page), and follows the progress to the end.
     */
    async captureWholeConversation(page, onProgress = () => {}, { timeoutMs = 180_000 } = {}) {
      const tabId = await browser.tabIdOf(page);
      const popup = await browser.openExtensionPage(`popup.html?tabId=${tabId}`);
      await popup.getByRole('button', { name: 'Capture whole conversation' }).click();
      await popup.close();
      await page.bringToFront();
      return poll(
        'the whole conversation',
        async () => {
          const s = await status(page);
          const p = s.wholeCapture;
          if (p) onProgress(p);
          return { done: p !== null && ['done', 'cancelled', 'failed'].includes(p.state), value: p };
        },
        { timeoutMs, everyMs: 500 },
      );
    },

    /** Opens the popup for this tab at the popup's size, screenshots it, and returns to the tab. */
    async screenshotPopup(page, path, { colorScheme = 'light' } = {}) {
      const tabId = await browser.tabIdOf(page);
      const popup = await browser.context.newPage();
      await popup.emulateMedia({ colorScheme });
      await popup.setViewportSize({ width: 400, height: 640 });
      await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?tabId=${tabId}`);
      await popup.getByTestId('store-summary').waitFor();
      await popup.waitForTimeout(300);
      await popup.screenshot({ path, fullPage: true });
      await popup.close();
      await page.bringToFront();
      return path;
    },

    /**
     * From the popup of this tab: "Choose what to export…", the contract, "Export evidence
     * package"; waits for the export tab's download and saves it into `dir`.
     */
    async exportPackage(page, contractId, dir) {
      const tabId = await browser.tabIdOf(page);
      const popup = await browser.openExtensionPage(`popup.html?tabId=${tabId}`);
      await popup.getByRole('button', { name: 'Choose what to export…' }).click();
      await popup.getByLabel('Contract').selectOption(contractId);
      const opened = browser.context.waitForEvent('page');
      await popup.getByRole('button', { name: 'Export evidence package' }).click();
      const exportPage = await opened;
      const download = await exportPage.waitForEvent('download', { timeout: 120_000 });
      const path = `${dir}/${download.suggestedFilename()}`;
      await download.saveAs(path);
      const digest = await exportPage.getByTestId('package-digest').textContent();
      const ticketText = await exportPage.getByTestId('ticket-text').textContent();
      const { statSync } = await import('node:fs');
      await popup.close().catch(() => {});
      return { exportPage, fileName: download.suggestedFilename(), path, digest, ticketText, size: statSync(path).size };
    },

    /** The open deadlines the popup lists for this tab, as the user reads them. */
    async deadlines(page) {
      const popup = await browser.openExtensionPage(`popup.html?tabId=${await browser.tabIdOf(page)}`);
      await popup.getByTestId('deadlines').waitFor();
      await popup.waitForTimeout(500);
      const rows = await popup.getByTestId('deadline-row').evaluateAll((els) =>
        els.map((el) => {
          const t = (id) => el.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() ?? '';
          return { title: t('deadline-title'), left: t('deadline-left'), local: t('deadline-local'), utc: t('deadline-utc') };
        }),
      );
      await popup.close();
      await page.bringToFront();
      return rows;
    },

    scrollToTop: (page, options) => scrollRoomToTop(page, options),
    summary: () => send('store.summary'),
    contractChanges: async (contractId) => (await send('contract.detail', { id: contractId })).changes,
  };
}
