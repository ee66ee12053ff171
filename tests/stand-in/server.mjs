// A stand-in for www.upwork.com: a local HTTPS server with invented sample data (sample-data.mjs)
// and pages shaped like the real ones (pages.mjs, REFERENCE.md §1–§4). Chromium reaches it through
// `--host-resolver-rules=MAP www.upwork.com 127.0.0.1:<port>` and trusts its self-signed certificate
// through `--ignore-certificate-errors-spki-list=<spki>` (shared/TOOLCHAIN.md), so content scripts
// matching https://www.upwork.com/* run on it exactly as on the real site.
//
// It listens on 127.0.0.1 only and makes no outgoing connection.
//
// Control state (server-side, so the captured pages keep Upwork's real URL shapes):
//   GET /__stand-in/state?variant=v2&json=off&attrs=off&virtualize=on   (merge; `reset=1` first resets)
//   GET /__stand-in/requests[?clear=1]                                  (log of requests served)
// Run `node tests/stand-in/server.mjs [--port N]` to start it by hand; it prints the Chromium flags.
import https from 'node:https';
import { execFileSync } from 'node:child_process';
import { X509Certificate, createHash, createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { USER_NAMES, allAttachments, roomById, IDS } from './sample-data.mjs';
import { roomsListJson, storiesPageJson } from './api.mjs';
import { attachmentBytes, avatarSvg, thumbnailBytes } from './files.mjs';
import {
  renderChallenge,
  renderContractsList,
  renderHome,
  renderLogin,
  renderMessagesPage,
  renderNotFound,
  renderWorkroom,
} from './pages.mjs';

const ASSETS_DIR = fileURLToPath(new URL('./assets/', import.meta.url));
const ASSET_TYPES = {
  'markup.js': 'text/javascript; charset=utf-8',
  'room.js': 'text/javascript; charset=utf-8',
  'workroom.js': 'text/javascript; charset=utf-8',
  'styles.css': 'text/css; charset=utf-8',
};

export const HOST = 'www.upwork.com';

/** @typedef {import('./pages.mjs').StandInState} StandInState */

/** @type {StandInState} */
export const DEFAULT_STATE = Object.freeze({
  variant: 'v1', // v1: first visit; v2: a later visit (see V2_CHANGES in sample-data.mjs)
  json: 'on', // off: no __NUXT_DATA__, and message pages render from embedded data without requests
  attrs: 'on', // off: the workroom loses its data-test/data-qa attributes (visible labels only)
  virtualize: 'off', // on: the message list unmounts items far out of view
  nuxt: 'devalue', // plain: __NUXT_DATA__ holds plain JSON instead of Nuxt's devalue format
  latency: 40, // ms added to every API response
  session: 'in', // out: pages redirect to /ab/account-security/login, APIs answer 401
  challenge: 'off', // on: every page is a bot challenge titled "Just a moment..."
});

const ALLOWED = {
  variant: ['v1', 'v2'],
  json: ['on', 'off'],
  attrs: ['on', 'off'],
  virtualize: ['on', 'off'],
  nuxt: ['devalue', 'plain'],
  session: ['in', 'out'],
  challenge: ['on', 'off'],
};

/** Validates a partial state; throws on unknown keys or values so a typo never goes unnoticed. */
function parseState(input) {
  const out = {};
  for (const [key, raw] of Object.entries(input)) {
    if (key === 'reset') continue;
    const value = String(raw);
    if (key === 'latency') {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0 || n > 10_000) throw new Error(`latency must be an integer 0..10000, got ${value}`);
      out.latency = n;
    } else if (ALLOWED[key]) {
      if (!ALLOWED[key].includes(value)) throw new Error(`${key} must be one of ${ALLOWED[key].join(', ')}, got ${value}`);
      out[key] = value;
    } else {
      throw new Error(`unknown stand-in state key: ${key}`);
    }
  }
  return out;
}

// --- Certificate -------------------------------------------------------------------------------

const CERT_DIR = join(tmpdir(), 'casefile-stand-in-tls');

