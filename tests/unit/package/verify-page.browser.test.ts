import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildPackage } from '@/utils/package';
import { createMessage, createPackageInput, OPTIONS } from './factories';
import { bytesOf, rezip, unzip } from './zip-helpers';

/**
 * verify.html and report.html in a real Chromium, opened from file:// as a recipient opens them:
 * the ZIP picker, the folder picker (webkitdirectory), a tampered package, and a report full of
 * hostile text that must neither run nor load anything. Skipped where Chromium is not installed
 * (CHROMIUM_PATH, else /usr/bin/chromium as in shared/TOOLCHAIN.md).
 */
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

describe.skipIf(!existsSync(CHROMIUM))('verify.html and report.html in Chromium, from file://', () => {
  let browser: Browser;
  let dir: string;
  let folder: string;
  let zipPath: string;
  let tamperedPath: string;

  beforeAll(async () => {
    const input = await createPackageInput();
    input.messages.push(createMessage({ id: 'msg-evil', text: '<img src=x onerror=alert(1)><script>alert(2)</script>\u202Eevil' }));
    const built = await buildPackage(input, OPTIONS);
    dir = mkdtempSync(join(tmpdir(), 'casefile-page-'));
    zipPath = join(dir, built.fileName);
    writeFileSync(zipPath, built.bytes);
    const files = unzip(built.bytes);
    for (const [name, bytes] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), bytes);
    }
    folder = join(dir, built.base);
    tamperedPath = join(dir, 'tampered.zip');
    writeFileSync(tamperedPath, rezip({ ...files, [`${built.base}/data/ticket.txt`]: bytesOf('changed') }));
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A page that records dialogs, script errors and any request that is not a local file. */
  async function open(url: string): Promise<{ page: Page; dialogs: string[]; errors: string[]; requests: string[] }> {
    const page = await browser.newPage();
    const dialogs: string[] = [];
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) requests.push(r.url());
    });
    await page.goto(url);
    return { page, dialogs, errors, requests };
  }

  it('verifies the ZIP picked in verify.html', async () => {
    const { page, errors, requests } = await open(pathToFileURL(join(folder, 'verify.html')).href);
    await page.setInputFiles('#pick-zip', zipPath);
    const verdict = await page.waitForSelector('.verdict', { timeout: 20_000 });
    expect(await verdict.textContent()).toMatch(/^Verified: all \d+ files match the manifests, the audit log of 4 entries is intact/);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  }, 30_000);

  it('verifies the unzipped folder picked in verify.html', async () => {
    const { page, errors } = await open(pathToFileURL(join(folder, 'verify.html')).href);
    await page.setInputFiles('#pick-folder', folder);
    const verdict = await page.waitForSelector('.verdict', { timeout: 20_000 });
    expect(await verdict.textContent()).toMatch(/^Verified:/);
    expect(errors).toEqual([]);
    await page.close();
  }, 30_000);

  it('names the changed file of a tampered ZIP', async () => {
    const { page } = await open(pathToFileURL(join(folder, 'verify.html')).href);
    await page.setInputFiles('#pick-zip', tamperedPath);
    const verdict = await page.waitForSelector('.verdict.bad', { timeout: 20_000 });
    expect(await verdict.textContent()).toContain('Changed: data/ticket.txt');
    expect(await page.textContent('tr.st-changed')).toContain('data/ticket.txt');
    await page.close();
  }, 30_000);

  it('shows hostile message text in report.html without running or loading anything', async () => {
    const { page, dialogs, errors, requests } = await open(pathToFileURL(join(folder, 'data', 'report.html')).href);
    expect(await page.evaluate(() => document.querySelectorAll('script, img').length)).toBe(0);
    expect(await page.evaluate(() => document.body.innerText)).toContain('<img src=x onerror=alert(1)><script>alert(2)</script>[U+202E]evil');
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  }, 30_000);
});
