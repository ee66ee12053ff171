// Smoke tests of the end-to-end setup itself: the built extension loads in Debian's Chromium, and
// the stand-in marketplace serves pages shaped as REFERENCE.md §2–§3 describes, at Upwork's own
// URLs, with timestamps in the browser's zone, scroll-to-load history, client-side navigation and
// the control states that later suites rely on.
import { mkdirSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { startStandIn, type StandIn } from '../stand-in/server.mjs';
import {
  IDS,
  KEY_STORIES,
  SAMPLE,
  SUBMITTED_MILESTONE,
  V2_CHANGES,
  contractApiJson,
  visibleStories,
  type Story,
} from '../stand-in/sample-data.mjs';
import { parsePayload } from '../stand-in/nuxt-payload.mjs';
import { renderedText } from '../stand-in/assets/markup.js';
import { E2E_EXTENSION_DIR, launchBrowser, scrollRoomToTop, type LaunchedBrowser } from './harness.mjs';

const TIME_ZONE = 'America/New_York';
const RESULTS = 'test-results';
const ROOM_URL = `/ab/messages/rooms/${IDS.fixedRoomId}`;
const WORKROOM_URL = `/nx/wm/workroom/${IDS.fixedContractId}/overview`;

/** "January 20, 2026 at 3:12 AM" in the test browser's zone, computed independently of the page. */
const titleFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
});
function expectedTitle(ms: number): string {
  const p = Object.fromEntries(titleFormat.formatToParts(ms).map((x) => [x.type, x.value]));
  return `${p.month} ${p.day}, ${p.year} at ${p.hour}:${p.minute} ${p.dayPeriod!.toUpperCase()}`;
}
const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

interface RenderedItem {
  id: string;
  title: string | null;
  time: string | null;
  body: string | null;
  dayHeader: string | null;
  top: boolean;
  sender: string | null;
}

function renderedItems(page: Page): Promise<RenderedItem[]> {
  return page.$$eval('#story-viewport .up-d-story-item', (els) =>
    els.map((el) => ({
      id: el.id,
      title: el.querySelector('span.story-timestamp')?.getAttribute('title') ?? null,
      time: el.querySelector('span.story-timestamp')?.textContent ?? null,
      body: (el.querySelector('.story-message [data-test="story-message"]') as HTMLElement | null)?.innerText ?? null,
      dayHeader: el.querySelector('.story-day-header')?.textContent ?? null,
      top: el.querySelector('.story-inner.top') !== null,
      sender: el.querySelector('.story-message-header span.user-name')?.textContent ?? null,
    })),
  );
}

/** The shown item matches its story: same text (formatting aside) and local-time title. */
function expectMatches(item: RenderedItem, story: Story) {
  expect(item.id).toBe(story.storyId);
  expect(item.title).toBe(expectedTitle(story.created));
  expect(item.title!.endsWith(` at ${item.time}`)).toBe(true);
  if (story.isSystemStory === 1) expect(item.body).toBeNull();
  else expect(squash(item.body ?? '')).toBe(squash(renderedText(story.message)));
}

/** The extension APIs used from the service worker in these tests. */
interface ChromeApi {
  runtime: { getManifest(): { host_permissions?: string[] } };
  tabs: { get(tabId: number): Promise<{ url?: string }> };
}

const countItems = (page: Page) => page.locator('#story-viewport .up-d-story-item').count();

let standIn: StandIn;
let browser: LaunchedBrowser;
const figures: Record<string, number> = {};

beforeAll(async () => {
  mkdirSync(RESULTS, { recursive: true });
  standIn = await startStandIn();
  const started = Date.now();
  browser = await launchBrowser({ extensionDir: E2E_EXTENSION_DIR, standIn, timeZone: TIME_ZONE });
  figures.launchMs = Date.now() - started;
});

afterAll(async () => {
  await browser?.close();
  await standIn?.close();
  console.info('[stand-in e2e figures]', JSON.stringify(figures));
});

