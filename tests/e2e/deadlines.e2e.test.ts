// Deadlines in a real browser: the built extension in Debian's Chromium on the stand-in
// www.upwork.com. Capturing the workroom whose milestone 3 was submitted puts the client's review
// deadline (14 days after the submission time the page shows) in the popup; adding "client filed
// a dispute" in the popup makes its deadline appear; "Add to calendar" downloads an .ics that an
// independent parser reads back at the same instants.
import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import ICAL from 'ical.js';
import type { Page } from 'playwright-core';
import { startStandIn, type StandIn } from '../stand-in/server.mjs';
import { IDS, SUBMITTED_MILESTONE } from '../stand-in/sample-data.mjs';
import { E2E_EXTENSION_DIR, launchBrowser, type LaunchedBrowser } from './harness.mjs';
import { runCasefile, type Casefile } from './casefile-driver.mjs';

const RESULTS = 'test-results';
const WORKROOM = `https://www.upwork.com/nx/wm/workroom/${IDS.fixedContractId}/overview`;
const DAY = 86_400_000;
const REVIEW_DUE = new Date(Date.parse(SUBMITTED_MILESTONE.iso) + 14 * DAY).toISOString();

let standIn: StandIn;
let browser: LaunchedBrowser;
let cf: Casefile;
let popup: Page;

/** Deadline rows for a rule (passed ones sit in a folded list but are in the page). */
const rows = (page: Page, ruleId: string) => page.locator(`[data-testid="deadline-row"][data-rule-id="${ruleId}"]`);

beforeAll(async () => {
  mkdirSync(RESULTS, { recursive: true });
  standIn = await startStandIn();
  browser = await launchBrowser({ extensionDir: E2E_EXTENSION_DIR, standIn, timeZone: 'America/New_York' });
  cf = runCasefile(browser);
});

afterAll(async () => {
  await browser?.close();
  await standIn?.close();
});

describe('deadlines in Chromium', () => {
  test('capturing the workroom with a submitted milestone shows the review deadline 14 days after the submission time on the page', async () => {
    const page = await cf.visit(WORKROOM);
    await cf.waitForCapture(page);
    // The page shows the submission time (in the browser's zone, New York).
    await expect.poll(() => page.locator('body').innerText()).toContain(SUBMITTED_MILESTONE.labelNewYork);

    popup = await browser.openExtensionPage(`popup.html?tabId=${await browser.tabIdOf(page)}`);
    const review = popup.locator(`[data-testid="deadline-row"][data-deadline-id^="fixed.review-autorelease:${IDS.fixedContractId}:"]`);
    // The background recomputes after each capture; the popup reads the store live (reload once if needed).
    await expect
      .poll(
        async () => {
          if ((await review.count()) === 0) await popup.reload();
          return review.count();
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBe(1);
    expect(await review.getAttribute('data-due-at')).toBe(REVIEW_DUE);
    expect(await review.getByTestId('deadline-utc').textContent()).toBe('Fri 2026-12-04 20:15 UTC');
    expect(await review.getByTestId('deadline-local').textContent()).toMatch(/Dec 4, 2026, 3:15\sPM EST/);
    expect(await review.getByTestId('deadline-source').first().getAttribute('href')).toMatch(/^https:\/\/support\.upwork\.com\/hc\/en-us\/articles\/\d+$/);
    if ((await review.getAttribute('data-status')) === 'open') {
      expect(await review.getByTestId('deadline-left').textContent()).toMatch(/^\d+ (days?|hours?|minutes?)( \d+ \w+)? left$/);
    }
    await popup.screenshot({ path: `${RESULTS}/popup-deadlines.png`, fullPage: true });
    await page.close();
  });

  test('"Client filed a dispute" added in the popup, at the default time (now), on this fixed-price contract shows the 7 days to dispute the refund request', async () => {
    await popup.getByTestId('add-event-open').click();
    await popup.getByTestId('add-event-type').selectOption('client-dispute-filed');
    expect(await popup.getByTestId('add-event-contract').inputValue()).toBe(IDS.fixedContractId);
    const before = Date.now();
    await popup.getByTestId('add-event-submit').click();
    await expect.poll(() => popup.getByTestId('add-event-added').count(), { timeout: 15_000 }).toBe(1);
    const after = Date.now();

    const dispute = rows(popup, 'fixed.escrow-refund-response');
    await expect.poll(() => dispute.count(), { timeout: 30_000 }).toBe(1);
    const due = Date.parse((await dispute.getAttribute('data-due-at'))!);
    // The form's time has minute precision: the event is at "now" rounded down to the minute.
    expect(due).toBeGreaterThanOrEqual(before - 60_000 + 7 * DAY);
    expect(due).toBeLessThanOrEqual(after + 7 * DAY);
    expect(await dispute.getAttribute('data-status')).toBe('open');
    expect(await dispute.getByTestId('deadline-left').textContent()).toMatch(/^(6 days 23 hours|7 days) left$/);

    // Soonest first: the open rows are in due order.
    const open = popup.locator('[data-testid="deadlines-open"] > [data-testid="deadline-row"]');
    const dues = await open.evaluateAll((els) => els.map((e) => e.getAttribute('data-due-at')!));
    expect(dues).toEqual([...dues].sort());
  });

  test('"Add all to calendar" downloads an .ics that ical.js reads back at the same instants', async () => {
    const download = popup.waitForEvent('download');
    await popup.getByTestId('deadlines-ics-all').click();
    const file = `${RESULTS}/${(await download).suggestedFilename()}`;
    await (await download).saveAs(file);
    const events = new ICAL.Component(ICAL.parse(readFileSync(file, 'utf8'))).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    const open = popup.locator('[data-testid="deadlines-open"] > [data-testid="deadline-row"]');
    const expected = await open.evaluateAll((els) => els.map((e) => [e.getAttribute('data-deadline-id'), e.getAttribute('data-due-at')]));
    expect(events.map((e) => [e.uid.replace(/@casefile$/, ''), e.startDate.toJSDate().toISOString()]).sort()).toEqual(expected.sort());
  });

  test('"Dismiss" takes a deadline off the open list', async () => {
    const dispute = rows(popup, 'fixed.escrow-refund-response');
    await dispute.getByTestId('deadline-dismiss').click();
    await expect.poll(() => dispute.count(), { timeout: 15_000 }).toBe(0);
    await popup.close();
  });
});
