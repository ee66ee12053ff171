#!/usr/bin/env node
// `npm run bench:capture:large`: a 5,000-message room in Chromium with the built extension. The
// stand-in room's stories request is answered with 5,000 generated stories (Playwright route), so
// the page renders all of them at once; then it prints, asserting nothing:
//   - when every message is in the store, relative to the page finishing its render (noted by the
//     page itself): with the page's JSON observed, Casefile stores the messages from it while the
//     page is still rendering, so this can come before; then when the rendered form is merged in
//     (the first capture taken after the render); and the same runs with the JSON hidden from
//     Casefile, which then has the rendered page alone;
//   - messages stored per second from the page alone;
//   - the longest main-thread task after the frame that paints the messages (the page is idle
//     then, so it is the content scripts' work), their total, and how late the page's own 50 ms
//     timer ran; with a baseline run of the same page in a browser without the extension.
// BENCH_RUNS=n repeats the run with the extension (default 3) and prints medians: these machines are noisy.
// BENCH_FRAMES=1 prints, for each run, the long animation frames after the render with the scripts
// Chromium attributes them to (those of Casefile's content scripts have chrome-extension:// URLs).
// CASEFILE_PROFILE=<file> writes a trace of the first run with CPU samples of every thread (read it
// with scripts/trace-summary.mjs); tracing slows that run down.
/* global document, performance, PerformanceObserver, window, setInterval, MutationObserver, requestAnimationFrame */
import { writeFileSync } from 'node:fs';
import { median } from './bench-stats.mjs';
import { prepareE2eRun } from './chromium.mjs';

const chromiumPath = prepareE2eRun();
const { chromium } = await import('playwright-core');
const { launchBrowser, e2eExtensionDir } = await import('../tests/e2e/harness.mjs');
const { runCasefile } = await import('../tests/e2e/casefile-driver.mjs');
const { startStandIn } = await import('../tests/stand-in/server.mjs');
const { IDS, PEOPLE } = await import('../tests/stand-in/sample-data.mjs');
/** The event that carries the page's JSON to Casefile's content script (utils/observe/page-json.ts). */
const PAGE_JSON_EVENT = 'casefile:page-json/1';

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

/**
 * Answers the room's stories request with the whole generated conversation (older pages: none).
 * With `domOnly`, the page still loads and renders it, but the copy Casefile's page-world observer
 * posts to its content script is stopped on the way (a capturing listener registered before
 * Casefile's): Casefile has the rendered page alone, as when the page's JSON is not observed.
 */
async function bigRoom(context, { domOnly = false } = {}) {
  if (domOnly) {
    await context.addInitScript((name) => window.addEventListener(name, (e) => e.stopImmediatePropagation(), true), PAGE_JSON_EVENT);
  }
  await context.route(`**/api/v3/rooms/rooms/${ROOM}/stories/simplified**`, (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: new URL(route.request().url()).searchParams.has('before') ? empty : body }),
  );
  await context.addInitScript((size) => {
    window.__longTasks = [];
    new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => ({ start: e.startTime, duration: e.duration })))).observe({ type: 'longtask', buffered: true });
    // When the page finished rendering every message: noted by the page itself, at the end of the
    // task that inserted (and laid out) them. Polling from outside would be late whenever the page
    // is busy (with Casefile's work, for one), and would flatter the figure after it.
    // Long animation frames with the scripts that ran in them (Chromium's attribution): which
    // long tasks were Casefile's content scripts' (chrome-extension:// sources) and which the page's.
    window.__frames = [];
    try {
      new PerformanceObserver((list) => {
        for (const f of list.getEntries()) {
          window.__frames.push({ start: f.startTime, duration: f.duration, blocking: f.blockingDuration, scripts: f.scripts.map((x) => ({ url: x.sourceURL, fn: x.sourceFunctionName, invoker: x.invoker, duration: x.duration, start: x.startTime })) });
        }
      }).observe({ type: 'long-animation-frame', buffered: true });
    } catch {
      // Older Chromium: no attribution.
    }
    // How late the page's own timers ran after the render (a 50 ms interval's worst lateness).
    window.__timerLag = 0;
    let last = 0;
    setInterval(() => {
      const now = performance.now();
      if (window.__framedAt && last > window.__framedAt) window.__timerLag = Math.max(window.__timerLag, now - last - 50);
      last = now;
    }, 50);
    window.__renderedAt = null;
    const observer = new MutationObserver(() => {
      if (document.querySelectorAll('#story-viewport .up-d-story-item').length < size) return;
      window.__renderedAt = performance.now();
      observer.disconnect();
      // The frame that paints them is the page's own long task; Casefile's come after it.
      requestAnimationFrame(() => (window.__framedAt = performance.now()));
    });
    observer.observe(document, { childList: true, subtree: true });
  }, SIZE);
}

async function rendered(page) {
  await page.waitForFunction(() => window.__renderedAt !== null, null, { timeout: 120_000, polling: 50 });
  return page.evaluate(() => window.__renderedAt);
}

/** Long tasks that began after the frame painting every message (that frame's task is the page's own). */
const tasksAfterRender = (page) => page.evaluate(() => window.__longTasks.filter((x) => x.start > window.__framedAt).map((x) => x.duration));

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const max = (xs) => (xs.length ? Math.max(...xs) : 0);
const sum = (xs) => xs.reduce((a, b) => a + b, 0);