function loadCertificate(dir) {
  try {
    const key = readFileSync(join(dir, 'key.pem'));
    const cert = readFileSync(join(dir, 'cert.pem'));
    const x509 = new X509Certificate(cert);
    const weekAhead = Date.now() + 7 * 86_400_000;
    if (!x509.checkPrivateKey(createPrivateKey(key)) || Date.parse(x509.validTo) < weekAhead || !x509.checkHost(HOST)) return null;
    const spki = createHash('sha256').update(x509.publicKey.export({ type: 'spki', format: 'der' })).digest('base64');
    return { key, cert, spki };
  } catch {
    return null;
  }
}

/**
 * A self-signed certificate for www.upwork.com made with openssl (TOOLCHAIN.md), cached under the
 * system's temporary directory and reused while valid. Returns the PEMs and the base64 SHA-256 of
 * its SubjectPublicKeyInfo, the value for `--ignore-certificate-errors-spki-list`.
 */
export function standInCertificate() {
  const cached = loadCertificate(CERT_DIR);
  if (cached) return cached;
  // Generate into a private folder, then move it into place in one rename (safe if two start at once).
  const work = mkdtempSync(`${CERT_DIR}-new-`);
  try {
    execFileSync(
      'openssl',
      [
        'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
        '-keyout', join(work, 'key.pem'), '-out', join(work, 'cert.pem'), '-days', '365',
        '-subj', `/CN=${HOST}`, '-addext', `subjectAltName=DNS:${HOST}`,
      ],
      { stdio: 'pipe' },
    );
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    throw new Error(`openssl could not make the stand-in certificate (is openssl installed?): ${error.stderr ?? error.message}`, { cause: error });
  }
  rmSync(CERT_DIR, { recursive: true, force: true });
  try {
    renameSync(work, CERT_DIR);
  } catch {
    // Another process won the race: use its certificate.
    rmSync(work, { recursive: true, force: true });
  }
  const made = loadCertificate(CERT_DIR);
  if (!made) throw new Error(`The stand-in certificate in ${CERT_DIR} is unusable`);
  return made;
}

// --- HTTP helpers --------------------------------------------------------------------------------

function send(req, res, status, type, body, extra = {}) {
  const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': buf.length, 'Cache-Control': 'no-store', ...extra });
  res.end(req.method === 'HEAD' ? undefined : buf);
}

const html = (req, res, status, body) => send(req, res, status, 'text/html; charset=utf-8', body);
const json = (req, res, status, value) => send(req, res, status, 'application/json; charset=utf-8', JSON.stringify(value));
const redirect = (req, res, location) => send(req, res, 302, 'text/plain; charset=utf-8', `Redirecting to ${location}`, { Location: location });
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const ROOM_PATH = /^\/ab\/messages\/rooms\/(room_[0-9a-f]{32})(?:\/(story_[0-9a-f]+))?\/?$/;
const STORIES_API = /^\/api\/v3\/rooms\/rooms\/(room_[0-9a-f]{32})\/stories\/simplified\/?$/;
const WORKROOM_PATH = /^\/nx\/wm\/workroom\/(\d+)(?:\/([a-z-]+))?\/?$/;
const LEGACY_CONTRACT_PATH = /^\/ab\/(?:f\/)?contracts\/(\d+)\/?$/;
const ATTACHMENT_PATH = /^\/messages\/(att|files)\/(att_[0-9a-f]+)\/([^/]+)$/;

/**
 * Starts the stand-in on 127.0.0.1.
 *
 * @param {{ port?: number }} [options] port 0 (default) picks a free one
 */
