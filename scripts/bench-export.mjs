#!/usr/bin/env node
// `npm run bench:export`: builds an evidence package of about 200 MiB in Chromium with the built
// extension, as a user would (the export tab), and prints: seconds, MiB/s, the ratio to JSZip
// storing the same files with no hashing (measured in Node on the same bytes, same run), and the
// export page's peak JS heap. The store is seeded straight into IndexedDB with records hashed the
// way Casefile hashes them (canonical JSON, SHA-256), so the export's re-verification passes.
/* global indexedDB, crypto, TextEncoder, performance, setInterval, clearInterval */
import { performance as nodePerformance } from 'node:perf_hooks';
import JSZip from 'jszip';
import { prepareE2eRun } from './chromium.mjs';

prepareE2eRun();
const { launchBrowser, e2eExtensionDir } = await import('../tests/e2e/harness.mjs');

const MESSAGES = 5000;
const SCREENSHOTS = 150;
const SCREENSHOT_BYTES = 1_250_000;
const MHTML_BYTES = 8 * 1024 * 1024;
const CONTRACT = '38417205';
const ROOM = `room_${'ab'.repeat(16)}`;

const browser = await launchBrowser({ extensionDir: e2eExtensionDir() });
try {
  const page = await browser.openExtensionPage('dashboard.html');
  await page.waitForSelector('.dash-main');
  const seeded = await page.evaluate(
    async ({ messages, screenshots, shotBytes, mhtmlBytes, contract, room }) => {
      const enc = new TextEncoder();
      const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
      const sha = async (bytes) => hex(await crypto.subtle.digest('SHA-256', bytes));
      // RFC 8785 for these records: sorted keys; only strings, integers, booleans and null occur.
      const canon = (v) => (Array.isArray(v) ? `[${v.map(canon).join(',')}]` : v && typeof v === 'object' ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canon(v[k])}`).join(',')}}` : JSON.stringify(v));
      const hashRecord = (v) => sha(enc.encode(canon(v)));
      const db = await new Promise((resolve, reject) => {
        const r = indexedDB.open('casefile');
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const put = (store, rows) =>
        new Promise((resolve, reject) => {
          const tx = db.transaction(store, 'readwrite');
          for (const row of rows) tx.objectStore(store).put(row);
          tx.oncomplete = resolve;
          tx.onerror = () => reject(tx.error);
        });
      let seed = 7;
      const noise = (n) => {
        const b = new Uint8Array(n);
        for (let i = 0; i < n; i += 4) {
          seed = (seed * 1664525 + 1013904223) >>> 0;
          b[i] = seed & 255;
          b[i + 1] = (seed >>> 8) & 255;
          b[i + 2] = (seed >>> 16) & 255;
          b[i + 3] = seed >>> 24;
        }
        b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
        return b;
      };
      let total = 0;
      const t0 = Date.now();
      const at = (i) => new Date(Date.UTC(2026, 8, 1) + i * 600_000).toISOString();
      const url = `https://www.upwork.com/ab/messages/rooms/${room}`;
      const base = { url, pageKind: 'message-room', timeZone: 'America/New_York', userAgent: 'bench', extensionVersion: '0.1.0', title: 'Bench', extraction: { status: 'not-applicable' }, scope: 'fragment' };
      const emptyHash = await sha(new Uint8Array());
      for (let i = 0; i < screenshots + 1; i++) {
        const isMhtml = i === screenshots;
        const bytes = noise(isMhtml ? mhtmlBytes : shotBytes);
        if (isMhtml) bytes.set(enc.encode('From: <Saved by Blink>\r\n'));
        total += bytes.byteLength;
        const blobSha = await sha(bytes);
        const kind = isMhtml ? 'mhtml' : 'screenshot';
        const type = isMhtml ? 'multipart/related' : 'image/png';
        const capturedAt = at(i);
        const record = { ...base, id: `bench-${i}`, capturedAt, htmlSha256: emptyHash, textSha256: emptyHash, blobs: [{ sha256: blobSha, kind, type, label: kind }] };
        const capture = { ...record, roomId: room, html: '', text: '', sha256: await hashRecord(record) };
        await put('blobs', [{ sha256: blobSha, type, size: bytes.byteLength, bytes, createdAt: capturedAt }]);
        await put('captures', [capture]);
      }
      await put('rooms', [{ id: room, title: 'Bench client', subtitle: null, contractId: contract, participants: [], firstCapturedAt: at(0), lastCapturedAt: at(0), coverage: null }]);
      const rows = [];
      for (let i = 0; i < messages; i++) {
        const text = `Message ${i}: the homepage hero, the product grid and the checkout copy, revision ${i % 7}.`;
        total += text.length;
        const m = { id: `story_${i}`, roomId: room, senderName: i % 2 ? 'Maya Okafor' : 'Daniel Reyes', senderId: null, sentAt: at(i), sentAtDisplayed: null, text, jsonText: null, attachments: [], kind: 'message', deleted: false };
        rows.push({ ...m, sentAtUnparsed: false, source: 'dom', edited: false, firstSeenAt: at(i), lastSeenAt: at(i), captureId: 'bench-0', sha256: await hashRecord(m) });
      }
      await put('messages', rows);
      db.close();
      return { bytes: total, seconds: (Date.now() - t0) / 1000 };
    },
    { messages: MESSAGES, screenshots: SCREENSHOTS, shotBytes: SCREENSHOT_BYTES, mhtmlBytes: MHTML_BYTES, contract: CONTRACT, room: ROOM },
  );
  console.log(`Seeded ${(seeded.bytes / 1048576).toFixed(0)} MiB (${MESSAGES} messages, ${SCREENSHOTS} screenshots, MHTML) in ${seeded.seconds.toFixed(1)} s.`);
  await page.close();

  const exportPage = await browser.context.newPage();
  const downloadEvent = exportPage.waitForEvent('download', { timeout: 600_000 });
  const started = nodePerformance.now();
  await exportPage.goto(`chrome-extension://${browser.extensionId}/export.html?rooms=${ROOM}&start=1`);
  let peak = 0;
  const sampler = setInterval(() => {
    exportPage
      .evaluate(() => performance.memory?.usedJSHeapSize ?? 0)
      .then((v) => (peak = Math.max(peak, v)))
      .catch(() => {});
  }, 100);
  const download = await downloadEvent;
  const seconds = (nodePerformance.now() - started) / 1000;
  clearInterval(sampler);
  const path = await download.path();
  const { statSync, readFileSync } = await import('node:fs');
  const zipSize = statSync(path).size;

  // Baseline: JSZip storing the same files with no hashing, in this run.
  const { unzipSync } = await import('fflate');
  const files = unzipSync(readFileSync(path));
  const zip = new JSZip();
  let payload = 0;
  for (const [name, bytes] of Object.entries(files)) {
    zip.file(name, bytes, { compression: 'STORE' });
    payload += bytes.byteLength;
  }
  const b0 = nodePerformance.now();
  await zip.generateAsync({ type: 'uint8array', compression: 'STORE' });
  const baseline = (nodePerformance.now() - b0) / 1000;
  const largest = Math.max(...Object.values(files).map((b) => b.byteLength));
  const mib = payload / 1048576;
  console.log(`\nExport of a ${mib.toFixed(0)} MiB package (${Object.keys(files).length} files; ZIP ${(zipSize / 1048576).toFixed(0)} MiB):`);
  console.log(`  seconds (click to download)              ${seconds.toFixed(1)} s`);
  console.log(`  throughput                               ${(mib / seconds).toFixed(1)} MiB/s`);
  console.log(`  JSZip storing the same files, no hashing ${baseline.toFixed(1)} s (${(mib / baseline).toFixed(1)} MiB/s)`);
  console.log(`  ratio to that baseline                   ${(baseline / seconds).toFixed(2)} (target ≥ 0.5)`);
  console.log(`  peak JS heap of the export page          ${(peak / 1048576).toFixed(0)} MiB (target ≤ largest file ${(largest / 1048576).toFixed(1)} MiB + 128 MiB)`);
} finally {
  await browser.close();
}
