// Evidence packages in a real browser: after capturing the stand-in room and workroom, the user
// picks what goes in from the popup and presses "Export evidence package"; a Casefile tab builds
// the ZIP (streamed into a Blob, the stored blobs read by a worker) and downloads it, shows the
// digest and the ticket text, and records the export in the audit log. The ZIP is then unzipped
// with a second implementation (fflate) and every hash re-checked; the package is read back in the
// extension ("Check a package"), intact and tampered; and it is unzipped to a folder whose own
// verify.html, opened from file:// as a recipient would, checks the folder, then names the one file
// in which a byte was changed.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
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
    // The export page reads and packs the stored blobs in a worker; it says so if it had to fall back.
    const warnings: string[] = [];
    const onConsole = (m: { type(): string; text(): string }) => {
      if (m.type() === 'warning' || m.type() === 'error') warnings.push(m.text());
    };
    browser.context.on('console', onConsole);
    const exported = await cf.exportPackage(workroom, IDS.fixedContractId, RESULTS);
    browser.context.off('console', onConsole);
    expect(warnings.filter((w) => /worker/i.test(w))).toEqual([]);
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

  test('the export is recorded in the audit log with the SHA-256 of the ZIP', async () => {
    const sw = await browser.worker();
    const entries = await sw.evaluate(
      () =>
        new Promise<{ type: string; details: Record<string, unknown> }[]>((resolve, reject) => {
          const open = indexedDB.open('casefile');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const request = open.result.transaction('audit').objectStore('audit').getAll();
            request.onsuccess = () => {
              open.result.close();
              resolve(request.result);
            };
            request.onerror = () => reject(request.error);
          };
        }),
    );
    const exported = entries.filter((e) => e.type === 'export');
    expect(exported).toHaveLength(1);
    expect(exported[0]!.details.zipSha256).toBe(sha256(readFileSync(zipPath)));
  });

  test('verify.html, opened from the unzipped folder, reports every file OK, then names the one changed byte', async () => {
    const files = unzipSync(readFileSync(zipPath));
    const base = Object.keys(files)[0]!.split('/')[0]!;
    const root = resolve(RESULTS, 'export-unzipped');
    rmSync(root, { recursive: true, force: true });
    for (const [name, bytes] of Object.entries(files)) {
      mkdirSync(dirname(join(root, name)), { recursive: true });
      writeFileSync(join(root, name), bytes);
    }
    const folder = join(root, base);
    const verifyUrl = pathToFileURL(join(folder, 'verify.html')).href;
    const checkFolder = async () => {
      const page = await browser.context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(verifyUrl);
      // The user's step: "Choose the unzipped folder" (an <input type=file webkitdirectory>).
      await page.setInputFiles('#pick-folder', folder);
      await page.locator('.verdict').waitFor({ timeout: 60_000 });
      expect(errors).toEqual([]);
      return page;
    };

    const intact = await checkFolder();
    expect(await intact.locator('.verdict').textContent()).toMatch(/^Verified: all \d+ files match the manifests/);
    const rows = await intact.locator('tr[class^="st-"]').evaluateAll((trs) => trs.map((tr) => ({ status: tr.className, path: tr.children[1]?.textContent ?? '' })));
    // Every file of the bag has its row (but tagmanifest-sha256.txt, the list the tag files are
    // checked against), and every row says OK.
    const listed = Object.keys(files)
      .map((n) => n.slice(base.length + 1))
      .filter((n) => n !== 'tagmanifest-sha256.txt');
    expect(rows.map((r) => r.path).sort()).toEqual(listed.sort());
    expect(rows.filter((r) => r.status !== 'st-ok')).toEqual([]);
    await intact.screenshot({ path: `${RESULTS}/export-verify-folder.png`, fullPage: true });
    await intact.close();

    // One byte of one payload file changed on disk.
    const victim = 'data/index.json';
    const path = join(folder, victim);
    const bytes = readFileSync(path);
    bytes[bytes.length >> 1] = bytes[bytes.length >> 1]! ^ 0x01;
    writeFileSync(path, bytes);
    const tampered = await checkFolder();
    const verdict = await tampered.locator('.verdict').textContent();
    expect(verdict).toMatch(/^NOT verified/);
    expect(verdict).toContain(`Changed: ${victim}`);
    const changed = await tampered.locator('tr.st-changed').allTextContents();
    expect(changed).toHaveLength(1);
    expect(changed[0]).toContain(victim);
    expect(await tampered.locator('tr.st-ok').count()).toBe(rows.length - 1);
    await tampered.screenshot({ path: `${RESULTS}/export-verify-folder-changed.png`, fullPage: true });
    await tampered.close();
  });
});
