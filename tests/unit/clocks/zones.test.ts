// Runs zoned.test.ts in child Vitest processes under two real process time zones, so the clocks
// are proven under TZ=Asia/Kolkata (UTC+5:30, no DST) and TZ=America/New_York (DST), not only
// with a timeZone parameter.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';

const require = createRequire(import.meta.url);
const vitestCli = join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs');

describe.each(['Asia/Kolkata', 'America/New_York'])('under TZ=%s', (zone) => {
  test('the zone-sensitive tests pass', () => {
    const run = spawnSync(process.execPath, [vitestCli, 'run', 'tests/unit/clocks/zoned.test.ts', '--reporter=verbose', '--no-color'], {
      cwd: process.cwd(),
      env: { ...process.env, TZ: zone, CLOCKS_EXPECT_TZ: zone, NO_COLOR: '1', VITEST: undefined, VITEST_WORKER_ID: undefined, VITEST_POOL_ID: undefined },
      encoding: 'utf8',
      timeout: 120_000,
    });
    const output = `${run.stdout}\n${run.stderr}`;
    expect(run.status, output).toBe(0);
    expect(output).toMatch(/Tests\s+4 passed/);
  }, 150_000);
});