export async function startStandIn({ port = 0 } = {}) {
  const { key, cert, spki } = standInCertificate();
  /** @type {StandInState} */
  let state = { ...DEFAULT_STATE };
  /** @type {{ method: string, url: string, status: number, at: number }[]} */
  let log = [];

  async function route(req, res, url) {
    const path = url.pathname;
    const q = url.searchParams;

    // Control endpoints.
    if (path === '/__stand-in/state') {
      try {
        const changes = parseState(Object.fromEntries(q));
        state = { ...(q.get('reset') === '1' ? DEFAULT_STATE : state), ...changes };
        return json(req, res, 200, { state });
      } catch (error) {
        return json(req, res, 400, { error: error.message });
      }
    }
    if (path === '/__stand-in/requests') {
      const body = { requests: log.slice() };
      if (q.get('clear') === '1') log = [];
      return json(req, res, 200, body);
    }

    // Static assets.
    if (path.startsWith('/stand-in-assets/')) {
      const name = path.slice('/stand-in-assets/'.length);
      const avatar = /^avatar\/(\d+)\.svg$/.exec(name);
      if (avatar) return send(req, res, 200, 'image/svg+xml', avatarSvg(avatar[1], USER_NAMES[avatar[1]] ?? '?'));
      if (!Object.hasOwn(ASSET_TYPES, name)) return send(req, res, 404, 'text/plain; charset=utf-8', 'Not found');
      return send(req, res, 200, ASSET_TYPES[name], await readFile(join(ASSETS_DIR, name)));
    }

    const isApi = path.startsWith('/api/');
    if (state.challenge === 'on') return html(req, res, 403, renderChallenge());
    if (state.session === 'out' && !/^\/ab\/account-security\/login\/?$/.test(path)) {
      if (isApi) return json(req, res, 401, { error: { status: 401, message: 'Unauthorized' } });
      return redirect(req, res, `/ab/account-security/login?redir=${encodeURIComponent(path + url.search)}`);
    }

    // The JSON the pages load (REFERENCE §2).
    if (isApi) {
      await delay(state.latency);
      if (path === '/api/v3/rooms/rooms/simplified') return json(req, res, 200, roomsListJson(state.variant));
      const m = STORIES_API.exec(path);
      if (m) {
        if (!roomById(m[1])) return json(req, res, 404, { error: { status: 404, message: 'Room not found' } });
        const limit = q.has('limit') ? Number(q.get('limit')) : undefined;
        const before = q.has('before') ? Number(q.get('before')) : undefined;
        if ((limit !== undefined && !Number.isFinite(limit)) || (before !== undefined && !Number.isFinite(before))) {
          return json(req, res, 400, { error: { status: 400, message: 'Bad paging parameters' } });
        }
        return json(req, res, 200, storiesPageJson(m[1], state.variant, { limit, before }));
      }
      return json(req, res, 404, { error: { status: 404, message: 'Not found' } });
    }

    // Attachments.
    const att = ATTACHMENT_PATH.exec(path);
    if (att) {
      const file = allAttachments().find((a) => a.objectReferenceId === att[2]);
      if (!file || file.deleted) return send(req, res, 404, 'text/plain; charset=utf-8', 'File not found');
      if (att[1] === 'files' && att[3] === 'thumbnail' && file.objectType === 'IMAGE') return send(req, res, 200, 'image/png', thumbnailBytes(file));
      if (decodeURIComponent(att[3]) !== file.name) return send(req, res, 404, 'text/plain; charset=utf-8', 'File not found');
      const disposition = file.objectType === 'IMAGE' ? 'inline' : 'attachment';
      return send(req, res, 200, file.mimeType, attachmentBytes(file), {
        'Content-Disposition': `${disposition}; filename="${file.name}"`,
      });
    }

    // Pages (REFERENCE §1).
    if (path === '/') return html(req, res, 200, renderHome());
    if (/^\/ab\/messages(?:\/rooms)?\/?$/.test(path)) return html(req, res, 200, renderMessagesPage({ roomId: null, state }));
    let m = ROOM_PATH.exec(path);
    if (m) {
      if (!roomById(m[1])) return html(req, res, 404, renderNotFound());
      return html(req, res, 200, renderMessagesPage({ roomId: m[1], storyId: m[2] ?? null, state }));
    }
    m = WORKROOM_PATH.exec(path);
    if (m) {
      const page = renderWorkroom({ contractId: m[1], tab: m[2] ?? 'overview', path, state });
      return page ? html(req, res, 200, page) : html(req, res, 404, renderNotFound());
    }
    m = LEGACY_CONTRACT_PATH.exec(path);
    if (m) return redirect(req, res, `/nx/wm/workroom/${m[1]}`);
    if (/^\/nx\/wm\/contracts\/?$/.test(path)) return html(req, res, 200, renderContractsList({ state }));
    if (/^\/ab\/account-security\/login\/?$/.test(path)) return html(req, res, 200, renderLogin());
    return html(req, res, 404, renderNotFound());
  }

  const server = https.createServer({ key, cert }, (req, res) => {
    const url = new URL(req.url ?? '/', `https://${HOST}`);
    res.on('finish', () => log.push({ method: req.method ?? 'GET', url: url.pathname + url.search, status: res.statusCode, at: Date.now() }));
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      json(req, res, 405, { error: { status: 405, message: 'The stand-in only serves GET' } });
      return;
    }
    route(req, res, url).catch((error) => {
      if (!res.headersSent) json(req, res, 500, { error: { status: 500, message: String(error?.message ?? error) } });
      else res.destroy();
    });
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(undefined));
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;

  return {
    port: actualPort,
    spki,
    /** Chromium flags that send www.upwork.com here and accept the certificate. */
    chromiumArgs: [`--host-resolver-rules=MAP ${HOST} 127.0.0.1:${actualPort}`, `--ignore-certificate-errors-spki-list=${spki}`],
    /** The address a browser started with `chromiumArgs` uses: `https://www.upwork.com<path>`. */
    url: (path = '/') => `https://${HOST}${path}`,
    /** The address for clients that do not remap the host (e.g. Node): `https://127.0.0.1:<port><path>`. */
    localUrl: (path = '/') => `https://127.0.0.1:${actualPort}${path}`,
    /** Merges control state (same keys and values as `/__stand-in/state`); returns the new state. */
    setState(changes) {
      state = { ...state, ...parseState(changes ?? {}) };
      return { ...state };
    },
    resetState() {
      state = { ...DEFAULT_STATE };
      return { ...state };
    },
    getState: () => ({ ...state }),
    /** Requests served so far (method, path with query, status, time). */
    requests: () => log.slice(),
    clearRequests() {
      log = [];
    },
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve(undefined));
        server.closeAllConnections();
      });
    },
  };
}

