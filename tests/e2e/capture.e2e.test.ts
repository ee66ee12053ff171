// Capture in a real browser: the built extension in Debian's Chromium on the stand-in
// www.upwork.com. A freelancer opens a message room and a workroom; Casefile records them, the
// popup says so, older messages are recorded as the pane is scrolled, "Capture whole conversation"
// reaches the first message, and a later visit reveals the edit, the deletion and the milestone
// changes while a message that merely scrolled away stays undeleted.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startStandIn, type StandIn } from '../stand-in/server.mjs';
import { IDS, KEY_STORIES, SAMPLE, USER_NAMES, V2_CHANGES, visibleStories } from '../stand-in/sample-data.mjs';
import { E2E_EXTENSION_DIR, launchBrowser, type LaunchedBrowser } from './harness.mjs';

declare const chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };
import { runCasefile, type Casefile } from './casefile-driver.mjs';

const RESULTS = 'test-results';
const ROOM = `https://www.upwork.com/ab/messages/rooms/${IDS.fixedRoomId}`;
const HOURLY_ROOM = `https://www.upwork.com/ab/messages/rooms/${IDS.hourlyRoomId}`;
const WORKROOM = `https://www.upwork.com/nx/wm/workroom/${IDS.fixedContractId}/overview`;

let standIn: StandIn;
let browser: LaunchedBrowser;
let cf: Casefile;

interface StoredMessage {
  id: string;
  text: string;
  senderName: string | null;
  sentAt: string | null;
  edited: boolean;
  deleted: boolean;
  source: 'dom' | 'json' | 'both';
}

async function messages(roomId: string): Promise<StoredMessage[]> {
  return (await cf.send('room.messages', { roomId })) as StoredMessage[];
}

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

