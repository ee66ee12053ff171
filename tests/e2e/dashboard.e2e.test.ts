// The case workspace in a real browser: capture the stand-in room and workroom (twice, so the
// contract changed), open the dashboard from the popup with "Open Casefile", create a scope-creep
// case from the contract, find a message by search, see a milestone's change as before/after,
// see the checklist mark what is present, and check that hostile text is shown as text everywhere.
// Screenshots of every view in light and dark go to test-results/.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { startStandIn, type StandIn } from '../stand-in/server.mjs';
import { IDS, V2_CHANGES } from '../stand-in/sample-data.mjs';
import { E2E_EXTENSION_DIR, launchBrowser, type LaunchedBrowser } from './harness.mjs';
import { runCasefile, type Casefile } from './casefile-driver.mjs';

const RESULTS = 'test-results';
let standIn: StandIn;
let browser: LaunchedBrowser;
let cf: Casefile;
let dashboard: Page;
const dialogs: string[] = [];

beforeAll(async () => {
  mkdirSync(RESULTS, { recursive: true });
  standIn = await startStandIn();
  browser = await launchBrowser({ extensionDir: E2E_EXTENSION_DIR, standIn });
  cf = runCasefile(browser);
  const room = await cf.visit(`https://www.upwork.com/ab/messages/rooms/${IDS.fixedRoomId}`);
  await cf.waitForCapture(room);
  await cf.scrollToTop(room);
  const workroom = await cf.visit(`https://www.upwork.com/nx/wm/workroom/${IDS.fixedContractId}/overview`);
  const first = await cf.waitForCapture(workroom);
  standIn.setState({ variant: 'v2' });
  await workroom.reload();
  await cf.waitForCapture(workroom, { after: first.lastCapture?.capturedAt });
  standIn.resetState();
  await room.close();

  // "Open Casefile" in the popup opens the dashboard in a tab.
  const popup = await browser.openExtensionPage(`popup.html?tabId=${await browser.tabIdOf(workroom)}`);
  const opened = browser.context.waitForEvent('page');
  await popup.getByRole('button', { name: 'Open Casefile' }).click();
  dashboard = await opened;
  await dashboard.waitForLoadState();
  dashboard.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.accept();
  });
});

afterAll(async () => {
  await browser?.close();
  await standIn?.close();
});

async function shoot(name: string) {
  for (const scheme of ['light', 'dark'] as const) {
    await dashboard.emulateMedia({ colorScheme: scheme });
    await dashboard.waitForTimeout(150);
    await dashboard.screenshot({ path: `${RESULTS}/dashboard-${name}-${scheme}.png` });
  }
  await dashboard.emulateMedia({ colorScheme: 'light' });
}

