// Launches the built extension in Debian's Chromium (driven by playwright-core), pointed at the
// stand-in marketplace, following shared/TOOLCHAIN.md ("A real browser"). Plain ESM with JSDoc
// types so both the Vitest e2e suites and plain-Node scripts (the demo) can import it.
/* global chrome */
import { chromium } from 'playwright-core';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The e2e build (`npm run build:e2e`). WXT appends the mode to the folder name, so a `--mode e2e`
 * build lands in `.output-e2e/chrome-mv3-e2e`; a plain `chrome-mv3` folder is accepted too.
 * `CASEFILE_E2E_EXTENSION_DIR` points elsewhere (e.g. a build of another checkout).
 */
export function e2eExtensionDir() {
  if (process.env.CASEFILE_E2E_EXTENSION_DIR) return resolve(process.env.CASEFILE_E2E_EXTENSION_DIR);
  const candidates = ['chrome-mv3-e2e', 'chrome-mv3'].map((name) => fileURLToPath(new URL(`../../.output-e2e/${name}`, import.meta.url)));
  return candidates.find((dir) => existsSync(join(dir, 'manifest.json'))) ?? candidates[0];
}

/** e2eExtensionDir() when this module was loaded. */
export const E2E_EXTENSION_DIR = e2eExtensionDir();

