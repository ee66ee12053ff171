#!/usr/bin/env node
// `node scripts/make-fixtures.mjs`: renders the stand-in marketplace in real Chromium and saves the
// pages the extractors' fixture tests read (tests/fixtures/pages/<kind>/<case>.html).
//
// Message times are rendered by the page's own script in the browser's time zone (REFERENCE §2),
// so the pages are rendered in America/New_York, the zone tests/fixtures/pages.test.ts extracts
// with. The variants that the stand-in cannot serve (hostile text on its own, a garbled timestamp,
// markup Upwork might change to) are derived here from rendered pages by small DOM edits, so every
// fixture can be made again from scratch and each edit is written down.
//
// Written per case: `<case>.html`, the `capture` part of `<case>.expected.json` (the address, the
// browser's time zone, a fixed capture time; an `expected` part already there is kept), and for
// cases that stand for a page which also received the stories JSON, `<case>.stories.json`. The
// expected output itself is written by
//   UPDATE_FIXTURES=1 npx vitest run tests/fixtures
// and must then be read against tests/stand-in/sample-data.mjs before it is committed
// (tests/fixtures/expected-vs-sample-data.test.ts checks it, so a frozen extractor bug fails there).
/* global document, window, Event */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { ensureChromium } from './chromium.mjs';
import { startStandIn } from '../tests/stand-in/server.mjs';
import { IDS, KEY_STORIES, visibleStories } from '../tests/stand-in/sample-data.mjs';
import { scrollRoomToTop } from '../tests/e2e/harness.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'tests', 'fixtures', 'pages');
const TIME_ZONE = 'America/New_York';
/** The stand-in loads this many stories first, like the real stories API (REFERENCE §2). */
const FIRST_PAGE = 40;
/** The capture time written for new fixtures (it only matters for day separators without a year). */
const CAPTURED_AT = '2026-11-25T12:00:00.000Z';

const found = ensureChromium();
if (!found.ok) {
  console.error(found.message);
  process.exit(1);
}

const standIn = await startStandIn();
const browser = await chromium.launch({
  executablePath: found.path,
  headless: true,
  // The stand-in's flags send www.upwork.com to it and trust its certificate (TOOLCHAIN.md).
  args: [...standIn.chromiumArgs, '--no-sandbox', '--disable-gpu', '--disable-quic'],
});
const context = await browser.newContext({ timezoneId: TIME_ZONE, locale: 'en-US', viewport: { width: 1280, height: 800 } });

const written = [];

/**
 * Saves the page's DOM as it is now as a fixture of `kind`, with the visit it stands for; `stories`
 * is the stories JSON the page received for the messages it shows, kept beside it.
 */
