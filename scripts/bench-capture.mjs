#!/usr/bin/env node
// `npm run bench:capture`: what recording costs, in real Chromium with the built extension on the
// stand-in www.upwork.com (tests/stand-in), America/New_York. Measures and prints, asserting nothing
// (machines here are noisy; compare runs on one machine, not against fixed targets):
//   - page load → first capture stored (the content script waits for 600 ms of DOM quiet first);
//   - "Capture whole conversation" on the fixed-price room (304 messages), by phase;
//   - messages stored per second while the pane is scrolled up and older messages load;
//   - the page's main-thread cost of the content scripts: the same scroll-to-the-top loop with the
//     extension and in a browser without it (CDP TaskDuration/ScriptDuration and long tasks);
//   - the page's JS heap (CDP JSHeapUsedSize after a GC) with and without the extension.
// CASEFILE_SKIP_BUILD=1 reuses .output-e2e; BENCH_RUNS=n sets the repetitions (default 3).
/* global document, performance, PerformanceObserver, window */
import { cpus } from 'node:os';
import { median } from './bench-stats.mjs';
import { prepareE2eRun } from './chromium.mjs';

const chromiumPath = prepareE2eRun();

const { chromium } = await import('playwright-core');
const { launchBrowser, e2eExtensionDir, scrollRoomToTop } = await import('../tests/e2e/harness.mjs');
const { runCasefile } = await import('../tests/e2e/casefile-driver.mjs');
const { startStandIn } = await import('../tests/stand-in/server.mjs');
const { IDS, visibleStories } = await import('../tests/stand-in/sample-data.mjs');

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const TIME_ZONE = 'America/New_York';
const ROOM_PATH = `/ab/messages/rooms/${IDS.fixedRoomId}`;
const ROOM_SIZE = visibleStories(IDS.fixedRoomId, 'v1').length;
const FIRST_PAGE = 40;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `fn` every `everyMs` until it returns something other than undefined. */
async function until(what, fn, { timeoutMs = 120_000, everyMs = 25 } = {}) {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const v = await fn();
    if (v !== undefined) return v;
    await sleep(everyMs);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const standIn = await startStandIn();
const extensionDir = e2eExtensionDir();
const launch = () => launchBrowser({ extensionDir, standIn, timeZone: TIME_ZONE });
const roomUrl = standIn.url(ROOM_PATH);

/** Pages of both runs get the same long-task observer, installed before any page script runs. */
const LONG_TASKS = () => {
  window.__benchLongTasks = { count: 0, ms: 0 };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      window.__benchLongTasks.count += 1;
      window.__benchLongTasks.ms += e.duration;
    }
  }).observe({ type: 'longtask', buffered: true });
};

/** CDP metrics of one page after a full GC: the main thread's work so far and its JS heap. */
async function metrics(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  const m = Object.fromEntries(list.map((x) => [x.name, x.value]));
  return { taskMs: m.TaskDuration * 1000, scriptMs: m.ScriptDuration * 1000, heapMiB: m.JSHeapUsedSize / 1024 / 1024 };
}

/**
 * The page's cost of one "scroll to the first message" in a context (with or without Casefile):
 * open the room, let it settle, then scroll the pane up until every message is loaded, and give
 * the extension's batches (at most 3 s apart) time to finish before measuring again.
 */