/** Where Chromium is expected: `CHROMIUM_PATH`, else Debian's `/usr/bin/chromium`. */
export function chromiumPath() {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

/**
 * @typedef {{ port: number, spki: string }} StandInAddress  what launchBrowser needs of startStandIn()'s handle
 *
 * @typedef {object} LaunchOptions
 * @property {string} extensionDir unpacked Chromium build, e.g. E2E_EXTENSION_DIR
 * @property {StandInAddress} [standIn] send www.upwork.com to this stand-in and trust its certificate
 * @property {string} [timeZone] IANA zone of the browser (pages and process), default America/New_York
 * @property {boolean} [headless] default true
 * @property {string} [downloadsDir] where accepted downloads go (default: a temporary folder removed on close)
 * @property {string[]} [args] extra Chromium flags
 *
 * @typedef {object} LaunchedBrowser
 * @property {import('playwright-core').BrowserContext} context
 * @property {string} extensionId
 * @property {import('playwright-core').Worker} serviceWorker the extension's service worker when it was found
 * @property {string} profileDir
 * @property {string} downloadsDir
 * @property {(path: string) => Promise<import('playwright-core').Page>} openExtensionPage opens `chrome-extension://<id>/<path>` in a new tab
 * @property {(page: import('playwright-core').Page) => Promise<number>} tabIdOf the extension's tab id for a Playwright page
 * @property {() => Promise<import('playwright-core').Worker>} worker the live service worker (it may have been restarted)
 * @property {() => Promise<void>} close closes the browser and removes the temporary profile
 */

/** @param {import('playwright-core').Worker} w */
const isExtensionWorker = (w) => w.url().startsWith('chrome-extension://');

/**
 * @param {import('playwright-core').BrowserContext} context
 * @param {string|null} extensionId
 * @param {number} timeout
 */
async function findWorker(context, extensionId, timeout) {
  /** @param {import('playwright-core').Worker} w */
  const matches = (w) => (extensionId ? w.url().startsWith(`chrome-extension://${extensionId}/`) : isExtensionWorker(w));
  const existing = context.serviceWorkers().find(matches);
  if (existing) return existing;
  return context.waitForEvent('serviceworker', { predicate: matches, timeout });
}

/**
 * Starts Chromium with a fresh temporary profile and the extension loaded.
 *
 * @param {LaunchOptions} options
 * @returns {Promise<LaunchedBrowser>}
 */
export async function launchBrowser({ extensionDir, standIn, timeZone = 'America/New_York', headless = true, downloadsDir, args = [] }) {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium not found at ${executablePath}: install it with \`apt-get install -y chromium\` or set CHROMIUM_PATH`);
  }
  const extension = resolve(extensionDir);
  if (!existsSync(join(extension, 'manifest.json'))) {
    throw new Error(`No built extension at ${extension} (manifest.json missing): run \`npm run build:e2e\` first`);
  }
  const profileDir = mkdtempSync(join(tmpdir(), 'casefile-profile-'));
  const ownDownloads = !downloadsDir;
  const downloads = downloadsDir ?? mkdtempSync(join(tmpdir(), 'casefile-downloads-'));
  const removeTemporary = () => {
    rmSync(profileDir, { recursive: true, force: true, maxRetries: 3, retryDelay: 200 });
    if (ownDownloads) rmSync(downloads, { recursive: true, force: true, maxRetries: 3, retryDelay: 200 });
  };

  const chromiumArgs = [
    `--disable-extensions-except=${extension}`,
    `--load-extension=${extension}`,
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--no-default-browser-check',
    ...(standIn
      ? [`--host-resolver-rules=MAP www.upwork.com 127.0.0.1:${standIn.port}`, `--ignore-certificate-errors-spki-list=${standIn.spki}`]
      : []),
    ...args,
  ];

  /** @type {import('playwright-core').BrowserContext} */
  let context;
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath,
      headless,
      ignoreDefaultArgs: ['--disable-extensions'],
      args: chromiumArgs,
      // Both: the emulated zone for pages, and TZ for the browser process (extension pages, worker).
      timezoneId: timeZone,
      env: { ...process.env, TZ: timeZone },
      locale: 'en-US',
      viewport: { width: 1280, height: 800 },
      acceptDownloads: true,
      downloadsPath: downloads,
    });
  } catch (error) {
    removeTemporary();
    throw error;
  }

  let serviceWorker;
  try {
    serviceWorker = await findWorker(context, null, 20_000);
  } catch (error) {
    await context.close().catch(() => {});
    removeTemporary();
    throw new Error(`The extension's service worker did not start (is ${extension} a Chromium MV3 build?): ${error instanceof Error ? error.message : error}`, {
      cause: error,
    });
  }
  const extensionId = new URL(serviceWorker.url()).host;
  const worker = () => findWorker(context, extensionId, 10_000);

  return {
    context,
    extensionId,
    serviceWorker,
    profileDir,
    downloadsDir: downloads,
    worker,

    async openExtensionPage(path) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${path.replace(/^\//, '')}`);
      return page;
    },

    async tabIdOf(page) {
      const url = page.url();
      const sw = await worker();
      /** @param {{ url: string, activeOnly: boolean }} q */
      const query = (q) =>
        sw.evaluate(async ({ url: wanted, activeOnly }) => {
          const tabs = await chrome.tabs.query(activeOnly ? { active: true, lastFocusedWindow: true } : {});
          return tabs.filter((t) => t.url === wanted).map((t) => t.id);
        }, q);
      let ids = await query({ url, activeOnly: false });
      if (ids.length > 1) {
        // Several tabs show this URL: bring this one to the front and take the active one.
        await page.bringToFront();
        ids = await query({ url, activeOnly: true });
      }
      if (ids.length !== 1 || typeof ids[0] !== 'number') throw new Error(`Cannot tell which tab shows ${url} (${ids.length} candidates)`);
      return ids[0];
    },

    async close() {
      await context.close().catch(() => {});
      removeTemporary();
    },
  };
}

/**
 * Scrolls a message room's `#story-viewport` to the top until no older messages arrive for
 * `quietMs` (REFERENCE §2: older messages load only when that pane is scrolled up).
 *
 * @param {import('playwright-core').Page} page
 * @param {{ quietMs?: number, timeoutMs?: number }} [options]
 * @returns {Promise<{ count: number, rounds: number, ms: number }>} rendered items at the end
 */
export async function scrollRoomToTop(page, { quietMs = 1500, timeoutMs = 90_000 } = {}) {
  const started = Date.now();
  const count = () => page.locator('#story-viewport .up-d-story-item').count();
  let last = await count();
  let rounds = 0;
  let quietSince = Date.now();
  while (Date.now() - started < timeoutMs) {
    await page.locator('#story-viewport').evaluate((el) => {
      el.scrollTop = 0;
    });
    await page.waitForTimeout(100);
    const now = await count();
    if (now !== last) {
      last = now;
      rounds += 1;
      quietSince = Date.now();
    } else if (Date.now() - quietSince >= quietMs) {
      return { count: now, rounds, ms: Date.now() - started };
    }
  }
  throw new Error(`The conversation was still loading after ${timeoutMs} ms (${last} items)`);
}
