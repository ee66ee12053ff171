// Evidence packages in a real browser: after capturing the stand-in room and workroom, the user
// picks what goes in from the popup and presses "Export evidence package"; a Casefile tab builds
// the ZIP and downloads it, shows the digest and the ticket text. The ZIP is then unzipped with a
// second implementation (fflate) and every hash re-checked, and the package is read back in the
// extension ("Check a package"), intact and tampered.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { unzipSync, zipSync } from 'fflate';
import { startStandIn, type StandIn } from '../stand-in/server.mjs';
import { IDS, KEY_STORIES } from '../stand-in/sample-data.mjs';
import { E2E_EXTENSION_DIR, launchBrowser, type LaunchedBrowser } from './harness.mjs';
import { runCasefile, type Casefile } from './casefile-driver.mjs';

const RESULTS = 'test-results';
let standIn: StandIn;
let browser: LaunchedBrowser;
let cf: Casefile;
let zipPath = '';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const text = (b: Uint8Array | undefined) => new TextDecoder().decode(b);

beforeAll(async () => {
  mkdirSync(RESULTS, { recursive: true });
  standIn = await startStandIn();
  browser = await launchBrowser({ extensionDir: E2E_EXTENSION_DIR, standIn });
  cf = runCasefile(browser);
  const room = await cf.visit(`https://www.upwork.com/ab/messages/rooms/${IDS.fixedRoomId}`);
  await cf.waitForCapture(room);
  await cf.scrollToTop(room);
  const workroom = await cf.visit(`https://www.upwork.com/nx/wm/workroom/${IDS.fixedContractId}/overview`);
  await cf.waitForCapture(workroom);
  standIn.setState({ variant: 'v2' });
  const before = (await cf.summary()).lastCapture?.capturedAt;
  await workroom.reload();
  await cf.waitForCapture(workroom, { after: before });
  standIn.resetState();
  await room.close();
});

afterAll(async () => {
  await browser?.close();
  await standIn?.close();
});

describe('evidence package', () => {
  test('the popup exports a package that downloads, with digest and ticket text', async () => {
    const workroom = browser.context.pages().find((p) => p.url().includes('/nx/wm/workroom/'))!;
    const exported = await cf.exportPackage(workroom, IDS.fixedContractId, RESULTS);
    const { exportPage, digest } = exported;
    expect(exported.fileName).toMatch(/^casefile-[\w.-]+-\d{8}T\d{6}Z\.zip$/);
    zipPath = exported.path;
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(exported.ticketText).toContain(digest!);
    await exportPage.screenshot({ path: `${RESULTS}/export-done.png`, fullPage: true });

    // A second ZIP implementation reads it; every manifest line re-hashes.
    const files = unzipSync(readFileSync(zipPath));
    const names = Object.keys(files);
    const base = names[0]!.split('/')[0]!;
    const manifest = text(files[`${base}/manifest-sha256.txt`]);
    expect(sha256(files[`${base}/manifest-sha256.txt`]!)).toBe(digest);
    const lines = manifest.trim().split('\n');
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) {
      const [hash, path] = line.split(/\s+/, 2) as [string, string];
      expect(sha256(files[`${base}/${path}`]!), path).toBe(hash);
    }
    for (const required of ['bagit.txt', 'bag-info.txt', 'tagmanifest-sha256.txt', 'verify.html', 'data/report.html', 'data/index.json', 'data/ticket.txt', 'data/audit-log.jsonl']) {
      expect(names, required).toContain(`${base}/${required}`);
    }
    // Hostile message text is text in the report, never markup.
    const report = text(files[`${base}/data/report.html`]);
    expect(report).not.toContain('<img src=x onerror=alert(1)>');
    expect(report).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const messagesJson = names.find((n) => n.includes(`data/messages/${IDS.fixedRoomId}.json`))!;
    expect(text(files[messagesJson])).toContain(KEY_STORIES.hostileImg);
    await exportPage.close();
  });

  test('"Check a package" confirms an intact package and names a changed file', async () => {
    const page = await browser.openExtensionPage('export.html');
    await page.getByTestId('verify-input').setInputFiles(zipPath);
    await expect.poll(() => page.getByTestId('verify-report').textContent(), { timeout: 30_000 }).toMatch(/^Verified/);

    const files = unzipSync(readFileSync(zipPath));
    const base = Object.keys(files)[0]!.split('/')[0]!;
    const report = `${base}/data/report.html`;
    files[report] = new TextEncoder().encode(text(files[report]).replace('Casefile', 'Casefi1e'));
    const tampered = `${RESULTS}/tampered.zip`;
    writeFileSync(tampered, zipSync(files));
    await page.getByTestId('verify-input').setInputFiles(tampered);
    await expect.poll(() => page.getByTestId('verify-report').textContent(), { timeout: 30_000 }).toMatch(/NOT verified/);
    expect(await page.getByTestId('verify-report').textContent()).toContain('data/report.html');
    await page.screenshot({ path: `${RESULTS}/export-verify-tampered.png`, fullPage: true });
    await page.close();
  });
});