async function pageCost(context) {
  await context.addInitScript(LONG_TASKS);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(roomUrl, { waitUntil: 'load' });
  await page.waitForFunction((n) => document.querySelectorAll('#story-viewport .up-d-story-item').length >= n, FIRST_PAGE);
  // Past the content script's settle time and its first capture.
  await sleep(2500);
  const before = await metrics(cdp);
  const tasksBefore = await page.evaluate(() => ({ ...window.__benchLongTasks }));
  const t0 = Date.now();
  const scrolled = await scrollRoomToTop(page, { quietMs: 1500 });
  const loadMs = Date.now() - t0 - 1500;
  await sleep(4000);
  const after = await metrics(cdp);
  const tasksAfter = await page.evaluate(() => ({ ...window.__benchLongTasks }));
  await page.close();
  if (scrolled.count !== ROOM_SIZE) throw new Error(`scrolled to ${scrolled.count} messages, expected ${ROOM_SIZE}`);
  return {
    loadMs,
    taskMs: after.taskMs - before.taskMs,
    scriptMs: after.scriptMs - before.scriptMs,
    longTasks: tasksAfter.count - tasksBefore.count,
    longTaskMs: tasksAfter.ms - tasksBefore.ms,
    heapStartMiB: before.heapMiB,
    heapEndMiB: after.heapMiB,
  };
}

const figures = { firstCapture: [], capturedAfterLoad: [], storeRate: [], storeMs: [], whole: [], wholeLoading: [], wholeShots: [], shots: [], cost: [], baseline: [] };
let chromiumVersion = 'unknown';

try {
  for (let run = 0; run < RUNS; run++) {
    // A fresh profile each run, so the room is new to the store every time.
    const browser = await launch();
    try {
      const cf = runCasefile(browser);
      await cf.summary(); // opens the extension page the commands go through, before timing

      // 1. Page load → first capture stored.
      const page = await browser.context.newPage();
      await page.goto(roomUrl, { waitUntil: 'load' });
      const loadedAt = await page.evaluate(() => performance.timeOrigin + performance.getEntriesByType('navigation')[0].loadEventEnd);
      const capture = await until('the first capture', async () => {
        const [latest] = await cf.send('capture.list', { limit: 1 });
        return latest && latest.url === roomUrl ? { storedAt: Date.now(), capturedAt: Date.parse(latest.capturedAt) } : undefined;
      });
      figures.firstCapture.push(capture.storedAt - loadedAt);
      figures.capturedAfterLoad.push(capture.capturedAt - loadedAt);

      // 2. Messages stored per second while the pane is scrolled up (older messages load as it goes).
      await page.bringToFront();
      const tabId = await browser.tabIdOf(page);
      const stored = async () => (await cf.send('tab.status', { tabId })).room?.messages ?? 0;
      const start = await until('the first 40 messages stored', async () => ((await stored()) >= FIRST_PAGE ? stored() : undefined));
      const t0 = Date.now();
      const scrolling = scrollRoomToTop(page, { quietMs: 1500 });
      await until('every message stored', async () => ((await stored()) >= ROOM_SIZE ? true : undefined), { everyMs: 100 });
      const ms = Date.now() - t0;
      await scrolling;
      figures.storeMs.push(ms);
      figures.storeRate.push(((ROOM_SIZE - start) / ms) * 1000);
      await page.close();
    } finally {
      await browser.close();
    }

    // 3. "Capture whole conversation" from the newest 40 messages, in a fresh profile.
    const wholeBrowser = await launch();
    try {
      const cf = runCasefile(wholeBrowser);
      const page = await cf.visit(roomUrl);
      await cf.waitForCapture(page);
      let shotsFrom = null;
      const t0 = Date.now();
      const result = await cf.captureWholeConversation(page, (p) => {
        if (p.state === 'screenshots' && shotsFrom === null) shotsFrom = Date.now();
      });
      const end = Date.now();
      if (result.state !== 'done' || result.messages !== ROOM_SIZE) throw new Error(`whole conversation ended ${result.state} with ${result.messages} messages`);
      figures.whole.push(end - t0);
      figures.wholeLoading.push((shotsFrom ?? end) - t0);
      figures.wholeShots.push(shotsFrom ? end - shotsFrom : 0);
      figures.shots.push(result.screenshots);
      await page.close();
    } finally {
      await wholeBrowser.close();
    }

    // 4. The page's own cost, with the extension and without (same flags, viewport and zone).
    const costBrowser = await launch();
    try {
      figures.cost.push(await pageCost(costBrowser.context));
    } finally {
      await costBrowser.close();
    }
    const plain = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: [...standIn.chromiumArgs, '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--no-default-browser-check'],
    });
    chromiumVersion = plain.version();
    try {
      const context = await plain.newContext({ timezoneId: TIME_ZONE, locale: 'en-US', viewport: { width: 1280, height: 800 } });
      figures.baseline.push(await pageCost(context));
    } finally {
      await plain.close();
    }
    console.error(`run ${run + 1} of ${RUNS} done`);
  }
} finally {
  await standIn.close();
}

