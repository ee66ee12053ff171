#!/usr/bin/env node
// The one local command that matches CI: type-check, lint (with the rule against unsanitized HTML
// sinks), unit and fixture tests, the Chrome and Firefox builds, `web-ext lint` of the Firefox
// build, and the end-to-end tests in Debian's Chromium. Ends with a plain `N passed, N failed` line
// (tests counted one by one; each check counts as one) and a non-zero exit on any failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureChromium } from './chromium.mjs';

const RESULTS = 'test-results';
mkdirSync(RESULTS, { recursive: true });
let passed = 0;
let failed = 0;
const failures = [];
const only = process.argv.slice(2); // e.g. `npm test -- unit e2e`

function run(cmd, args, env = {}) {
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return { ok: r.status === 0, seconds: ((Date.now() - started) / 1000).toFixed(1) };
}

function step(name, fn) {
  if (only.length > 0 && !only.some((o) => name.startsWith(o))) return;
  console.log(`\n▶ ${name}`);
  fn();
}

function check(name, cmd, args, env) {
  const { ok, seconds } = run(cmd, args, env);
  console.log(`${ok ? '✔' : '✘'} ${name} (${seconds} s)`);
  if (ok) passed += 1;
  else {
    failed += 1;
    failures.push(name);
  }
  return ok;
}

/** Runs a Vitest suite with a JSON report beside the normal output and counts its tests. */
function vitest(name, config, env) {
  const report = join(RESULTS, `${name}.json`);
  rmSync(report, { force: true });
  const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`];
  if (config) args.push('--config', config);
  const { ok, seconds } = run('npx', args, env);
  if (!existsSync(report)) {
    failed += 1;
    failures.push(`${name} (no report: the runner did not finish)`);
    return;
  }
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  if (r.numFailedTests > 0) failures.push(`${name}: ${r.numFailedTests} failed`);
  if (!ok && r.numFailedTests === 0) {
    failed += 1;
    failures.push(`${name} (suite error)`);
  }
  console.log(`${ok ? '✔' : '✘'} ${name}: ${r.numPassedTests} passed, ${r.numFailedTests} failed (${seconds} s)`);
}

step('typecheck', () => check('typecheck', 'npx', ['tsc', '--noEmit']));
step('lint', () => check('lint', 'npx', ['eslint', '.']));
step('unit', () => vitest('unit'));
step('build', () => {
  check('build chrome', 'npx', ['wxt', 'build']);
  if (check('build firefox', 'npx', ['wxt', 'build', '-b', 'firefox'])) {
    check('web-ext lint (Firefox build, 0 errors)', 'npx', ['web-ext', 'lint', '--source-dir', '.output/firefox-mv2', '--self-hosted']);
  }
});
step('e2e', () => {
  const chromium = ensureChromium();
  if (!chromium.ok) {
    failed += 1;
    failures.push(`e2e: ${chromium.message}`);
    console.log(`✘ e2e: ${chromium.message}`);
    return;
  }
  if (check('build e2e flavour', 'npm', ['run', '-s', 'build:e2e'])) {
    vitest('e2e', 'vitest.e2e.config.ts', { CASEFILE_SKIP_BUILD: '1', CHROMIUM_PATH: chromium.path });
  }
});

if (failures.length > 0) console.log(`\nFailed: ${failures.join('; ')}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
