// Types of harness.mjs for the TypeScript tests (the project compiles no JavaScript). Keep it in
// step with the JSDoc in harness.mjs.
import type { BrowserContext, Page, Worker } from 'playwright-core';

/** `.output-e2e/chrome-mv3-e2e` (or `chrome-mv3`), or CASEFILE_E2E_EXTENSION_DIR */
export function e2eExtensionDir(): string;
export const E2E_EXTENSION_DIR: string;
export function chromiumPath(): string;

export interface LaunchOptions {
  /** unpacked Chromium build, e.g. E2E_EXTENSION_DIR */
  extensionDir: string;
  /** send www.upwork.com to this stand-in and trust its certificate */
  standIn?: { port: number; spki: string };
  /** IANA zone of the browser (pages and process), default America/New_York */
  timeZone?: string;
  headless?: boolean;
  /** where accepted downloads go (default: a temporary folder removed on close) */
  downloadsDir?: string;
  /** extra Chromium flags */
  args?: string[];
}

export interface LaunchedBrowser {
  context: BrowserContext;
  extensionId: string;
  /** the extension's service worker when it was found */
  serviceWorker: Worker;
  profileDir: string;
  downloadsDir: string;
  /** opens `chrome-extension://<id>/<path>` in a new tab */
  openExtensionPage(path: string): Promise<Page>;
  /** the extension's tab id for a Playwright page */
  tabIdOf(page: Page): Promise<number>;
  /** the live service worker (it may have been restarted) */
  worker(): Promise<Worker>;
  /** closes the browser and removes the temporary profile */
  close(): Promise<void>;
}

export function launchBrowser(options: LaunchOptions): Promise<LaunchedBrowser>;
export function scrollRoomToTop(page: Page, options?: { quietMs?: number; timeoutMs?: number }): Promise<{ count: number; rounds: number; ms: number }>;
