// Finds Debian's Chromium for the end-to-end tests and the demo, installing it with apt when it is
// missing and we may (root, as on CI). Browser downloads from elsewhere are not used.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

export function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

export function ensureChromium() {
  let path = findChromium();
  if (path) return { ok: true, path };
  if (process.env.CHROMIUM_PATH) return { ok: false, message: `CHROMIUM_PATH is set to ${process.env.CHROMIUM_PATH}, but there is no browser there.` };
  if (typeof process.getuid === 'function' && process.getuid() === 0) {
    console.log('Chromium is missing: installing Debian’s chromium package (about a minute)…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
    path = findChromium();
    if (path) return { ok: true, path };
  }
  return {
    ok: false,
    message: 'Chromium is not installed. Install it with `sudo apt-get install -y chromium` (Debian) or set CHROMIUM_PATH to a Chromium binary.',
  };
}

/**
 * What the demo and the bench scripts need before they start a browser: Chromium (or exit with
 * what to install) and a fresh e2e build of the extension, unless CASEFILE_SKIP_BUILD=1 says the
 * caller built it already.
 */
export function prepareE2eRun({ announceBuild } = {}) {
  const chromium = ensureChromium();
  if (!chromium.ok) {
    console.error(chromium.message);
    process.exit(1);
  }
  process.env.CHROMIUM_PATH = chromium.path;
  if (process.env.CASEFILE_SKIP_BUILD === '1') return chromium.path;
  if (announceBuild) console.log(announceBuild);
  const built = spawnSync('npm', ['run', '-s', 'build:e2e'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (built.status !== 0) {
    console.error('The build failed; see the messages above.');
    process.exit(1);
  }
  return chromium.path;
}
