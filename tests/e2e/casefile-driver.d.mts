// Types of casefile-driver.mjs for the TypeScript tests. Keep in step with the module.
import type { Page } from 'playwright-core';
import type { LaunchedBrowser } from './harness.mjs';
import type { ResponseOf, WholeCaptureProgress } from '../../utils/protocol';

export interface Casefile {
  send(command: string, payload?: unknown): Promise<unknown>;
  status(page: Page): Promise<ResponseOf<'tab.status'>>;
  visit(url: string): Promise<Page>;
  waitForCapture(page: Page, options?: { after?: string; timeoutMs?: number }): Promise<ResponseOf<'tab.status'>>;
  waitForMessages(page: Page, count: number, options?: { timeoutMs?: number }): Promise<ResponseOf<'tab.status'>>;
  captureWholeConversation(page: Page, onProgress?: (p: WholeCaptureProgress) => void, options?: { timeoutMs?: number }): Promise<WholeCaptureProgress>;
  screenshotPopup(page: Page, path: string, options?: { colorScheme?: 'light' | 'dark' }): Promise<string>;
  scrollToTop(page: Page, options?: { quietMs?: number; timeoutMs?: number }): Promise<{ count: number; rounds: number; ms: number }>;
  exportPackage(page: Page, contractId: string, dir: string): Promise<{ exportPage: Page; fileName: string; path: string; digest: string | null; ticketText: string | null; size: number }>;
  deadlines(page: Page): Promise<{ title: string; left: string; local: string; utc: string }[]>;
  summary(): Promise<ResponseOf<'store.summary'>>;
  contractChanges(contractId: string): Promise<ResponseOf<'contract.detail'>['changes']>;
}

export function runCasefile(browser: LaunchedBrowser): Casefile;
