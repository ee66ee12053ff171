import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };

/**
 * Builds the release flavour exactly as `npm run build` does (into a temporary folder) and reads
 * the manifests a user would install. The e2e switch must be impossible to ship by accident.
 */
const out = mkdtempSync(join(tmpdir(), 'casefile-release-'));
const FORBIDDEN = ['<all_urls>', 'tabs', 'cookies', 'webRequest', 'webRequestBlocking', 'debugger', 'history', 'scripting'];

function build(browser: 'chrome' | 'firefox', extraEnv: Record<string, string> = {}) {
  execFileSync('npx', ['wxt', 'build', '-b', browser], {
    env: { ...process.env, CASEFILE_E2E: '', ...extraEnv, CASEFILE_OUT_DIR: out },
    stdio: 'pipe',
  });
  const dir = browser === 'chrome' ? 'chrome-mv3' : 'firefox-mv2';
  return JSON.parse(readFileSync(join(out, dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
}

function allPermissions(m: Record<string, unknown>): string[] {
  return ['permissions', 'optional_permissions', 'host_permissions', 'optional_host_permissions'].flatMap((k) => (m[k] as string[] | undefined) ?? []);
}

describe('release manifest', () => {
  let chrome: Record<string, unknown>;
  let firefox: Record<string, unknown>;
  beforeAll(() => {
    chrome = build('chrome');
    firefox = build('firefox');
  }, 120_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('asks Chrome for exactly the permissions Casefile needs, and Upwork only', () => {
    expect(chrome.manifest_version).toBe(3);
    expect([...(chrome.permissions as string[])].sort()).toEqual(['activeTab', 'alarms', 'notifications', 'pageCapture', 'storage', 'unlimitedStorage'].sort());
    expect(chrome.host_permissions).toEqual(['https://www.upwork.com/*']);
    expect(chrome.optional_permissions ?? []).toEqual([]);
    expect(chrome.optional_host_permissions ?? []).toEqual([]);
    for (const p of FORBIDDEN) expect(allPermissions(chrome)).not.toContain(p);
  });

  it('content scripts run on Upwork only', () => {
    const scripts = chrome.content_scripts as { matches: string[] }[];
    expect(scripts.length).toBeGreaterThan(0);
    for (const s of scripts) expect(s.matches).toEqual(['https://www.upwork.com/*']);
  });

  it('the Firefox build has no pageCapture, a fixed id, and Upwork only', () => {
    const all = allPermissions(firefox);
    expect(all).not.toContain('pageCapture');
    expect(all).toContain('https://www.upwork.com/*');
    for (const p of FORBIDDEN) expect(all).not.toContain(p);
    expect(firefox.browser_specific_settings).toMatchObject({ gecko: { id: 'casefile@casefile-extension.org' } });
  });

  it('the e2e switch alone (without the e2e mode) still gives a release manifest', () => {
    const switched = build('chrome', { CASEFILE_E2E: '1' });
    expect(allPermissions(switched)).not.toContain('<all_urls>');
  }, 120_000); // it builds the extension once more

  it('npm run build and zip never set the e2e switch', () => {
    const scripts = pkg.scripts as Record<string, string>;
    for (const name of ['build', 'build:firefox', 'zip', 'zip:firefox']) {
      expect(scripts[name], name).not.toMatch(/CASEFILE_E2E|--mode e2e/);
    }
  });
});
