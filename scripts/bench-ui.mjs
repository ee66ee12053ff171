#!/usr/bin/env node
// `npm run bench:ui`: how fast Casefile's pages are with a large store, in real Chromium with the
// built extension. Seeds 100,000 messages (one room of 10,000 and 90 rooms of 1,000) straight into
// the extension's IndexedDB, then measures, from navigation start:
//   - the dashboard's first useful render (its list of conversations on screen),
//   - opening the 10,000-message conversation (first rows on screen),
//   - a search over all messages (typing to results shown, and the search function alone),
//   - the popup's first render.
// Prints the figures (median of several runs); nothing is asserted: machines here are noisy.
/* global indexedDB, document, performance */
import { prepareE2eRun } from './chromium.mjs';

prepareE2eRun();
const { launchBrowser, e2eExtensionDir } = await import('../tests/e2e/harness.mjs');

const TOTAL = Number(process.env.BENCH_MESSAGES ?? 100_000);
const BIG_ROOM = 10_000;
const RUNS = 5;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const browser = await launchBrowser({ extensionDir: e2eExtensionDir() });
try {
  const seedPage = await browser.openExtensionPage('dashboard.html');
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
            rows.push({ id: `story_${r}_${i}`, roomId, senderName: i % 3 ? 'Maya Okafor' : 'Daniel Reyes', senderId: null, sentAt: t, sentAtDisplayed: t, sentAtUnparsed: false, text, attachments: i % 25 === 0 ? [{ name: `file-${i}.pdf`, size: '1.2 MB', url: null }] : [], kind: 'message', edited: false, deleted: false, firstSeenAt: t, lastSeenAt: t, captureId: 'bench', sha256: hash });
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
  console.log(`Seeded ${TOTAL.toLocaleString('en-US')} messages in ${((Date.now() - seeded) / 1000).toFixed(1)} s.`);
  await seedPage.close();

  const figures = { dashboard: [], conversation: [], searchUi: [], searchFn: [], popup: [] };
  for (let run = 0; run < RUNS; run++) {
    const page = await browser.context.newPage();
    const base = `chrome-extension://${browser.extensionId}`;
    await page.goto(`${base}/dashboard.html#/rooms`);
    figures.dashboard.push(await page.waitForFunction(() => document.querySelector('nav[aria-label="Conversations"] li') && performance.now()).then((h) => h.jsonValue()));
    await page.goto(`${base}/dashboard.html#/rooms/room_${'0'.repeat(32)}`);
    await page.reload();
    figures.conversation.push(await page.waitForFunction(() => document.querySelectorAll('[data-message-id]').length > 5 && performance.now()).then((h) => h.jsonValue()));
    await page.goto(`${base}/dashboard.html#/search`);
    await page.waitForSelector('input[type=search]');
    await page.waitForFunction(() => !document.body.textContent.includes('Reading messages'), null, { timeout: 60_000 });
    const t0 = await page.evaluate(() => performance.now());
    await page.fill('input[type=search]', 'revision checkout');
    const t1 = await page.waitForFunction(() => document.querySelector('[data-testid="search-count"]') && performance.now()).then((h) => h.jsonValue());
    figures.searchUi.push(t1 - t0);
    await page.goto(`${base}/popup.html?tabId=0`);
    figures.popup.push(await page.waitForFunction(() => document.querySelector('[data-testid="store-summary"]') && performance.now()).then((h) => h.jsonValue()));
    await page.close();
  }
  // The search function alone, over all messages held in memory (what the Search view runs per keystroke).
  const fnPage = await browser.openExtensionPage('dashboard.html#/search');
  await fnPage.waitForFunction(() => !document.body.textContent.includes('Reading messages'), null, { timeout: 60_000 });
  for (let run = 0; run < RUNS; run++) {
    await fnPage.fill('input[type=search]', '');
    const t0 = await fnPage.evaluate(() => performance.now());
    await fnPage.fill('input[type=search]', `payment scope ${run}`.trim());
    const t1 = await fnPage.waitForFunction(() => document.querySelector('[data-testid="search-count"]') && performance.now()).then((h) => h.jsonValue());
    figures.searchFn.push(t1 - t0);
  }
  const row = (label, xs, target) => console.log(`${label.padEnd(52)} ${median(xs).toFixed(0).padStart(6)} ms  (runs: ${xs.map((x) => x.toFixed(0)).join(', ')}; target ≤ ${target} ms)`);
  console.log(`\nWith ${TOTAL.toLocaleString('en-US')} messages in the store (median of ${RUNS}):`);
  row('Dashboard first useful render', figures.dashboard, 300);
  row(`Open a ${BIG_ROOM.toLocaleString('en-US')}-message conversation`, figures.conversation, 300);
  row('Search over all messages (typing to results shown)', figures.searchUi, 200);
  row('Search, another query on the loaded messages', figures.searchFn, 200);
  row('Popup first render', figures.popup, 150);
} finally {
  await browser.close();
}