describe('dashboard', () => {
  test('shows the contract with its milestone change as before and after', async () => {
    expect(dashboard.url()).toContain('/dashboard.html');
    await dashboard.getByRole('link', { name: 'Contracts' }).click();
    const changes = dashboard.getByTestId('contract-changes');
    await expect.poll(() => changes.textContent()).toContain('Milestone changed');
    const text = (await changes.textContent())!;
    expect(text).toContain('$600.00');
    expect(text).toContain('$450.00');
    expect(text).toMatch(/Before.*After/s);
    await shoot('contract');
  });

  test('finds a message by search and shows it in its conversation', async () => {
    await dashboard.getByRole('link', { name: 'Search' }).click();
    await dashboard.getByLabel('Words').fill('including all variants');
    await expect.poll(() => dashboard.getByTestId('search-count').textContent()).toMatch(/^1 message found/);
    await shoot('search');
    await dashboard.getByRole('link', { name: 'Show in conversation' }).first().click();
    await expect.poll(() => dashboard.locator(`[data-message-id="${V2_CHANGES.editedStory.storyId}"]`).count()).toBe(1);
    await shoot('conversation');
  });

  test('hostile message text is shown as those characters and no script runs', async () => {
    await dashboard.getByRole('link', { name: 'Search' }).click();
    await dashboard.getByLabel('Words').fill('onerror');
    await expect.poll(() => dashboard.getByTestId('search-results').textContent()).toContain('<img src=x onerror=alert(1)>');
    expect(await dashboard.locator('[data-testid="search-results"] img').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  test('creates a scope-creep case from the contract; the checklist marks what is present', async () => {
    await dashboard.getByRole('link', { name: 'Cases' }).click();
    await dashboard.getByLabel('Type').selectOption('scope-creep');
    await dashboard.getByLabel('Title').fill('Milestone 3 rewritten after delivery');
    await dashboard.getByLabel('Amount in dispute (USD)').fill('450.00');
    await dashboard.getByRole('button', { name: 'Create case' }).click();
    const checklist = dashboard.getByTestId('checklist');
    await expect.poll(() => checklist.locator('li[data-present="true"]').count()).toBeGreaterThanOrEqual(4);
    expect(await checklist.textContent()).toContain('Milestones that changed after they were agreed');
    await dashboard.getByLabel('Add a note (kept as evidence, marked as yours)').fill('The client asked for the size guide in messages on Nov 12.');
    await dashboard.getByRole('button', { name: 'Add note' }).click();
    await expect.poll(() => dashboard.getByTestId('timeline').textContent()).toContain('entered by you');
    await shoot('case');
  });

  test('back up, wipe the store, restore, and find every record again with the same hashes', async () => {
    // Every record's id and hash, read straight from the extension's IndexedDB.
    const fingerprint = () =>
      dashboard.evaluate(async () => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const r = indexedDB.open('casefile');
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
        const read = (table: string) =>
          new Promise<Record<string, unknown>[]>((resolve, reject) => {
            const r = db.transaction(table).objectStore(table).getAll();
            r.onsuccess = () => resolve(r.result as Record<string, unknown>[]);
            r.onerror = () => reject(r.error);
          });
        // Key order is not content: compare records as canonical JSON (sorted keys).
        const canonical = (v: unknown): unknown =>
          Array.isArray(v) ? v.map(canonical) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])])) : v;
        const out: Record<string, string[]> = {};
        for (const table of ['captures', 'messages', 'messageRevisions', 'contractSnapshots', 'notes', 'blobs']) {
          out[table] = (await read(table)).map((row) => `${String(row.id ?? '')}:${String(row.sha256)}`).sort();
        }
        for (const table of ['contracts', 'contractChanges', 'rooms', 'cases', 'milestones']) {
          out[table] = (await read(table)).map((row) => JSON.stringify(canonical(row))).sort();
        }
        db.close();
        return out;
      });
    const before = await fingerprint();
    expect(before.messages!.length).toBeGreaterThan(300);
    expect(before.cases!.length).toBe(1);

    await dashboard.getByRole('link', { name: 'Settings and storage' }).click();
    const download = dashboard.waitForEvent('download');
    await dashboard.getByRole('button', { name: 'Back up everything' }).click();
    const backupPath = `${RESULTS}/${(await download).suggestedFilename()}`;
    await (await download).saveAs(backupPath);
    await expect.poll(() => dashboard.getByTestId('backup-done').textContent()).toMatch(/Backup saved/);

    await dashboard.getByRole('button', { name: 'Delete all records…' }).click();
    await expect.poll(async () => (await fingerprint()).messages!.length).toBe(0);
    expect(dialogs.some((d) => d.startsWith('Delete every record'))).toBe(true);

    // The search follows the store: nothing is found once it is emptied, and again after the restore.
    const search = async (words: string) => {
      await dashboard.getByRole('link', { name: 'Search' }).click();
      await dashboard.getByLabel('Words').fill(words);
    };
    await search('including all variants');
    await expect.poll(() => dashboard.getByTestId('search-count').textContent()).toMatch(/^0 messages found/);
    await dashboard.getByRole('link', { name: 'Settings and storage' }).click();

    await dashboard.getByTestId('restore-input').setInputFiles(backupPath);
    await expect.poll(() => dashboard.getByTestId('restore-done').textContent(), { timeout: 60_000 }).toMatch(/records added/);
    expect(await fingerprint()).toEqual(before);
    await search('including all variants');
    await expect.poll(() => dashboard.getByTestId('search-count').textContent()).toMatch(/^1 message found/);
    await dashboard.getByRole('link', { name: 'Settings and storage' }).click();

    // Restoring the same backup again changes nothing.
    await dashboard.getByTestId('restore-input').setInputFiles([]);
    await dashboard.getByTestId('restore-input').setInputFiles(backupPath);
    await expect.poll(() => dashboard.getByTestId('restore-done').textContent(), { timeout: 60_000 }).toMatch(/^Restored: 0 records added/);
    expect(await fingerprint()).toEqual(before);
  });

  test('settings show storage, and every view is reachable by keyboard', async () => {
    await dashboard.getByRole('link', { name: 'Settings and storage' }).click();
    await expect.poll(() => dashboard.getByTestId('storage-info').textContent()).toMatch(/Storage used/);
    await shoot('settings');
    // From the top of the page, Tab reaches every view's link, each with a visible focus ring,
    // and Enter opens it.
    await dashboard.reload();
    await dashboard.getByRole('link', { name: 'Contracts' }).waitFor();
    const reached: string[] = [];
    for (let i = 0; i < 8; i++) {
      await dashboard.keyboard.press('Tab');
      const { name, outline } = await dashboard.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        return { name: el?.getAttribute('aria-label') ?? el?.textContent?.trim() ?? '', outline: el ? getComputedStyle(el).outlineStyle : 'none' };
      });
      reached.push(name);
      expect(outline, name).not.toBe('none');
      if (name === 'Settings and storage') break;
    }
    expect(reached).toEqual(['Contracts', 'Conversations', 'Search', 'Cases', 'Settings and storage']);
    await dashboard.keyboard.press('Shift+Tab');
    await dashboard.keyboard.press('Enter');
    await expect.poll(() => dashboard.url()).toContain('#/cases');
  });
});