async function save(page, kind, name, { stories } = {}) {
  const html = await page.evaluate(() => `<!DOCTYPE html>\n${document.documentElement.outerHTML}\n`);
  const dir = join(OUT, kind);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.html`);
  writeFileSync(file, html);
  written.push({ file: relative(ROOT, file), bytes: Buffer.byteLength(html) });
  const sidecar = stories ? `${name}.stories.json` : undefined;
  if (sidecar) writeFileSync(join(dir, sidecar), `${JSON.stringify({ stories }, null, 2)}\n`);
  const expectedFile = join(dir, `${name}.expected.json`);
  const existing = existsSync(expectedFile) ? JSON.parse(readFileSync(expectedFile, 'utf8')) : {};
  const capture = { url: page.url(), timeZone: TIME_ZONE, capturedAt: existing.capture?.capturedAt ?? CAPTURED_AT, ...(sidecar ? { storiesJson: sidecar } : {}) };
  writeFileSync(expectedFile, `${JSON.stringify({ ...existing, capture }, null, 2)}\n`);
}

/**
 * Keeps only the rendered runs that hold `targets`: each run starts at the first message of its
 * sender's run (`.story-inner.top`), so the sender shown is still the one the page rendered for it.
 * Returns the ids kept, top to bottom.
 */
function keepRuns(page, targets) {
  return page.evaluate((ids) => {
    const items = [...document.querySelectorAll('#story-viewport .up-d-story-item')];
    const keep = new Set();
    for (const id of ids) {
      let i = items.findIndex((el) => el.id === id);
      if (i < 0) throw new Error(`${id} is not rendered`);
      keep.add(items[i]);
      while (i > 0 && !items[i].querySelector('.story-inner.top')) keep.add(items[--i]);
    }
    for (const el of items) if (!keep.has(el)) el.remove();
    return items.filter((el) => keep.has(el)).map((el) => el.id);
  }, targets);
}

/** Collects the stories JSON responses a page receives (the stories API, REFERENCE §2). */
function recordStories(page) {
  const received = [];
  page.on('response', async (response) => {
    if (!response.url().includes('/stories/simplified')) return;
    try {
      received.push(...(await response.json()).stories);
    } catch {
      // A response cut short by the page closing: nothing to keep.
    }
  });
  /** The stories received for `ids`, oldest first. */
  return (ids) => received.filter((s) => ids.includes(s.storyId)).sort((a, b) => a.created - b.created);
}

/** Opens a stand-in page in a given control state, fresh (no state left from the last one). */
async function open(path, state = {}) {
  standIn.resetState();
  standIn.setState({ latency: 0, ...state });
  const page = await context.newPage();
  await page.goto(standIn.url(path), { waitUntil: 'load' });
  return page;
}

/** Waits until the conversation pane shows `count` messages and the loader is hidden. */
async function waitForItems(page, count) {
  await page.waitForFunction(
    (n) => document.querySelectorAll('#story-viewport .up-d-story-item').length >= n && document.querySelector('.story-list-loader')?.hidden !== false,
    count,
    { timeout: 30_000 },
  );
  // A last frame for anything room.js does after inserting (re-rendering the former first item).
  await page.waitForTimeout(200);
}

/** The workroom script rewrites submission times into local time; wait until it has. */
async function waitForWorkroom(page) {
  await page.waitForFunction(() => [...document.querySelectorAll('time.local-datetime')].every((t) => !/UTC$/.test(t.textContent ?? '')), undefined, { timeout: 10_000 });
}

try {
  const roomPath = `/ab/messages/rooms/${IDS.fixedRoomId}`;

  // --- Message rooms ----------------------------------------------------------------------------

  // As the room opens: the newest 40 stories.
  let page = await open(roomPath);
  await waitForItems(page, FIRST_PAGE);
  await save(page, 'message-room', 'normal');

  // A garbled time on one message (title no longer a date): kept as displayed, never guessed.
  await page.evaluate((id) => {
    const stamp = document.getElementById(id)?.querySelector('span.story-timestamp');
    if (!stamp) throw new Error(`no timestamp on ${id}`);
    stamp.setAttribute('title', 'sometime on the 31st of Smarch');
    stamp.textContent = '??:?? ??';
  }, KEY_STORIES.lastV1);
  await save(page, 'message-room', 'unparseable-timestamp');
  await page.close();

  // Upwork renamed the conversation pane (no #story-viewport, no .scroll-wrapper).
  page = await open(roomPath);
  await waitForItems(page, FIRST_PAGE);
  await page.evaluate(() => {
    const pane = document.getElementById('story-viewport');
    pane.removeAttribute('id');
    pane.className = 'conversation-scroller';
  });
  await save(page, 'message-room', 'pane-renamed');
  await page.close();

  // Upwork renamed the message items (the pane is there, `.up-d-story-item` is not).
  page = await open(roomPath);
  await waitForItems(page, FIRST_PAGE);
  await page.evaluate(() => {
    for (const item of document.querySelectorAll('.up-d-story-item')) item.className = 'msg-row';
  });
  await save(page, 'message-room', 'items-renamed');
  await page.close();

  // Scrolled to the very first message: every visible story of the room.
  page = await open(roomPath);
  const storiesFor = recordStories(page);
  await waitForItems(page, FIRST_PAGE);
  const all = visibleStories(IDS.fixedRoomId, 'v1').length;
  const scrolled = await scrollRoomToTop(page, { quietMs: 1000 });
  if (scrolled.count !== all) throw new Error(`scrolled to ${scrolled.count} items, expected ${all}`);
  await save(page, 'message-room', 'fully-scrolled');
  await page.evaluate(() => {
    window.__fullList = document.querySelector('#story-viewport .story-list').cloneNode(true);
  });
  const restore = () =>
    page.evaluate(() => {
      document.querySelector('#story-viewport .story-list').replaceWith(window.__fullList.cloneNode(true));
    });

  // Hostile text only: the <img onerror>, <script>, U+202E and ~20,000-character messages.
  await keepRuns(page, [KEY_STORIES.hostileImg, KEY_STORIES.hostileScript, KEY_STORIES.bidi, KEY_STORIES.longMessage]);
  await save(page, 'message-room', 'hostile-text');
  await restore();

  // The repeated hour when daylight saving time ends: two messages both shown as "1:30 AM" on
  // 1 November in New York, an hour apart. The page alone cannot tell them apart; the stories
  // JSON it received (kept beside it) has the exact times.
  const dstIds = await keepRuns(page, [KEY_STORIES.dstFirst, KEY_STORIES.dstSecond]);
  await save(page, 'message-room', 'dst-repeated-hour', { stories: storiesFor(dstIds) });
  await page.close();

  // A virtualized list (control state virtualize=on) scrolled to the middle of the conversation:
  // only a window of messages is mounted, the rest are unmounted above and below, not deleted.
  page = await open(roomPath, { virtualize: 'on' });
  await waitForItems(page, 1);
  const firstStory = visibleStories(IDS.fixedRoomId, 'v1')[0].storyId;
  await page.waitForFunction(
    (id) => {
      const pane = document.getElementById('story-viewport');
      pane.scrollTop = 0;
      pane.dispatchEvent(new Event('scroll'));
      return document.querySelector('#story-viewport .up-d-story-item')?.id === id && document.querySelector('.story-list-loader').hidden;
    },
    firstStory,
    { polling: 200, timeout: 60_000 },
  );
  await page.evaluate(() => {
    const pane = document.getElementById('story-viewport');
    pane.scrollTop = Math.floor(pane.scrollHeight / 2);
  });
  await page.waitForTimeout(500);
  await save(page, 'message-room', 'virtualized-window');
  await page.close();

  // --- Workrooms --------------------------------------------------------------------------------

  const fixed = (tab) => `/nx/wm/workroom/${IDS.fixedContractId}/${tab}`;
  const hourly = (tab) => `/nx/wm/workroom/${IDS.hourlyContractId}/${tab}`;
  const workrooms = [
    ['fixed-nuxt-devalue', fixed('overview'), {}],
    ['fixed-nuxt-plain', fixed('overview'), { nuxt: 'plain' }],
    ['fixed-attributes-only', fixed('overview'), { json: 'off' }],
    ['fixed-labels-only', fixed('overview'), { json: 'off', attrs: 'off' }],
    // The Contract details tab still says "Escrow" (REFERENCE §3: Upwork is renaming it).
    ['fixed-details-escrow', fixed('details'), { json: 'off', attrs: 'off' }],
    ['hourly-nuxt-devalue', hourly('overview'), {}],
    ['hourly-labels-only', hourly('overview'), { json: 'off', attrs: 'off' }],
    // A later visit (V2_CHANGES): milestones rewritten, one added, the weekly limit lowered.
    ['fixed-nuxt-devalue-v2', fixed('overview'), { variant: 'v2' }],
    ['fixed-labels-only-v2', fixed('overview'), { variant: 'v2', json: 'off', attrs: 'off' }],
    ['hourly-labels-only-v2', hourly('overview'), { variant: 'v2', json: 'off', attrs: 'off' }],
  ];
  for (const [name, path, state] of workrooms) {
    page = await open(path, state);
    await waitForWorkroom(page);
    await save(page, 'workroom', name);
    if (name === 'fixed-labels-only') {
      // The overview as older builds word it: "Escrow" where newer ones say "Project funds".
      await page.evaluate(() => {
        const label = [...document.querySelectorAll('.summary-label')].find((el) => el.textContent === 'Project funds');
        if (!label) throw new Error('no "Project funds" label');
        label.textContent = 'Escrow';
      });
      await save(page, 'workroom', 'fixed-labels-escrow');
    }
    await page.close();
  }

  // The workroom's Messages tab: the contract's room with the room markup (REFERENCE §2).
  page = await open(fixed('messages'));
  await waitForItems(page, FIRST_PAGE);
  await save(page, 'workroom', 'fixed-messages-tab');
  await page.close();
} finally {
  await context.close();
  await browser.close();
  await standIn.close();
}

for (const { file, bytes } of written) console.log(`${file.padEnd(64)} ${(bytes / 1024).toFixed(1).padStart(8)} KiB`);
console.log(`\n${written.length} pages written. Now: UPDATE_FIXTURES=1 npx vitest run tests/fixtures, then read each .expected.json against the sample data (expected-vs-sample-data.test.ts helps).`);
