#!/usr/bin/env node
// `npm run bench:ui`: how fast Casefile's pages are with a large store, in real Chromium with the
// built extension. Seeds 100,000 messages (one room of 10,000 and 90 rooms of 1,000) straight into
// the extension's IndexedDB, then measures what a user waits for:
//   - the dashboard's first useful render (its list of conversations painted), from navigation start,
//   - opening the 10,000-message conversation (its first messages painted), from navigation start
//     (a page reload, so the page's own start-up is counted too),
//   - a search over all messages: the words typed key by key, from the last key to the results for
//     the whole query painted (any debounce or queued work for the earlier keys is counted),
//   - the popup's first render (the store's summary painted), from navigation start, in a page of
//     its own as the browser opens it (not by navigating the dashboard's tab away).
// Times are taken inside the page (performance.now(), the page's own clock): a probe installed
// before the page's scripts notes when the watched element appears and when the frame showing it
// has been painted, so the figures do not include the automation's round trips.
//
// By default it builds and measures the release flavour (`wxt build`, production React: what users
// run) in .output/bench/. CASEFILE_SKIP_BUILD=1 measures an existing build instead
// (CASEFILE_E2E_EXTENSION_DIR, else .output-e2e); the flavour measured is printed.
// Prints the figures (median of BENCH_RUNS runs, default 5); nothing is asserted: machines here are noisy.
/* global indexedDB, document, performance, window, requestAnimationFrame, MutationObserver */
import { spawnSync } from 'node:child_process';
import { median } from './bench-stats.mjs';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureChromium } from './chromium.mjs';

const chromium = ensureChromium();
if (!chromium.ok) {
  console.error(chromium.message);
  process.exit(1);
}
process.env.CHROMIUM_PATH = chromium.path;
const { launchBrowser, e2eExtensionDir } = await import('../tests/e2e/harness.mjs');