/** One run with the extension: navigation → render → every message in the store; long tasks after the render. */
async function runWithExtension(standIn, { profilePath, domOnly = false } = {}) {
  const browser = await launchBrowser({ extensionDir: e2eExtensionDir(), standIn });
  try {
    await bigRoom(browser.context, { domOnly });
    const cf = runCasefile(browser);
    await cf.summary(); // opens the extension page the commands go through, before timing
    const page = await browser.context.newPage();
    const cdp = profilePath ? await browser.context.newCDPSession(page) : null;
    const traceEvents = [];
    if (cdp) {
      cdp.on('Tracing.dataCollected', (e) => traceEvents.push(...e.value));
      await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['disabled-by-default-v8.cpu_profiler', 'v8', 'devtools.timeline'] }, transferMode: 'ReportEvents' });
    }
    await page.goto(URL_, { waitUntil: 'commit' });
    // Times are taken here on the page's clock, not in the page, whose turn may come late while it is busy.
    const origin = await page.evaluate(() => performance.timeOrigin);
    const pageNow = () => Date.now() - origin;
    // Watched from navigation on: the messages may be stored before the page has rendered them.
    const stored = cf.waitForMessages(page, SIZE, { timeoutMs: 300_000 }).then(pageNow);
    const renderedAt = await rendered(page);
    const storedAt = await stored;
    // The first capture taken after the render (the page capture, or the batch the rendered
    // messages made; stored with the messages as the page shows them, in one transaction): the
    // rendered form of every message is in the store too. (One batch holds every message here.)
    const renderedWall = await page.evaluate((t) => new Date(performance.timeOrigin + t).toISOString(), renderedAt);
    for (let waited = 0; ; waited += 100) {
      const [latest] = await cf.send('capture.list', { limit: 1 });
      if (latest && latest.capturedAt > renderedWall) break;
      if (waited > 300_000) throw new Error('no capture after the render');
      await page.waitForTimeout(100);
    }
    const mergedAt = pageNow();
    if (cdp) {
      const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
      await cdp.send('Tracing.end');
      await complete;
      writeFileSync(profilePath, JSON.stringify({ traceEvents }));
      console.log(`  trace of run 1 written to ${profilePath}`);
    }
    await page.waitForTimeout(1500);
    const tasks = await tasksAfterRender(page);
    const timerLag = await page.evaluate(() => window.__timerLag);
    if (process.env.BENCH_FRAMES) console.log(JSON.stringify(await page.evaluate(() => window.__frames.filter((f) => f.start > window.__framedAt))).slice(0, 3000));
    return { renderedAt, storedAt, afterRender: storedAt - renderedAt, mergedAfterRender: mergedAt - renderedAt, tasks, timerLag };
  } finally {
    await browser.close();
  }
}

const standIn = await startStandIn();
try {
  const runs = [];
  const domRuns = [];
  const line = (run) =>
    `stored ${run.afterRender.toFixed(0)} ms after the render, as rendered ${run.mergedAfterRender.toFixed(0)} ms after; longest task ${max(run.tasks).toFixed(0)} ms (${run.tasks.length} long tasks); page's timers late by up to ${run.timerLag.toFixed(0)} ms`;
  for (let i = 0; i < RUNS; i++) {
    const run = await runWithExtension(standIn, { profilePath: i === 0 ? process.env.CASEFILE_PROFILE : undefined });
    runs.push(run);
    console.log(`  run ${i + 1}: ${line(run)}`);
  }
  for (let i = 0; i < RUNS; i++) {
    const run = await runWithExtension(standIn, { domOnly: true });
    domRuns.push(run);
    console.log(`  DOM-only run ${i + 1}: ${line(run)}`);
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
    base = { renderedAt, tasks: await tasksAfterRender(page), timerLag: await page.evaluate(() => window.__timerLag) };
  } finally {
    await plain.close();
  }
  const afterRender = median(runs.map((r) => r.afterRender));
  const when = (ms) => (ms <= 0 ? `${(-ms).toFixed(0)} ms before the page finished rendering them` : `${ms.toFixed(0)} ms after the page finished rendering them`);
  const longest = runs.map((r) => max(r.tasks));
  const domLongest = domRuns.map((r) => max(r.tasks));
  const domAfter = median(domRuns.map((r) => r.mergedAfterRender));
  console.log(`\nA ${SIZE.toLocaleString('en-US')}-message room rendered at once (Chromium headless, America/New_York; median of ${RUNS} runs):`);
  console.log(`  page rendered all messages            ${median(runs.map((r) => r.renderedAt)).toFixed(0)} ms after navigation (no extension: ${base.renderedAt.toFixed(0)} ms)`);
  console.log(`  every rendered message stored          ${when(afterRender)} (target ≤ 1,500 ms after); ${median(runs.map((r) => r.storedAt)).toFixed(0)} ms after navigation`);
  console.log(`    as the page shows them too           ${when(median(runs.map((r) => r.mergedAfterRender)))} (the page capture after the render, merged with the page's data)`);
  console.log(`    from the page alone (JSON hidden)    ${when(domAfter)}; messages stored per second ${((SIZE / Math.max(1, domAfter)) * 1000).toFixed(0)}`);
  console.log(`  longest task after the render          ${median(longest).toFixed(0)} ms median, ${max(longest).toFixed(0)} ms worst run, with Casefile; page alone: ${median(domLongest).toFixed(0)} ms median; ${max(base.tasks).toFixed(0)} ms without Casefile (target ≤ 50 ms)`);
  console.log(`  long tasks after the render            ${runs.map((r) => `${r.tasks.length} (${sum(r.tasks).toFixed(0)} ms)`).join(', ')} with Casefile; ${domRuns.map((r) => `${r.tasks.length} (${sum(r.tasks).toFixed(0)} ms)`).join(', ')} page alone; ${base.tasks.length} (${sum(base.tasks).toFixed(0)} ms) without`);
  console.log(`\nCommand: npm run bench:capture:large   (BENCH_ROOM_SIZE=${SIZE}, BENCH_RUNS=${RUNS})`);
} finally {
  await standIn.close();
}