// --- Command line ----------------------------------------------------------------------------

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const i = process.argv.indexOf('--port');
  const port = i > 0 ? Number(process.argv[i + 1]) : Number(process.env.PORT ?? 0);
  const standIn = await startStandIn({ port });
  const room = IDS.fixedRoomId;
  console.log(`Stand-in for https://${HOST} listening on 127.0.0.1:${standIn.port}`);
  console.log(`SPKI (sha256, base64): ${standIn.spki}`);
  console.log('\nChromium flags:');
  for (const arg of standIn.chromiumArgs) console.log(`  '${arg}'`);
  console.log('\nFor example:');
  console.log(
    `  chromium --user-data-dir="$(mktemp -d)" ${standIn.chromiumArgs.map((a) => `'${a}'`).join(' ')} ` +
      `--load-extension=.output/chrome-mv3 https://${HOST}/ab/messages/rooms/${room}`,
  );
  console.log('\nPages:');
  for (const p of [
    `/ab/messages/rooms/${room}`,
    `/nx/wm/workroom/${IDS.fixedContractId}/overview`,
    `/nx/wm/workroom/${IDS.hourlyContractId}/overview`,
    '/nx/wm/contracts',
  ]) {
    console.log(`  ${standIn.url(p)}`);
  }
  console.log(`\nControl: ${standIn.url('/__stand-in/state?variant=v2')}  (keys: variant, json, attrs, virtualize, nuxt, latency, session, challenge; reset=1)`);
  console.log('Press Ctrl+C to stop.');
  const stop = async () => {
    await standIn.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