afterEach(async () => {
  standIn.resetState();
  for (const page of browser.context.pages().slice(1)) await page.close();
});

describe('the built extension', () => {
  test('loads in Chromium: its service worker runs and gives the extension id', async () => {
    expect(browser.extensionId).toMatch(/^[a-p]{32}$/);
    expect(browser.serviceWorker.url()).toBe(`chrome-extension://${browser.extensionId}/background.js`);
    const manifest = await browser.serviceWorker.evaluate(() => (globalThis as unknown as { chrome: ChromeApi }).chrome.runtime.getManifest());
    expect(manifest.host_permissions).toContain('https://www.upwork.com/*');
  });

  test('tabIdOf() finds the tab that shows a page', async () => {
    const page = await browser.context.newPage();
    await page.goto(standIn.url('/nx/wm/contracts'));
    const tabId = await browser.tabIdOf(page);
    const url = await browser.serviceWorker.evaluate(async (id) => (await (globalThis as unknown as { chrome: ChromeApi }).chrome.tabs.get(id)).url, tabId);
    expect(url).toBe(standIn.url('/nx/wm/contracts'));
  });
});

describe('the stand-in message room', () => {
  test('serves the room at its Upwork URL and renders the newest 40 messages in local time', async () => {
    const page = await browser.context.newPage();
    const transports: Record<string, string> = {};
    page.on('request', (r) => {
      if (r.url().includes('/api/v3/rooms/')) transports[new URL(r.url()).pathname] = r.resourceType();
    });
    const started = Date.now();
    const response = await page.goto(standIn.url(ROOM_URL));
    expect(response?.status()).toBe(200);
    await expect.poll(() => countItems(page)).toBe(40);
    figures.roomFirst40Ms = Date.now() - started;

    expect(await page.evaluate(() => [location.origin, window.isSecureContext])).toEqual(['https://www.upwork.com', true]);
    expect(await page.title()).toBe('Messages | Upwork');
    // REFERENCE §2 markup of the header.
    await expect.poll(() => page.locator('[data-test="room-title"]').textContent()).toBe(SAMPLE.client.name);
    expect(await page.locator('[data-test="room-subtitle"]').textContent()).toBe(SAMPLE.contracts.fixed.title);
    expect(await page.locator('a[data-ev-label="wm_view_contract_action"]').getAttribute('href')).toBe(`/nx/wm/workroom/${IDS.fixedContractId}`);
    expect(await page.locator('#room-header-avatar').getAttribute('data-user-id')).toBe(SAMPLE.client.userId);
    await expect.poll(() => page.locator('.rooms-panel .rooms-panel-room-list li').count()).toBe(3);
    // The stories come over fetch, the rooms list over XMLHttpRequest.
    expect(transports[`/api/v3/rooms/rooms/${IDS.fixedRoomId}/stories/simplified`]).toBe('fetch');
    expect(transports['/api/v3/rooms/rooms/simplified']).toBe('xhr');

    const items = await renderedItems(page);
    const expected = visibleStories(IDS.fixedRoomId).slice(-40);
    items.forEach((item, i) => expectMatches(item, expected[i]!));
    const submitted = items.find((i) => i.id === KEY_STORIES.m3Submitted)!;
    expect(submitted.title).toBe('November 20, 2026 at 3:15 PM');
    expect(submitted.time).toBe('3:15 PM');

    // Only #story-viewport scrolls, and it starts at the newest message.
    const layout = await page.evaluate(() => {
      const vp = document.getElementById('story-viewport')!;
      return {
        pageScrolls: document.scrollingElement!.scrollHeight > window.innerHeight,
        paneOverflow: getComputedStyle(vp).overflowY,
        atBottom: vp.scrollHeight - vp.scrollTop - vp.clientHeight < 2,
      };
    });
    expect(layout).toEqual({ pageScrolls: false, paneOverflow: 'auto', atBottom: true });
    await page.screenshot({ path: `${RESULTS}/stand-in-room.png` });
  });

  test('scrolling #story-viewport to the top loads older messages until the whole conversation is there', async () => {
    const page = await browser.context.newPage();
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs += 1;
      void d.dismiss();
    });
    await page.goto(standIn.url(ROOM_URL));
    await expect.poll(() => countItems(page)).toBe(40);
    const result = await scrollRoomToTop(page);
    figures.scrollWholeConversationMs = result.ms;
    figures.scrollRounds = result.rounds;

    const expected = visibleStories(IDS.fixedRoomId);
    expect(result.count).toBe(expected.length);
    const items = await renderedItems(page);
    items.forEach((item, i) => expectMatches(item, expected[i]!));

    // Day headers and runs (REFERENCE §2).
    expect(items[0]!.dayHeader).toBe('Thursday, September 3');
    const firstMessage = items.find((i) => i.body !== null)!;
    expect(firstMessage.sender).toBe(SAMPLE.client.name);
    for (const item of items) expect(item.sender !== null).toBe(item.top);
    expect(items.some((i) => i.body !== null && !i.top)).toBe(true);
    // Deleted in the JSON, so not shown.
    expect(items.some((i) => i.id === KEY_STORIES.deletedInV1)).toBe(false);
    // US daylight saving time ends on 1 November: two different instants both read 1:30 AM.
    const dst = items.filter((i) => i.id === KEY_STORIES.dstFirst || i.id === KEY_STORIES.dstSecond).map((i) => i.title);
    expect(dst).toEqual(['November 1, 2026 at 1:30 AM', 'November 1, 2026 at 1:30 AM']);

    // Hostile texts are text: nothing ran, no element was made from them.
    expect(dialogs).toBe(0);
    expect(await page.locator('[data-test="story-message"] img, [data-test="story-message"] script').count()).toBe(0);
    expect(await page.locator(`[id="${KEY_STORIES.hostileImg}"] [data-test="story-message"]`).innerText()).toContain('<img src=x onerror=alert(1)>');
    expect(await page.locator(`[id="${KEY_STORIES.hostileScript}"] [data-test="story-message"]`).innerText()).toContain('<script>alert("x")</script>');
    expect(await page.locator(`[id="${KEY_STORIES.bidi}"] [data-test="story-message"]`).innerText()).toContain('\u202E');
    // ~20,000 characters in the JSON; innerText collapses the log's double spaces.
    const long = visibleStories(IDS.fixedRoomId).find((s) => s.storyId === KEY_STORIES.longMessage)!;
    expect(long.message.length).toBeGreaterThan(19_900);
    expect(squash(await page.locator(`[id="${KEY_STORIES.longMessage}"] [data-test="story-message"]`).innerText())).toBe(squash(long.message));
    // Attachments: names, sizes, links; the deleted one sits under `.deleted` without a link.
    const mockups = page.locator('.attachment-item', { hasText: 'harbor-finch-mockups-v1.pdf' });
    expect(await mockups.locator('.file-size').textContent()).toBe('2.4 MB');
    expect(await mockups.locator('a').first().getAttribute('href')).toMatch(/^\/messages\/att\/att_[0-9a-f]+\/harbor-finch-mockups-v1\.pdf$/);
    const deleted = page.locator(`[id="${KEY_STORIES.deletedAttachment}"] .attachment-item.deleted`);
    expect(await deleted.locator('.file-name').textContent()).toBe('theme-export-draft.zip');
    expect(await deleted.locator('a').count()).toBe(0);
    expect(await page.locator(`[id="${KEY_STORIES.imageAttachment}"] .up-d-story-img[href] .story-thumbnail img`).count()).toBe(1);

    await page.screenshot({ path: `${RESULTS}/stand-in-room-top.png` });
    await page.locator(`[id="${KEY_STORIES.hostileImg}"]`).evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await page.screenshot({ path: `${RESULTS}/stand-in-room-hostile.png` });
  });

  test('switches rooms with history.pushState, without a page load', async () => {
    const page = await browser.context.newPage();
    await page.goto(standIn.url('/ab/messages/rooms'));
    await expect.poll(() => page.locator('.rooms-panel-room-link').count()).toBe(3);
    expect(await countItems(page)).toBe(0);
    await page.evaluate(() => Object.assign(window, { standInMarker: 'same document' }));

    await page.locator(`.rooms-panel-room-link[href$="${IDS.hourlyRoomId}"]`).click();
    await expect.poll(() => page.locator('[data-test="room-subtitle"]').textContent()).toBe(SAMPLE.contracts.hourly.title);
    expect(page.url()).toBe(standIn.url(`/ab/messages/rooms/${IDS.hourlyRoomId}`));
    await expect.poll(() => countItems(page)).toBe(40);
    expect(await page.locator('a[data-ev-label="wm_view_contract_action"]').getAttribute('href')).toBe(`/nx/wm/workroom/${IDS.hourlyContractId}`);
    const all = await scrollRoomToTop(page);
    expect(all.count).toBe(visibleStories(IDS.hourlyRoomId).length);
    // The weekly-limit change is a system event: no story-message body.
    const limit = page.locator(`[id="${KEY_STORIES.hourlyLimitRaised}"]`);
    expect(await limit.innerText()).toContain('Old limit: 10 hrs/week New limit: 20 hrs/week');
    expect(await limit.locator('[data-test="story-message"]').count()).toBe(0);

    await page.locator(`.rooms-panel-room-link[href$="${IDS.interviewRoomId}"]`).click();
    await expect.poll(() => page.locator('[data-test="room-title"]').textContent()).toBe('Sofia Lindqvist');
    await expect.poll(() => countItems(page)).toBe(visibleStories(IDS.interviewRoomId).length);
    expect(await page.locator('a[data-ev-label="wm_view_contract_action"]').count()).toBe(0);

    await page.goBack();
    await expect.poll(() => page.locator('[data-test="room-subtitle"]').textContent()).toBe(SAMPLE.contracts.hourly.title);
    expect(await page.evaluate(() => (window as unknown as { standInMarker?: string }).standInMarker)).toBe('same document');
  });

  test('virtualize=on unmounts messages far out of view', async () => {
    standIn.setState({ virtualize: 'on' });
    const page = await browser.context.newPage();
    await page.goto(standIn.url(ROOM_URL));
    await expect.poll(() => countItems(page)).toBeGreaterThan(0);
    await scrollRoomToTop(page);
    await expect.poll(() => page.locator(`[id="${KEY_STORIES.contractStarted}"]`).count()).toBe(1);
    const mounted = await countItems(page);
    expect(mounted).toBeLessThan(visibleStories(IDS.fixedRoomId).length);
    expect(await page.locator(`[id="${KEY_STORIES.lastV1}"]`).count()).toBe(0);
    // Scrolling back down mounts the newest again.
    await page.locator('#story-viewport').evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    await expect.poll(() => page.locator(`[id="${KEY_STORIES.lastV1}"]`).count()).toBe(1);
  });
});