describe('capture in Chromium', () => {
  test('a message room is recorded on arrival and the popup says so', async () => {
    const page = await cf.visit(ROOM);
    const status = await cf.waitForCapture(page);
    expect(status.pageKind).toBe('message-room');
    expect(status.recording).toBe(true);
    expect(status.lastCapture?.extraction.status).toBe('ok');
    expect(status.room?.messages).toBeGreaterThanOrEqual(40);

    const stored = await messages(IDS.fixedRoomId);
    const last = stored.find((m) => m.id === KEY_STORIES.lastV1)!;
    expect(last).toBeTruthy();
    expect(last.sentAt).toMatch(/Z$/);
    expect(last.senderName).toBeTruthy();
    // The stories the page received were stored first, from the JSON itself (kept as the raw
    // capture), before the page capture merged in what the page shows.
    const captures = (await cf.send('capture.list', { limit: 20 })) as { url: string; extraction: { status: string; detail?: string } }[];
    const fromData = captures.filter((c) => c.url === ROOM && /read from the conversation data the page received/.test(c.extraction.detail ?? ''));
    expect(fromData.length).toBeGreaterThanOrEqual(1);
    expect(fromData.every((c) => c.extraction.status === 'ok')).toBe(true);
    expect(stored.filter((m) => m.source === 'both').length).toBeGreaterThanOrEqual(40);

    const shot = await cf.screenshotPopup(page, `${RESULTS}/popup-room.png`);
    const popup = await browser.openExtensionPage(`popup.html?tabId=${await browser.tabIdOf(page)}`);
    await expect.poll(() => popup.getByTestId('page-kind').textContent()).toContain('Upwork message room');
    await expect.poll(() => popup.getByTestId('room-summary').textContent()).toMatch(/messages recorded/);
    await popup.close();
    expect(shot).toBeTruthy();
    await page.close();
  });

  test('older messages are recorded as the conversation pane is scrolled, without a reload', async () => {
    const page = await cf.visit(ROOM);
    await cf.waitForCapture(page);
    const { count } = await cf.scrollToTop(page);
    expect(count).toBe(visibleStories(IDS.fixedRoomId, 'v1').length);
    const status = await cf.waitForMessages(page, count);
    expect(status.room?.messages).toBeGreaterThanOrEqual(count);
    const stored = await messages(IDS.fixedRoomId);
    const hostile = stored.find((m) => m.id === KEY_STORIES.hostileImg)!;
    expect(hostile.text).toContain('<img src=x onerror=alert(1)>');
    const bidi = stored.find((m) => m.id === KEY_STORIES.bidi)!;
    expect(bidi.text).toContain('\u202E');
    await page.close();
  });

  test('every message is stored once, with the right sender and UTC time', async () => {
    const stored = await messages(IDS.fixedRoomId);
    expect(new Set(stored.map((m) => m.id)).size).toBe(stored.length);
    const byId = new Map(stored.map((m) => [m.id, m]));
    for (const story of visibleStories(IDS.fixedRoomId, 'v1')) {
      const m = byId.get(story.storyId);
      expect(m, story.storyId).toBeTruthy();
      expect(m!.sentAt, story.storyId).toBe(new Date(story.created).toISOString());
      if (story.isSystemStory !== 1) expect(m!.senderName, story.storyId).toBe(USER_NAMES[story.userId]);
    }
  });

  test('a room served without its JSON is still captured from the page alone', async () => {
    standIn.setState({ json: 'off' });
    try {
      const fresh = await launchBrowser({ extensionDir: E2E_EXTENSION_DIR, standIn, timeZone: 'Asia/Kolkata' });
      try {
        const other = runCasefile(fresh);
        const page = await other.visit(HOURLY_ROOM);
        const status = await other.waitForCapture(page);
        expect(status.room?.messages).toBeGreaterThan(0);
        const stored = (await other.send('room.messages', { roomId: IDS.hourlyRoomId })) as StoredMessage[];
        expect(stored.every((m) => m.source === 'dom')).toBe(true);
        // Times read from the page's local (Kolkata) text are the same instants.
        // The page shows minutes only: the DOM alone gives the minute, exactly.
        const created = new Map(visibleStories(IDS.hourlyRoomId, 'v1').map((s) => [s.storyId, new Date(Math.floor(s.created / 60_000) * 60_000).toISOString()]));
        for (const m of stored) expect(m.sentAt, m.id).toBe(created.get(m.id));
      } finally {
        await fresh.close();
      }
    } finally {
      standIn.resetState();
    }
  });

  test('a room whose messages load slowly is recorded once they have loaded, not as a page Casefile could not read', async () => {
    standIn.setState({ latency: 2500 }); // the conversation's data comes 2.5 s after the page
    try {
      const fresh = await launchBrowser({ extensionDir: E2E_EXTENSION_DIR, standIn, timeZone: 'America/New_York' });
      try {
        const other = runCasefile(fresh);
        const page = await other.visit(ROOM);
        const status = await other.waitForMessages(page, 40, { timeoutMs: 30_000 });
        await expect.poll(async () => (await other.status(page)).lastCapture?.extraction.status, { timeout: 15_000 }).toBe('ok');
        expect(status.room?.messages).toBeGreaterThanOrEqual(40);
        const captures = (await other.send('capture.list', { limit: 50 })) as { url: string; extraction: { status: string; detail?: string } }[];
        const ofRoom = captures.filter((c) => c.url === ROOM);
        expect(ofRoom.length).toBeGreaterThanOrEqual(1);
        expect(ofRoom.filter((c) => c.extraction.status !== 'ok').map((c) => c.extraction.detail)).toEqual([]);
      } finally {
        await fresh.close();
      }
    } finally {
      standIn.resetState();
    }
  });

  test('moving to another room in the page (no reload) starts a capture of that room', async () => {
    const page = await cf.visit(`https://www.upwork.com/ab/messages/rooms/${IDS.interviewRoomId}`);
    await cf.waitForCapture(page);
    const navigations: string[] = [];
    page.on('framenavigated', (f) => navigations.push(f.url()));
    await page.locator(`.rooms-panel a[data-room-id="${IDS.fixedRoomId}"]`).click();
    await page.waitForURL(`**/${IDS.fixedRoomId}`);
    const status = await cf.waitForCapture(page, { after: new Date(Date.now() - 1000).toISOString() });
    expect(status.room?.id).toBe(IDS.fixedRoomId);
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1);
    await page.close();
  });

  test('"Capture this page" in the popup adds a screenshot and an MHTML snapshot', async () => {
    const page = await cf.visit(WORKROOM);
    await cf.waitForCapture(page);
    const popup = await browser.openExtensionPage(`popup.html?tabId=${await browser.tabIdOf(page)}`);
    // The popup opened as a tab is in front: bring the page back, as the real popup floats over it.
    await page.bringToFront();
    const result = (await popup.evaluate((tabId) => chrome.runtime.sendMessage({ casefile: 1, command: 'page.captureVisible', payload: { tabId } }), await browser.tabIdOf(page))) as {
      ok: boolean;
      value: { screenshot: boolean; mhtml: boolean };
    };
    expect(result).toMatchObject({ ok: true, value: { screenshot: true, mhtml: true } });
    await popup.close();
    await page.close();
  });

  test('with automatic capture off for rooms, a room is not recorded until asked', async () => {
    const settings = await browser.openExtensionPage('dashboard.html#/settings');
    await settings.getByLabel('Message rooms').uncheck();
    try {
      const page = await cf.visit(`https://www.upwork.com/ab/messages/rooms/${IDS.interviewRoomId}?sidebar=true`);
      await page.waitForTimeout(2500);
      const status = await cf.status(page);
      expect(status.autoCapture).toBe(false);
      expect(status.lastCapture).toBeNull();
      // Nor were the stories the page received stored on arrival (no capture at all of this address).
      const captures = (await cf.send('capture.list', { limit: 50 })) as { url: string }[];
      expect(captures.filter((c) => c.url === page.url())).toEqual([]);
      await page.close();
    } finally {
      await settings.getByLabel('Message rooms').check();
      await settings.close();
    }
  });

  test('"Capture whole conversation" reaches the first message, records coverage and screenshots', async () => {
    const page = await cf.visit(HOURLY_ROOM);
    await cf.waitForCapture(page);
    const result = await cf.captureWholeConversation(page);
    expect(result.state).toBe('done');
    expect(result.startReached).toBe(true);
    expect(result.screenshots).toBeGreaterThan(1);
    const status = await cf.status(page);
    expect(status.room?.coverage).toMatchObject({ startReached: true, count: visibleStories(IDS.hourlyRoomId, 'v1').length });
    await page.close();
  });

  test('the workroom is recorded as a contract snapshot', async () => {
    const page = await cf.visit(WORKROOM);
    const status = await cf.waitForCapture(page);
    expect(status.contract).toMatchObject({ id: IDS.fixedContractId, title: SAMPLE.contracts.fixed.title, changes: 0 });
    expect(status.contract!.snapshots).toBeGreaterThanOrEqual(1);
    await cf.screenshotPopup(page, `${RESULTS}/popup-workroom.png`);
    await page.close();
  });

  test('a later visit records the edit, the deletion and the milestone changes; scrolled-away messages stay', async () => {
    standIn.setState({ variant: 'v2' });
    try {
      const before = (await cf.summary()).lastCapture?.capturedAt;
      const snapshotsBefore = (await cf.send('contract.detail', { id: IDS.fixedContractId }) as { snapshots: unknown[] }).snapshots.length;
      const page = await cf.visit(ROOM);
      await cf.waitForCapture(page, { after: before });
      await cf.scrollToTop(page);
      await expect
        .poll(async () => (await messages(IDS.fixedRoomId)).find((m) => m.id === V2_CHANGES.removedStory.storyId)?.deleted, { timeout: 20_000 })
        .toBe(true);
      const stored = await messages(IDS.fixedRoomId);
      const edited = stored.find((m) => m.id === V2_CHANGES.editedStory.storyId)!;
      expect(edited.edited).toBe(true);
      expect(edited.text).toContain('not counting variants');
      const removed = stored.find((m) => m.id === V2_CHANGES.removedStory.storyId)!;
      expect(removed.text.length).toBeGreaterThan(0);
      // Everything else that was recorded is still there and not marked deleted.
      const wronglyDeleted = stored.filter((m) => m.deleted && m.id !== V2_CHANGES.removedStory.storyId && m.id !== KEY_STORIES.deletedInV1);
      expect(wronglyDeleted.map((m) => m.id)).toEqual([]);

      const workroom = await cf.visit(WORKROOM);
      const status = await cf.waitForCapture(workroom, { after: before });
      expect(status.contract?.snapshots).toBe(snapshotsBefore + 1);
      const changes = await cf.contractChanges(IDS.fixedContractId);
      expect(changes.find((c) => c.milestoneId === V2_CHANGES.milestoneAmountChanged.milestoneId && c.field === 'amount')).toMatchObject({
        before: { amount: '600.00', currency: 'USD' },
        after: { amount: '450.00', currency: 'USD' },
      });
      expect(changes.some((c) => c.kind === 'milestone-added' && c.milestoneId === V2_CHANGES.milestoneAdded.milestoneId)).toBe(true);
      expect(changes.some((c) => c.field === 'description' && c.milestoneId === V2_CHANGES.milestoneDescriptionChanged.milestoneId)).toBe(true);
      await page.close();
      await workroom.close();
    } finally {
      standIn.resetState();
    }
  });
});
