#!/usr/bin/env node
// `npm run bench:capture:large`: a 5,000-message room in Chromium with the built extension. The
// stand-in room's stories request is answered with 5,000 generated stories (Playwright route), so
// the page renders all of them at once; then it prints, asserting nothing:
//   - time from navigation start to every rendered message stored (polls the store);
//   - messages stored per second once the page finished rendering;
//   - the longest main-thread task after the page finished rendering (the page is idle then, so it
//     is the content scripts' extraction and messaging), and their total, with a baseline run of
//     the same page in a browser without the extension.
// BENCH_RUNS=n repeats the run with the extension (default 3) and prints medians: these machines are noisy.
/* global document, performance, PerformanceObserver, window */
import { prepareE2eRun } from './chromium.mjs';

const chromiumPath = prepareE2eRun();
const { chromium } = await import('playwright-core');
const { launchBrowser, e2eExtensionDir } = await import('../tests/e2e/harness.mjs');
const { runCasefile } = await import('../tests/e2e/casefile-driver.mjs');
const { startStandIn } = await import('../tests/stand-in/server.mjs');
const { IDS, PEOPLE } = await import('../tests/stand-in/sample-data.mjs');

const SIZE = Number(process.env.BENCH_ROOM_SIZE ?? 5000);
const ROOM = IDS.fixedRoomId;
const URL_ = `https://www.upwork.com/ab/messages/rooms/${ROOM}`;
const people = Object.values(PEOPLE).slice(0, 2).map((p) => p.userId);
const start = Date.UTC(2026, 2, 2, 14);
const stories = Array.from({ length: SIZE }, (_, i) => ({
  storyId: `story_${i.toString(16).padStart(32, '0')}`,
  userId: people[Math.floor(i / 3) % 2],
  message: `Message ${i}: notes on the storefront, the product import and the next review round.${i % 9 === 0 ? '\n\nSecond paragraph with **bold** and `code`.' : ''}`,
  created: start + i * 17 * 60_000,
  isSystemStory: 0,
  deleted: 0,
}));
const body = JSON.stringify({ roomId: ROOM, stories, total: SIZE, hasMore: false, oldestCreated: stories[0].created });
const empty = JSON.stringify({ roomId: ROOM, stories: [], total: SIZE, hasMore: false, oldestCreated: null });

/** Answers the room's stories request with the whole generated conversation (older pages: none). */
async function bigRoom(context) {
  await context.route(`**/api/v3/rooms/rooms/${ROOM}/stories/simplified**`, (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: new URL(route.request().url()).searchParams.has('before') ? empty : body }),
  );
  await context.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => ({ start: e.startTime, duration: e.duration })))).observe({ type: 'longtask', buffered: true });
  });
}

async function rendered(page) {
  await page.waitForFunction((n) => document.querySelectorAll('#story-viewport .up-d-story-item').length >= n, SIZE, { timeout: 120_000, polling: 50 });
  return page.evaluate(() => performance.now());
}

const tasksAfter = (page, t) => page.evaluate((since) => window.__longTasks.filter((x) => x.start >= since).map((x) => x.duration), t);

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const max = (xs) => (xs.length ? Math.max(...xs) : 0);
const sum = (xs) => xs.reduce((a, b) => a + b, 0);

/** One run with the extension: navigation → render → every message in the store; long tasks after the render. */
async function runWithExtension(standIn) {
  const browser = await launchBrowser({ extensionDir: e2eExtensionDir(), standIn });
  try {
    await bigRoom(browser.context);
    const cf = runCasefile(browser);
    const page = await browser.context.newPage();
    await page.goto(URL_);
    const renderedAt = await rendered(page);
    await cf.waitForMessages(page, SIZE, { timeoutMs: 300_000 });
    const storedAt = await page.evaluate(() => performance.now());
    await page.waitForTimeout(1500);
    const tasks = await tasksAfter(page, renderedAt);
    return { renderedAt, storedAt, afterRender: storedAt - renderedAt, tasks };
  } finally {
    await browser.close();
  }
}

const standIn = await startStandIn();
try {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const run = await runWithExtension(standIn);
    runs.push(run);
    console.log(`  run ${i + 1}: stored ${run.afterRender.toFixed(0)} ms after the render; longest task ${max(run.tasks).toFixed(0)} ms (${run.tasks.length} long tasks)`);
  }
  // Baseline: the same page, no extension.
  const plain = await chromium.launch({ executablePath: chromiumPath, headless: true, args: [...standIn.chromiumArgs, '--no-sandbox', '--disable-gpu'] });
  let base;
  try {
    const context = await plain.newContext({ timezoneId: 'America/New_York', locale: 'en-US', viewport: { width: 1280, height: 800 } });
    await bigRoom(context);
    const page = await context.newPage();
    await page.goto(URL_);
    const renderedAt = await rendered(page);
    await page.waitForTimeout(3000);
    base = { renderedAt, tasks: await tasksAfter(page, renderedAt) };
  } finally {
    await plain.close();
  }
  const afterRender = median(runs.map((r) => r.afterRender));
  const longest = runs.map((r) => max(r.tasks));
  console.log(`\nA ${SIZE.toLocaleString('en-US')}-message room rendered at once (Chromium headless, America/New_York; median of ${RUNS} runs):`);
  console.log(`  page rendered all messages            ${median(runs.map((r) => r.renderedAt)).toFixed(0)} ms after navigation (no extension: ${base.renderedAt.toFixed(0)} ms)`);
  console.log(`  every rendered message stored          ${afterRender.toFixed(0)} ms after the page finished rendering them (target ≤ 1,500 ms); ${median(runs.map((r) => r.storedAt)).toFixed(0)} ms after navigation`);
  console.log(`  messages stored per second             ${((SIZE / Math.max(1, afterRender)) * 1000).toFixed(0)}`);
  console.log(`  longest task after the render          ${median(longest).toFixed(0)} ms median, ${max(longest).toFixed(0)} ms worst run, with Casefile; ${max(base.tasks).toFixed(0)} ms without (target ≤ 50 ms)`);
  console.log(`  long tasks after the render            ${runs.map((r) => `${r.tasks.length} (${sum(r.tasks).toFixed(0)} ms)`).join(', ')} with Casefile; ${base.tasks.length} (${sum(base.tasks).toFixed(0)} ms) without`);
  console.log(`\nCommand: npm run bench:capture:large   (BENCH_ROOM_SIZE=${SIZE}, BENCH_RUNS=${RUNS})`);
} finally {
  await standIn.close();
}