describe('time zones', () => {
  test("timestamps follow the zone given to launchBrowser (Asia/Kolkata: the submission is already on 21 November)", async () => {
    const other = await launchBrowser({ extensionDir: E2E_EXTENSION_DIR, standIn, timeZone: 'Asia/Kolkata' });
    try {
      const page = await other.context.newPage();
      await page.goto(standIn.url(ROOM_URL));
      await expect.poll(() => countItems(page)).toBe(40);
      const stamp = page.locator(`[id="${KEY_STORIES.m3Submitted}"] span.story-timestamp`);
      expect(await stamp.getAttribute('title')).toBe('November 21, 2026 at 1:45 AM');
      expect(await stamp.textContent()).toBe('1:45 AM');
      await page.goto(standIn.url(WORKROOM_URL));
      expect(await page.locator('[data-test="milestone-submission"]').innerText()).toContain('Submitted Nov 21, 2026 1:45 AM');
    } finally {
      await other.close();
    }
  });
});

describe('the stand-in workroom', () => {
  test('renders the fixed-price contract: labels, milestone rows, submission time and __NUXT_DATA__', async () => {
    const page = await browser.context.newPage();
    const started = Date.now();
    await page.goto(standIn.url(WORKROOM_URL));
    figures.workroomLoadMs = Date.now() - started;
    const fixed = SAMPLE.contracts.fixed;
    expect(await page.locator('h1[data-test="job-title"]').textContent()).toBe(fixed.title);
    expect(await page.locator('[data-test="client-name"]').textContent()).toBe(fixed.client.name);
    for (const tab of ['Overview', 'Messages', 'Contract details', 'Feedback']) {
      expect(await page.getByRole('tab', { name: tab }).count()).toBe(1);
    }
    expect(await page.getByRole('button', { name: 'Submit work' }).count()).toBe(1);
    expect(await page.locator('.summary-item', { hasText: 'Project funds' }).locator('.summary-value').textContent()).toBe(fixed.escrow);
    expect(await page.locator('[data-test="budget"]').textContent()).toBe('$2,400.00');

    const rows = page.locator('[data-test="milestone"][data-qa="milestone-row"]');
    expect(await rows.count()).toBe(4);
    const texts = await rows.allInnerTexts();
    fixed.milestones.forEach((m, i) => {
      expect(texts[i]).toContain(`Milestone ${m.sequence}`);
      expect(texts[i]).toContain(m.title);
      expect(texts[i]).toContain(m.amount);
      expect(texts[i]).toContain(m.status);
      expect(texts[i]).toMatch(/Due [A-Z][a-z]{2} \d{1,2}, 2026/);
    });
    expect(texts[2]).toContain(SUBMITTED_MILESTONE.labelNewYork);
    expect(await rows.nth(2).locator('time').getAttribute('datetime')).toBe(SUBMITTED_MILESTONE.iso);

    const raw = await page.locator('script#__NUXT_DATA__').textContent();
    const payload = parsePayload(raw!) as { data: Record<string, unknown>; path: string };
    expect(payload.path).toBe(WORKROOM_URL);
    expect(payload.data[`workroom-contract-${IDS.fixedContractId}`]).toEqual(contractApiJson(IDS.fixedContractId));
    await page.screenshot({ path: `${RESULTS}/stand-in-workroom.png`, fullPage: true });
  });

  test('renders the hourly contract with its rate and weekly limit, and a messages tab with the room markup', async () => {
    const page = await browser.context.newPage();
    await page.goto(standIn.url(`/nx/wm/workroom/${IDS.hourlyContractId}`));
    const value = (label: string) => page.locator('.summary-item', { has: page.locator('.summary-label', { hasText: label }) }).locator('.summary-value').textContent();
    expect(await value('Hourly rate')).toBe('$45.00/hr');
    expect(await value('Weekly limit')).toBe('20 hrs/week');
    expect(await page.getByRole('tab', { name: 'Timesheet' }).count()).toBe(1);
    await page.screenshot({ path: `${RESULTS}/stand-in-workroom-hourly.png`, fullPage: true });

    await page.goto(standIn.url(`/nx/wm/workroom/${IDS.fixedContractId}/messages`));
    await expect.poll(() => countItems(page)).toBe(40);
    expect(await page.locator('[data-test="room-title"]').textContent()).toBe(SAMPLE.client.name);
    expect(await page.locator('.rooms-panel').count()).toBe(0);
    await page.screenshot({ path: `${RESULTS}/stand-in-workroom-messages.png` });
  });
});

