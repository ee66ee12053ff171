// Builds the e2e flavour of the extension once per run (unless CASEFILE_SKIP_BUILD=1 says the
// caller already built it), so every e2e file loads the same fresh build.
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  if (process.env.CASEFILE_SKIP_BUILD === '1') return;
  execFileSync('npm', ['run', '-s', 'build:e2e'], { stdio: 'inherit' });
}