// --- Report ----------------------------------------------------------------------------------

const fmt = (x, digits = 0) => x.toFixed(digits);
const runs = (xs, digits = 0) => xs.map((x) => fmt(x, digits)).join(', ');
const pick = (list, key) => list.map((x) => x[key]);
const rows = [];
const row = (metric, withExt, without, unit, note = '') => rows.push([metric, withExt, without, unit, note]);

row('Page load → first capture stored', fmt(median(figures.firstCapture)), '—', 'ms', `runs ${runs(figures.firstCapture)}`);
row('  of which: load → capture taken (settle wait)', fmt(median(figures.capturedAfterLoad)), '—', 'ms', `runs ${runs(figures.capturedAfterLoad)}`);
row(`Scroll-up: ${ROOM_SIZE - FIRST_PAGE} older messages stored`, fmt(median(figures.storeMs)), '—', 'ms', `runs ${runs(figures.storeMs)}`);
row('  messages stored per second while scrolling', fmt(median(figures.storeRate), 1), '—', 'msg/s', `runs ${runs(figures.storeRate, 1)}`);
row(`Capture whole conversation (${ROOM_SIZE} messages)`, fmt(median(figures.whole)), '—', 'ms', `runs ${runs(figures.whole)}`);
row('  loading older messages', fmt(median(figures.wholeLoading)), '—', 'ms', `runs ${runs(figures.wholeLoading)}`);
row('  viewport screenshots (≤ 2 per second)', fmt(median(figures.wholeShots)), '—', 'ms', `${median(figures.shots)} screenshots`);
const both = (metric, key, unit, digits = 0) =>
  row(metric, fmt(median(pick(figures.cost, key)), digits), fmt(median(pick(figures.baseline, key)), digits), unit, `runs ${runs(pick(figures.cost, key), digits)} / ${runs(pick(figures.baseline, key), digits)}`);
both('Scroll to first message: page loads all (wall)', 'loadMs', 'ms');
both('  main-thread task time (CDP TaskDuration)', 'taskMs', 'ms');
both('  of which script (CDP ScriptDuration)', 'scriptMs', 'ms');
both('  long tasks (> 50 ms)', 'longTasks', 'count');
both('  long-task time', 'longTaskMs', 'ms');
both('JS heap, 40 messages shown (after GC)', 'heapStartMiB', 'MiB', 1);
both(`JS heap, ${ROOM_SIZE} messages shown (after GC)`, 'heapEndMiB', 'MiB', 1);

const headers = ['Measure', 'Casefile', 'No extension', 'Unit', 'Notes'];
const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
const line = (cells) => `| ${cells.map((c, i) => (i === 1 || i === 2 ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join(' | ')} |`;
console.log(`\nCommand: npm run bench:capture   (node scripts/bench-capture.mjs; BENCH_RUNS=${RUNS}, CASEFILE_SKIP_BUILD=${process.env.CASEFILE_SKIP_BUILD ?? '0'})`);
console.log(`Chromium ${chromiumVersion} headless, Node ${process.version}, ${cpus().length} CPU(s), stand-in latency 40 ms per API response, zone ${TIME_ZONE}`);
console.log(`Medians of ${RUNS} run(s); each run uses fresh browser profiles.\n`);
console.log(line(headers));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const r of rows) console.log(line(r));