let extensionDir;
if (process.env.CASEFILE_SKIP_BUILD === '1') {
  extensionDir = e2eExtensionDir();
} else {
  const env = { ...process.env, CASEFILE_OUT_DIR: '.output/bench' };
  delete env.CASEFILE_E2E;
  delete env.NODE_ENV;
  const built = spawnSync('npx', ['wxt', 'build'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (built.status !== 0) {
    console.error('The build failed; see the messages above.');
    process.exit(1);
  }
  extensionDir = '.output/bench/chrome-mv3';
}

/** Whether a build carries React's development build (what `--mode e2e` builds give). */
function reactFlavour(dir) {
  const chunks = join(dir, 'chunks');
  if (!existsSync(chunks)) return 'unknown';
  const dev = readdirSync(chunks).some((f) => f.endsWith('.js') && readFileSync(join(chunks, f), 'utf8').includes('jsxDEV'));
  return dev ? 'development React (slower than what users run)' : 'production React';
}

const TOTAL = Number(process.env.BENCH_MESSAGES ?? 100_000);
const BIG_ROOM = 10_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TYPING_DELAY_MS = 60;

/**
 * Runs in every page before its own scripts. `watch(name, selector, min)` notes when at least
 * `min` elements match (`seen`) and when the frame showing them has been painted (`painted`: the
 * first task after that frame's rendering), and tells it on the console, so that waiting for it
 * puts no script of the automation into the page while it is measured. `lastInput` is the last
 * input event (time and value).
 */
function installProbe() {
  const probe = { marks: {}, watches: [], lastInput: null };
  const check = () => {
    for (const w of probe.watches) {
      if (probe.marks[w.name] || document.querySelectorAll(w.selector).length < w.min) continue;
      const mark = { seen: performance.now(), painted: null };
      probe.marks[w.name] = mark;
      requestAnimationFrame(() =>
        setTimeout(() => {
          mark.painted = performance.now();
          console.debug(`casefile-bench\t${w.name}\t${mark.painted}`);
        }, 0),
      );
    }
  };
  probe.watch = (name, selector, min = 1) => {
    delete probe.marks[name];
    probe.watches = probe.watches.filter((w) => w.name !== name).concat([{ name, selector, min }]);
    check();
  };
  window.__casefileBench = probe;
  new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-words'] });
  document.addEventListener('input', (e) => (probe.lastInput = { at: performance.now(), value: e.target.value }), true);
  probe.watch('conversations', 'nav[aria-label="Conversations"] li');
  probe.watch('messages', '[data-message-id]', 6);
  probe.watch('conversation-length', '[data-testid="conversation-length"]');
  probe.watch('summary', '[data-testid="store-summary"]');
}

/** Marks told on the console, by page; each waiter is called with the time of its mark. */
const told = new WeakMap();
function listen(page) {
  const marks = { got: new Map(), waiting: new Map() };
  told.set(page, marks);
  page.on('console', (message) => {
    const [tag, name, at] = message.text().split('\t');
    if (tag !== 'casefile-bench') return;
    marks.got.set(name, Number(at));
    marks.waiting.get(name)?.(Number(at));
  });
  // A navigation starts a new page and new marks.
  page.on('framenavigated', (frame) => frame === page.mainFrame() && marks.got.clear());
  return page;
}

/** Milliseconds from the page's navigation start to the named mark's paint. */
function painted(page, name, timeout = 60_000) {
  const marks = told.get(page);
  if (marks.got.has(name)) return Promise.resolve(marks.got.get(name));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name}: not painted within ${timeout} ms`)), timeout);
    marks.waiting.set(name, (at) => {
      clearTimeout(timer);
      marks.waiting.delete(name);
      resolve(at);
    });
  });
}

/** Types `words` key by key into the focused search field; milliseconds from the last key to its results painted. */
async function typeAndWait(page, words) {
  const selector = `[data-testid="search-count"][data-words="${words}"]`;
  await page.evaluate(([n, s]) => window.__casefileBench.watch(n, s), [`search:${words}`, selector]);
  told.get(page).got.delete(`search:${words}`);
  await page.keyboard.type(words, { delay: TYPING_DELAY_MS });
  const done = await painted(page, `search:${words}`);
  const last = await page.evaluate(() => window.__casefileBench.lastInput);
  if (last?.value !== words) throw new Error(`the search field reads ${JSON.stringify(last?.value)}, not ${JSON.stringify(words)}`);
  return done - last.at;
}

/** Puts `words` into the search field in one input event (a paste); milliseconds from it to its results painted. */
async function pasteAndWait(page, words) {
  const selector = `[data-testid="search-count"][data-words="${words}"]`;
  await page.evaluate(([n, s]) => window.__casefileBench.watch(n, s), [`search:${words}`, selector]);
  told.get(page).got.delete(`search:${words}`);
  await page.fill('input[type=search]', words);
  const done = await painted(page, `search:${words}`);
  const last = await page.evaluate(() => window.__casefileBench.lastInput);
  if (last?.value !== words) throw new Error(`the search field reads ${JSON.stringify(last?.value)}, not ${JSON.stringify(words)}`);
  return done - last.at;
}

const browser = await launchBrowser({ extensionDir });
try {
  await browser.context.addInitScript(installProbe);
  const seedPage = await browser.openExtensionPage('dashboard.html#/settings');
  await seedPage.waitForSelector('.dash-main');
  const seeded = Date.now();
  await seedPage.evaluate(
    async ({ total, bigRoom }) => {
      const db = await new Promise((resolve, reject) => {
        const r = indexedDB.open('casefile');
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const words = 'invoice milestone design draft feedback approve revision homepage product checkout payment deadline scope mockup theme launch'.split(' ');
      const hash = '0'.repeat(64);
      const put = (store, rows) =>
        new Promise((resolve, reject) => {
          const tx = db.transaction(store, 'readwrite');
          const os = tx.objectStore(store);
          for (const row of rows) os.put(row);
          tx.oncomplete = resolve;
          tx.onerror = () => reject(tx.error);
        });
      const rooms = [];
      let made = 0;
      for (let r = 0; made < total; r++) {
        const size = r === 0 ? bigRoom : Math.min(1000, total - made);
        const roomId = `room_${r.toString(16).padStart(32, '0')}`;
        rooms.push({ id: roomId, title: r === 0 ? 'Big conversation' : `Client ${r}`, subtitle: null, contractId: null, participants: [], firstCapturedAt: '2026-01-01T00:00:00.000Z', lastCapturedAt: new Date(Date.UTC(2026, 0, 1, 0, r)).toISOString(), coverage: null });
        for (let start = 0; start < size; start += 2000) {
          const rows = [];
          for (let i = start; i < Math.min(size, start + 2000); i++) {
            const t = new Date(Date.UTC(2025, 0, 1) + (made + i) * 60_000).toISOString();
            const text = Array.from({ length: 12 + (i % 20) }, (_, k) => words[(i * 7 + k * 3) % words.length]).join(' ');
            rows.push({ id: `story_${r}_${i}`, roomId, senderName: i % 3 ? 'Maya Okafor' : 'Daniel Reyes', senderId: null, sentAt: t, sentAtDisplayed: t, sentAtUnparsed: false, text, attachments: i % 25 === 0 ? [{ name: `file-${i}.pdf`, size: '1.2 MB', url: null }] : [], kind: 'message', edited: i % 97 === 0, deleted: i % 211 === 0, firstSeenAt: t, lastSeenAt: t, captureId: 'bench', sha256: hash });
          }
          await put('messages', rows);
        }
        made += size;
      }
      await put('rooms', rooms);
      db.close();
    },
    { total: TOTAL, bigRoom: BIG_ROOM },
  );
  console.log(`Measuring ${extensionDir} (${reactFlavour(extensionDir)}).`);
  console.log(`Seeded ${TOTAL.toLocaleString('en-US')} messages in ${((Date.now() - seeded) / 1000).toFixed(1)} s.`);
  await seedPage.close();

  const base = `chrome-extension://${browser.extensionId}`;
  const bigRoom = `room_${'0'.repeat(32)}`;
  const figures = { dashboard: [], conversation: [], conversationLength: [], searchUi: [], searchAgain: [], searchCold: [], popup: [] };
  for (let run = 0; run < RUNS; run++) {
    const page = listen(await browser.context.newPage());
    await page.goto(`${base}/dashboard.html#/rooms`);
    figures.dashboard.push(await painted(page, 'conversations'));

    await page.goto(`${base}/dashboard.html#/rooms/${bigRoom}`);
    await page.reload();
    figures.conversation.push(await painted(page, 'messages'));
    figures.conversationLength.push(await painted(page, 'conversation-length', 10_000).catch(() => NaN));

    // Search in the same dashboard, as a user moving on from the conversation: typed once the
    // view says it has read the messages.
    await page.goto(`${base}/dashboard.html#/search`);
    await page.waitForSelector('input[type=search]');
    await page.waitForFunction(() => !document.body.textContent.includes('Reading messages'), null, { timeout: 60_000 });
    await page.focus('input[type=search]');
    figures.searchUi.push(await typeAndWait(page, 'revision checkout'));
    await page.fill('input[type=search]', '');
    figures.searchAgain.push(await typeAndWait(page, `payment scope ${run}`));

    // The popup is a document of its own (the dashboard stays open), as when the toolbar button is clicked.
    const popup = listen(await browser.context.newPage());
    await popup.goto(`${base}/popup.html?tabId=0`);
    figures.popup.push(await painted(popup, 'summary'));

    // A freshly opened dashboard on the Search view, a query pasted at once: the messages may
    // still have to be read, and that wait is counted.
    await popup.goto(`${base}/dashboard.html#/search`);
    await popup.waitForSelector('input[type=search]');
    figures.searchCold.push(await pasteAndWait(popup, 'invoice deadline'));
    await popup.close();
    await page.close();
  }
  const row = (label, xs, target) =>
    xs.some(Number.isNaN)
      ? console.log(`${label.padEnd(64)}    n/a  (not shown by this build)`)
      : console.log(`${label.padEnd(64)} ${median(xs).toFixed(0).padStart(6)} ms  (runs: ${xs.map((x) => x.toFixed(0)).join(', ')}${target ? `; target ≤ ${target} ms` : ''})`);
  console.log(`\nWith ${TOTAL.toLocaleString('en-US')} messages in the store (median of ${RUNS}):`);
  row('Dashboard first useful render', figures.dashboard, 300);
  row(`Open a ${BIG_ROOM.toLocaleString('en-US')}-message conversation (first messages painted)`, figures.conversation, 300);
  row('  … and its length known (scrollable to the end)', figures.conversationLength);
  row('Search over all messages (last key to results painted)', figures.searchUi, 200);
  row('Search, another query typed after the first', figures.searchAgain, 200);
  row('Popup first render', figures.popup, 150);
  row('Search pasted as soon as a freshly opened dashboard shows it', figures.searchCold);
} finally {
  await browser.close();
}
