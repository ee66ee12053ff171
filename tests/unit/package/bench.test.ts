import { expect, it } from 'vitest';
import { benchPackage } from './bench';

/**
 * Times a package of 10,000 messages and a 5 MiB screenshot. Slow, so it runs only when asked:
 * CASEFILE_BENCH=1 npx vitest run tests/unit/package/bench.test.ts
 */
it.runIf(process.env.CASEFILE_BENCH === '1')(
  'builds and verifies 10,000 messages and a 5 MiB screenshot',
  async () => {
    const result = await benchPackage();
    console.log(JSON.stringify(result, null, 2));
    expect(result.verified).toBe(true);
  },
  300_000,
);