describe('control state', () => {
  test('/__stand-in/state?variant=v2 changes what is served at the same URLs', async () => {
    const page = await browser.context.newPage();
    const control = await page.goto(standIn.url('/__stand-in/state?variant=v2'));
    expect(((await control!.json()) as { state: { variant: string } }).state.variant).toBe('v2');

    await page.goto(standIn.url(ROOM_URL));
    await expect.poll(() => countItems(page)).toBe(40);
    await scrollRoomToTop(page);
    const items = await renderedItems(page);
    const expected = visibleStories(IDS.fixedRoomId, 'v2');
    expect(items.map((i) => i.id)).toEqual(expected.map((s) => s.storyId));
    const edited = items.find((i) => i.id === V2_CHANGES.editedStory.storyId)!;
    expect(squash(edited.body!)).toBe(squash(V2_CHANGES.editedStory.textV2));
    const ids = items.map((i) => i.id);
    expect(ids).not.toContain(V2_CHANGES.removedStory.storyId);
    const prev = ids.indexOf(V2_CHANGES.removedStory.previousStoryId);
    expect(prev).toBeGreaterThan(0);
    expect(ids[prev + 1]).toBe(V2_CHANGES.removedStory.nextStoryId);
    for (const added of V2_CHANGES.addedStories.filter((a) => a.roomId === IDS.fixedRoomId)) expect(ids).toContain(added.storyId);

    await page.goto(standIn.url(WORKROOM_URL));
    const rows = page.locator('[data-test="milestone"]');
    expect(await rows.count()).toBe(5);
    expect(await rows.nth(3).locator('[data-test="milestone-amount"]').textContent()).toBe(V2_CHANGES.milestoneAmountChanged.to);
    expect(await rows.nth(2).locator('[data-test="milestone-description"]').textContent()).toBe(V2_CHANGES.milestoneDescriptionChanged.to);
    expect(await rows.nth(4).locator('[data-test="milestone-title"]').textContent()).toBe(V2_CHANGES.milestoneAdded.title);
    expect(await page.locator('[data-test="budget"]').textContent()).toBe(V2_CHANGES.budgetChanged.to);
    await page.goto(standIn.url(`/nx/wm/workroom/${IDS.hourlyContractId}/overview`));
    expect(await page.locator('[data-test="weekly-limit"]').textContent()).toBe('15 hrs/week');
  });

  test('json=off: no JSON requests and no __NUXT_DATA__, the same messages from the DOM alone', async () => {
    standIn.setState({ json: 'off' });
    const page = await browser.context.newPage();
    const apiRequests: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/api/')) apiRequests.push(r.url());
    });
    await page.goto(standIn.url(ROOM_URL));
    await expect.poll(() => countItems(page)).toBe(40);
    const result = await scrollRoomToTop(page);
    expect(result.count).toBe(visibleStories(IDS.fixedRoomId).length);
    await page.goto(standIn.url(WORKROOM_URL));
    expect(await page.locator('#__NUXT_DATA__').count()).toBe(0);
    expect(await page.locator('[data-test="milestone"]').count()).toBe(4);
    expect(apiRequests).toEqual([]);
  });

  test('attrs=off drops the workroom data-test/data-qa attributes and keeps the visible labels', async () => {
    standIn.setState({ attrs: 'off' });
    const page = await browser.context.newPage();
    await page.goto(standIn.url(WORKROOM_URL));
    expect(await page.locator('.workroom-page [data-test], .workroom-page [data-qa]').count()).toBe(0);
    expect(await page.locator('.milestone-item').count()).toBe(4);
    expect(await page.locator('.workroom-page').innerText()).toContain('Project funds');
    expect(await page.locator('#__NUXT_DATA__').count()).toBe(1);
  });

  test('challenge=on and session=out give the bot check and the login redirect', async () => {
    const page = await browser.context.newPage();
    standIn.setState({ challenge: 'on' });
    const challenged = await page.goto(standIn.url(ROOM_URL));
    expect(challenged?.status()).toBe(403);
    expect(await page.title()).toBe('Just a moment...');
    standIn.setState({ challenge: 'off', session: 'out' });
    await page.goto(standIn.url(ROOM_URL));
    expect(new URL(page.url()).pathname).toBe('/ab/account-security/login');
    expect(await page.title()).toBe('Log in to Upwork');
  });
});
