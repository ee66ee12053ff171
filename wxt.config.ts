import { defineConfig } from 'wxt';

/**
 * The e2e flavour exists only because automation cannot make the user gesture that grants
 * `activeTab`, so screenshots in tests need `<all_urls>`. It is built only by `npm run build:e2e`,
 * which sets BOTH the environment switch and `--mode e2e`, into its own folder (`.output-e2e/`),
 * with NODE_ENV=production so it runs the same production React as a release build (a mode other
 * than `production` would otherwise give React's development runtime, and benchmarks would
 * measure that).
 * `npm run build` / `npm run zip` run in production mode and can never carry it; a test reads the
 * release manifest to prove that.
 */
const isE2eBuild = process.env.CASEFILE_E2E === '1';

export const RELEASE_PERMISSIONS = ['storage', 'unlimitedStorage', 'alarms', 'notifications', 'activeTab'];
export const CHROME_ONLY_PERMISSIONS = ['pageCapture'];
export const HOST_PERMISSIONS = ['https://www.upwork.com/*'];
export const GECKO_ID = 'casefile@casefile-extension.org';

export default defineConfig({
  modules: ['@wxt-dev/module-react'],
  // CASEFILE_NO_MINIFY=1 keeps names readable for profiling (never set by build or zip).
  vite: () => ({ build: { minify: process.env.CASEFILE_NO_MINIFY !== '1' } }),
  // CASEFILE_OUT_DIR lets the manifest test build into a temporary folder.
  outDir: process.env.CASEFILE_OUT_DIR ?? (isE2eBuild ? '.output-e2e' : '.output'),
  manifest: ({ browser, mode }) => {
    const e2e = isE2eBuild && mode === 'e2e';
    const permissions = [...RELEASE_PERMISSIONS, ...(browser === 'chrome' ? CHROME_ONLY_PERMISSIONS : [])];
    const hosts = [...HOST_PERMISSIONS, ...(e2e ? ['<all_urls>'] : [])];
    return {
      name: e2e ? 'Casefile (e2e build, not for release)' : 'Casefile',
      description:
        'Keeps a timestamped, hashed record of your Upwork contracts and messages, and builds evidence packages for disputes.',
      permissions,
      host_permissions: hosts,
      action: { default_title: 'Casefile' },
      commands: {
        'capture-page': { suggested_key: { default: 'Alt+Shift+S' }, description: 'Capture this page: a screenshot and, on Chrome, an MHTML snapshot' },
      },
      browser_specific_settings:
        browser === 'firefox'
          ? { gecko: { id: GECKO_ID, strict_min_version: '142.0', data_collection_permissions: { required: ['none'] } } }
          : undefined,
    };
  },
});
