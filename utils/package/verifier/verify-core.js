/* global crypto, DecompressionStream, TextDecoder, TextEncoder */
/*
 * Casefile package verifier.
 *
 * This exact file is copied into every package's verify.html and is also what the Casefile
 * extension runs when it opens a package, so the recipient reads the same checks the sender ran.
 * Plain JavaScript, no imports, no network: it needs only WebCrypto (SHA-256) and
 * DecompressionStream (to read a ZIP), which browsers and Node 20 provide.
 *
 * What it checks (a BagIt 1.0 bag, RFC 8493):
 *  - every file listed in manifest-sha256.txt and tagmanifest-sha256.txt: OK, changed or missing;
 *  - every other file: unexpected;
 *  - Payload-Oxum (total bytes and number of payload files) against bag-info.txt;
 *  - the package digest: SHA-256 of manifest-sha256.txt, against bag-info.txt (and against the
 *    digest quoted in a support ticket, when one is given);
 *  - the audit log (data/audit-log.jsonl): each entry's hash and its link to the entry before.
 * Reading a ZIP, it refuses unsafe names (../, absolute paths), and stops entries that expand
 * beyond what they declare or beyond the limits below (ZIP bombs).
 */

/** Limits for reading a ZIP. Casefile never writes more than these. */
export const LIMITS = {
  maxEntries: 100000,
  maxEntryBytes: 1024 * 1024 * 1024,
  maxTotalBytes: 2 * 1024 * 1024 * 1024,
};

export const ZERO_HASH = '0'.repeat(64);

/** Operating-system leftovers in a folder or re-zipped archive: listed, never counted as a problem. */
const OS_LITTER = /(^|\/)(\.DS_Store|Thumbs\.db|desktop\.ini)$|^__MACOSX\//;

function problem(code, message, path) {
  return { code, message, path: path === undefined ? null : path };
}

/** An error carrying a problem, thrown while reading one entry and caught by the checker. */
function entryError(code, message, path) {
  const error = new Error(message);
  error.problem = problem(code, message, path);
  return error;
}

function formatBytes(n) {
  return n >= 1024 * 1024 ? (n / (1024 * 1024)).toFixed(1) + ' MiB' : n + ' bytes';
}

// ---------------------------------------------------------------------------------------------
// Hashes

function toHex(buffer) {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function sha256Hex(bytes) {
  return toHex(await crypto.subtle.digest('SHA-256', bytes));
}

let crcTable = null;
/** CRC-32 as ZIP uses it: tells a damaged archive apart from a changed file. */
export function crc32(bytes) {
  if (!crcTable) {
    crcTable = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c;
    }
  }
  let crc = -1;
  for (let i = 0; i < bytes.length; i++) crc = crcTable[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}

/**
 * Canonical JSON (RFC 8785): keys sorted by UTF-16 code units, no spaces; numbers and strings as
 * JSON.stringify writes them. Audit entries are hashed over this form.
 */
export function canonicalJson(value) {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return '[' + value.map(canonicalJson).join(',') + ']';
  const keys = Object.keys(value)
    .filter((k) => value[k] !== undefined)
    .sort();
  return '{' + keys.map((k) => JSON.stringify(k) + ':' + canonicalJson(value[k])).join(',') + '}';
}

// ---------------------------------------------------------------------------------------------
// Reading a ZIP (only what Casefile needs: stored and deflated entries, no ZIP64, no encryption)

const utf8 = new TextDecoder('utf-8');
const u16 = (b, o) => b[o] | (b[o + 1] << 8);
const u32 = (b, o) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;

/** Why an entry name is unsafe to use as a path, or null when it is fine. */
export function unsafeNameReason(name) {
  if (name.length === 0) return 'it is empty';
  if (name.length > 1024) return 'it is longer than 1024 characters';
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'it contains a control character';
  if (name.includes('\\')) return 'it contains a backslash (a Windows path separator)';
  if (name.startsWith('/')) return 'it is an absolute path';
  if (name.includes(':')) return 'it contains a colon (a drive letter or Windows stream)';
  const parts = name.replace(/\/$/, '').split('/');
  if (parts.includes('..')) return 'it climbs out of the folder (..)';
  if (parts.some((p) => p === '' || p === '.')) return 'it has an empty or "." path segment';
  return null;
}

/**
 * Reads a ZIP's central directory. Returns { files, problems }: files maps each entry name to
 * { size, read() }, where read() resolves to the entry's bytes (checked against its CRC-32) or
 * throws an error whose .problem names what is wrong. Nothing is decompressed until read().
 */
export function openZip(bytes, limits) {
  limits = Object.assign({}, LIMITS, limits || {});
  const files = new Map();
  const problems = [];
  const fatal = (code, message) => ({ files: new Map(), problems: [problem(code, message)] });

  if (bytes.length < 22) return fatal('truncated', 'This is not a complete ZIP file: it is too short (truncated, or not a ZIP).');
  // The end record is the last thing in a ZIP (a comment of up to 65,535 bytes may follow it).
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (u32(bytes, i) === 0x06054b50 && i + 22 + u16(bytes, i + 20) <= bytes.length) {
      end = i;
      break;
    }
  }
  if (end < 0) return fatal('truncated', 'This is not a complete ZIP file: its end record is missing, so it was cut short (truncated) or is not a ZIP.');
  const count = u16(bytes, end + 10);
  const dirSize = u32(bytes, end + 12);
  const dirStart = u32(bytes, end + 16);
  if (u16(bytes, end + 4) !== 0 || u16(bytes, end + 6) !== 0 || u16(bytes, end + 8) !== count) {
    return fatal('unsupported', 'This ZIP is split into several parts, which this page cannot read.');
  }
  if (count === 0xffff || dirSize === 0xffffffff || dirStart === 0xffffffff) {
    return fatal('unsupported', 'This is a ZIP64 archive (over 4 GB or 65,535 files), which this page cannot read.');
  }
  if (count > limits.maxEntries) return fatal('too-many-entries', 'The ZIP lists ' + count + ' files, more than the limit of ' + limits.maxEntries + '.');
  if (dirStart + dirSize > end) return fatal('truncated', 'The ZIP is damaged or truncated: its directory lies outside the file.');

  const seen = new Set();
  let total = 0;
  let p = dirStart;
  for (let i = 0; i < count; i++) {
    if (p + 46 > dirStart + dirSize || u32(bytes, p) !== 0x02014b50) {
      return fatal('damaged', 'The ZIP is damaged: its directory breaks off at entry ' + (i + 1) + ' of ' + count + '.');
    }
    const flags = u16(bytes, p + 8);
    const method = u16(bytes, p + 10);
    const crc = u32(bytes, p + 16);
    const compressedSize = u32(bytes, p + 20);
    const size = u32(bytes, p + 24);
    const nameLength = u16(bytes, p + 28);
    const localOffset = u32(bytes, p + 42);
    const nameBytes = bytes.subarray(p + 46, p + 46 + nameLength);
    const name = utf8.decode(nameBytes);
    p += 46 + nameLength + u16(bytes, p + 30) + u16(bytes, p + 32);
    if (p > dirStart + dirSize) return fatal('damaged', 'The ZIP is damaged: its directory breaks off at entry ' + (i + 1) + '.');

    const unsafe = unsafeNameReason(name);
    if (unsafe) {
      problems.push(problem('unsafe-name', 'The ZIP holds an entry named "' + name + '", which is unsafe because ' + unsafe + '. It was not read.', name));
      continue;
    }
    if (seen.has(name)) {
      if (files.delete(name) || !problems.some((q) => q.code === 'duplicate-name' && q.path === name)) {
        problems.push(problem('duplicate-name', 'The ZIP holds more than one entry named "' + name + '"; none of them can be trusted.', name));
      }
      continue;
    }
    seen.add(name);
    if (name.endsWith('/')) continue; // a folder entry holds nothing
    if (flags & 1) {
      problems.push(problem('unreadable', 'Entry "' + name + '" is encrypted.', name));
      continue;
    }
    if (method !== 0 && method !== 8) {
      problems.push(problem('unreadable', 'Entry "' + name + '" uses compression method ' + method + ', which this page cannot read.', name));
      continue;
    }
    if (size > limits.maxEntryBytes) {
      problems.push(problem('too-large', 'Entry "' + name + '" would expand to ' + formatBytes(size) + ', over the limit of ' + formatBytes(limits.maxEntryBytes) + ' (a ZIP bomb?). It was not read.', name));
      continue;
    }
    total += size;
    if (total > limits.maxTotalBytes) {
      return fatal('too-large', 'The ZIP would expand to more than ' + formatBytes(limits.maxTotalBytes) + ' (a ZIP bomb?). Nothing was read.');
    }
    // The data starts after the entry's local header, whose name must match the directory's.
    const localNameLength = localOffset + 30 <= bytes.length ? u16(bytes, localOffset + 26) : 0;
    const start = localOffset + 30 + localNameLength + (localOffset + 30 <= bytes.length ? u16(bytes, localOffset + 28) : 0);
    if (localOffset + 30 > bytes.length || u32(bytes, localOffset) !== 0x04034b50 || utf8.decode(bytes.subarray(localOffset + 30, localOffset + 30 + localNameLength)) !== name) {
      problems.push(problem('damaged', 'Entry "' + name + '" is damaged: its local header is missing or names another file.', name));
      continue;
    }
    if (start + compressedSize > bytes.length) {
      problems.push(problem('truncated', 'Entry "' + name + '" is cut short: the ZIP was truncated.', name));
      continue;
    }
    if (method === 0 && compressedSize !== size) {
      problems.push(problem('damaged', 'Entry "' + name + '" is damaged: its stored size does not match.', name));
      continue;
    }
    const data = bytes.subarray(start, start + compressedSize);
    files.set(name, { size, read: () => readEntry(name, data, method, size, crc) });
  }
  return { files, problems };
}

async function readEntry(name, data, method, size, crc) {
  const bytes = method === 0 ? data : await inflate(name, data, size);
  if (crc32(bytes) !== crc) throw entryError('damaged', 'Entry "' + name + '" is damaged: its ZIP checksum (CRC-32) does not match.', name);
  return bytes;
}

/**
 * Inflates raw DEFLATE data, never producing more than the size the entry declares: input goes in
 * 16 KiB pieces (at most ~16 MiB of output each), and reading stops as soon as the output would
 * exceed the declared size.
 */
async function inflate(name, data, size) {
  const stream = new DecompressionStream('deflate-raw');
  const writer = stream.writable.getWriter();
  const feeding = (async () => {
    for (let o = 0; o < data.length; o += 16384) await writer.write(data.subarray(o, o + 16384));
    await writer.close();
  })();
  feeding.catch(() => {}); // a failure shows up on the reading side
  const reader = stream.readable.getReader();
  // The buffer grows as data arrives, so a size declared but never delivered costs nothing.
  let out = new Uint8Array(Math.min(size, 1024 * 1024));
  let length = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (length + value.length > size) {
        throw entryError('too-large', 'Entry "' + name + '" expands beyond the ' + size + ' bytes it declares (a ZIP bomb or a damaged ZIP). Reading stopped.', name);
      }
      if (length + value.length > out.length) {
        const bigger = new Uint8Array(Math.min(size, Math.max(out.length * 2, length + value.length)));
        bigger.set(out.subarray(0, length));
        out = bigger;
      }
      out.set(value, length);
      length += value.length;
    }
  } catch (error) {
    reader.cancel().catch(() => {});
    if (error.problem) throw error;
    throw entryError('damaged', 'Entry "' + name + '" is damaged: it cannot be decompressed (' + (error.message || error) + ').', name);
  }
  if (length !== size) throw entryError('damaged', 'Entry "' + name + '" is damaged: it is shorter than it declares.', name);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Reading the bag's text files

/** manifest lines: "<sha256>  <path>" (RFC 8493 §2.1.3; CR, LF and % in paths are %-encoded). */
export function parseManifest(text, name) {
  const entries = new Map();
  const problems = [];
  text.split(/\r\n|\r|\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    const m = /^([0-9a-fA-F]{64})[ \t]+(.+)$/.exec(line);
    if (!m) {
      problems.push(problem('bad-manifest', name + ' line ' + (i + 1) + ' is not "<SHA-256> <path>".', name));
      return;
    }
    const path = m[2].replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%');
    const unsafe = unsafeNameReason(path);
    if (unsafe) problems.push(problem('unsafe-name', name + ' lists "' + path + '", which is unsafe because ' + unsafe + '.', path));
    else if (entries.has(path)) problems.push(problem('bad-manifest', name + ' lists "' + path + '" twice.', path));
    else entries.set(path, m[1].toLowerCase());
  });
  return { entries, problems };
}

/** bag-info.txt: "Label: value" lines; a line starting with white space continues the value. */
export function parseBagInfo(text) {
  const tags = Object.create(null); // labels are data: "__proto__" is just a label here
  let last = null;
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (/^[ \t]/.test(line) && last) tags[last] += ' ' + line.trim();
    else {
      const i = line.indexOf(':');
      if (i > 0) {
        last = line.slice(0, i).trim();
        tags[last] = line.slice(i + 1).trim();
      }
    }
  }
  return tags;
}

// ---------------------------------------------------------------------------------------------
// The audit log

/** The hash of one entry covers the previous entry's hash and all of its own content. */
export async function auditEntryHash(entry) {
  const { seq, at, type, subject, details, prevHash } = entry;
  return sha256Hex(new TextEncoder().encode(canonicalJson({ seq, at, type, subject, details, prevHash })));
}

/**
 * Checks a chain in file order: every entry's hash matches its content, links to the one before,
 * and no number is skipped (an entry removed). Returns { ok, count, headHash, problems }.
 */
export async function checkAuditLog(text) {
  const problems = [];
  const entries = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let entry = null;
    try {
      entry = JSON.parse(line);
    } catch {
      // reported below
    }
    if (entry && typeof entry === 'object' && !Array.isArray(entry)) entries.push(entry);
    else problems.push({ seq: null, problem: 'line ' + (i + 1) + ' is not an audit entry (JSON object)' });
  });
  let prevHash = ZERO_HASH;
  let expected = 1;
  for (const entry of entries) {
    if (entry.seq !== expected) {
      problems.push({
        seq: entry.seq,
        problem: entry.seq > expected ? 'entries ' + expected + '–' + (entry.seq - 1) + ' are missing (removed from the log)' : 'entry ' + entry.seq + ' is out of order',
      });
    }
    if (entry.prevHash !== prevHash) problems.push({ seq: entry.seq, problem: 'entry ' + entry.seq + ' does not link to the entry before it' });
    if ((await auditEntryHash(entry)) !== entry.hash) problems.push({ seq: entry.seq, problem: 'entry ' + entry.seq + ' was changed after it was written' });
    prevHash = entry.hash;
    expected = entry.seq + 1;
  }
  return { ok: problems.length === 0, count: entries.length, headHash: prevHash, problems };
}

// ---------------------------------------------------------------------------------------------
// Checking a bag

const TAG_FILES_KEPT = ['bagit.txt', 'bag-info.txt', 'manifest-sha256.txt', 'tagmanifest-sha256.txt', 'data/audit-log.jsonl', 'data/index.json'];

/**
 * Checks a bag. `files` maps paths (from a ZIP, or relative paths in a picked folder) to
 * { size, read() }. The bag is the folder holding bagit.txt; files outside it are unexpected.
 * Options: { onProgress({ done, total, bytesDone, bytesTotal, path }), expectedDigest, problems }
 * (problems found while opening the ZIP). Never throws on bad input: everything wrong is a problem.
 */
export async function verifyBag(files, options) {
  options = options || {};
  const problems = (options.problems || []).slice();
  const notes = [];
  const results = [];
  const report = {
    ok: false,
    problems,
    notes,
    files: results,
    bag: { base: null, packageId: null, exportTime: null, softwareAgent: null, format: null, bagInfo: {} },
    digest: { recorded: null, computed: null, expected: options.expectedDigest ? options.expectedDigest.trim().toLowerCase() : null, matches: false },
    oxum: { recorded: null, computed: null },
    audit: null,
    counts: { ok: 0, changed: 0, missing: 0, unexpected: 0, unreadable: 0, ignored: 0 },
    indexJson: null,
  };

  // The bag's folder: the shallowest bagit.txt (a ZIP holds one folder named like the ZIP).
  const names = Array.from(files.keys()).sort();
  const bagits = names.filter((n) => n === 'bagit.txt' || n.endsWith('/bagit.txt'));
  const depth = (n) => n.split('/').length;
  bagits.sort((a, b) => depth(a) - depth(b));
  if (bagits.length === 0) {
    // When the ZIP itself could not be read, that is the problem to report, not the missing bag.
    if (files.size > 0 || problems.length === 0) problems.push(problem('not-a-bag', 'This is not a Casefile package: there is no bagit.txt in it.'));
    return finish(report);
  }
  if (bagits.length > 1 && depth(bagits[0]) === depth(bagits[1])) {
    problems.push(problem('not-a-bag', 'This holds more than one package (' + bagits.join(', ') + '); check them one at a time.'));
    return finish(report);
  }
  const base = bagits[0].slice(0, -'bagit.txt'.length);
  report.bag.base = base.replace(/\/$/, '') || null;
  const inBag = new Map();
  for (const name of names) {
    if (name.startsWith(base)) inBag.set(name.slice(base.length), files.get(name));
    else results.push(unexpected(name, files.get(name)));
  }

  // Small files needed for the checks are kept as they are hashed.
  const kept = {};
  const readKept = async (path) => {
    if (!(path in kept)) {
      const file = inBag.get(path);
      kept[path] = file ? await readSafely(file, base + path, problems) : null;
    }
    return kept[path];
  };
  const text = async (path) => {
    const bytes = await readKept(path);
    return bytes ? utf8.decode(bytes) : null;
  };

  const bagit = await text('bagit.txt');
  if (bagit !== null && !/^BagIt-Version: 1\.0\r?\nTag-File-Character-Encoding: UTF-8\r?\n?$/.test(bagit)) {
    problems.push(problem('bad-bagit', 'bagit.txt does not declare BagIt 1.0 with UTF-8 tag files.', base + 'bagit.txt'));
  }
  const bagInfo = parseBagInfo((await text('bag-info.txt')) || '');
  report.bag.bagInfo = bagInfo;
  report.bag.packageId = bagInfo['External-Identifier'] || null;
  report.bag.exportTime = bagInfo['Casefile-Export-Time'] || null;
  report.bag.softwareAgent = bagInfo['Bag-Software-Agent'] || null;
  report.bag.format = bagInfo['Casefile-Format'] || null;

  const manifestText = await text('manifest-sha256.txt');
  const tagText = await text('tagmanifest-sha256.txt');
  if (manifestText === null) problems.push(problem('missing-manifest', 'manifest-sha256.txt is missing, so the files cannot be checked.', base + 'manifest-sha256.txt'));
  if (tagText === null) problems.push(problem('missing-manifest', 'tagmanifest-sha256.txt is missing, so bag-info.txt and this page cannot be checked.', base + 'tagmanifest-sha256.txt'));
  const manifest = parseManifest(manifestText || '', 'manifest-sha256.txt');
  const tagManifest = parseManifest(tagText || '', 'tagmanifest-sha256.txt');
  problems.push(...manifest.problems, ...tagManifest.problems);
  for (const path of manifest.entries.keys()) {
    if (!path.startsWith('data/')) problems.push(problem('bad-manifest', 'manifest-sha256.txt lists "' + path + '", which is outside data/.', path));
  }
  for (const path of tagManifest.entries.keys()) {
    if (path.startsWith('data/')) problems.push(problem('bad-manifest', 'tagmanifest-sha256.txt lists "' + path + '", which is a payload file.', path));
  }

  // The package digest: SHA-256 of manifest-sha256.txt.
  report.digest.recorded = bagInfo['Casefile-Package-Digest'] ? bagInfo['Casefile-Package-Digest'].toLowerCase() : null;
  if (kept['manifest-sha256.txt']) report.digest.computed = await sha256Hex(kept['manifest-sha256.txt']);
  if (report.digest.computed) {
    if (!report.digest.recorded) problems.push(problem('digest', 'bag-info.txt records no package digest (Casefile-Package-Digest).', base + 'bag-info.txt'));
    else if (report.digest.recorded !== report.digest.computed) {
      problems.push(problem('digest', 'The package digest does not match: bag-info.txt records ' + report.digest.recorded + ' but manifest-sha256.txt hashes to ' + report.digest.computed + '.', base + 'manifest-sha256.txt'));
    }
    if (report.digest.expected && report.digest.expected !== report.digest.computed) {
      problems.push(problem('digest', 'The package digest ' + report.digest.computed + ' is not the one you entered (' + report.digest.expected + ').'));
    }
  }
  report.digest.matches = !!report.digest.computed && report.digest.recorded === report.digest.computed && (!report.digest.expected || report.digest.expected === report.digest.computed);

  // Every listed file, then everything else.
  const listed = new Map([...tagManifest.entries, ...manifest.entries]);
  const paths = Array.from(listed.keys()).sort();
  const total = paths.length;
  const bytesTotal = paths.reduce((sum, path) => sum + (inBag.has(path) ? inBag.get(path).size : 0), 0);
  let bytesDone = 0;
  for (let i = 0; i < paths.length; i++) {
    const path = paths[i];
    const expected = listed.get(path);
    const file = inBag.get(path);
    if (options.onProgress) options.onProgress({ done: i, total, bytesDone, bytesTotal, path });
    if (!file) {
      results.push({ path: base + path, status: 'missing', expected, actual: null, size: null });
      problems.push(problem('missing', 'Missing: ' + path + ' is listed in the manifest but is not in the package.', base + path));
      continue;
    }
    const bytes = TAG_FILES_KEPT.includes(path) ? await readKept(path) : await readSafely(file, base + path, problems);
    bytesDone += file.size;
    if (!bytes) {
      results.push({ path: base + path, status: 'unreadable', expected, actual: null, size: file.size });
      continue;
    }
    const actual = await sha256Hex(bytes);
    if (actual === expected) results.push({ path: base + path, status: 'ok', expected, actual, size: bytes.length });
    else {
      results.push({ path: base + path, status: 'changed', expected, actual, size: bytes.length });
      problems.push(problem('changed', 'Changed: ' + path + ' is not the file that was packaged (its SHA-256 differs).', base + path));
    }
  }
  if (options.onProgress) options.onProgress({ done: total, total, bytesDone, bytesTotal, path: null });
  for (const [path, file] of inBag) {
    if (listed.has(path) || path === 'tagmanifest-sha256.txt') continue;
    results.push(unexpected(base + path, file));
  }
  for (const r of results) {
    const shown = r.path.startsWith(base) ? r.path.slice(base.length) : r.path;
    if (r.status === 'unexpected') problems.push(problem('unexpected', 'Unexpected: ' + shown + ' is not listed in the manifests (added after packaging).', r.path));
    if (r.status === 'ignored') notes.push('Ignored ' + shown + ': a file the operating system adds to folders, not part of the package.');
  }

  // Payload-Oxum: "<bytes>.<files>" of the payload (data/) as packaged.
  let oxumBytes = 0;
  let oxumCount = 0;
  for (const [path, file] of inBag) {
    if (path.startsWith('data/') && !OS_LITTER.test(path)) {
      oxumBytes += file.size;
      oxumCount += 1;
    }
  }
  report.oxum.recorded = bagInfo['Payload-Oxum'] || null;
  report.oxum.computed = oxumBytes + '.' + oxumCount;
  if (report.oxum.recorded && report.oxum.recorded !== report.oxum.computed) {
    const message = 'Payload-Oxum in bag-info.txt is ' + report.oxum.recorded + ' (bytes.files) but the payload here is ' + report.oxum.computed + '.';
    // Changed, missing or added files already explain a different total; otherwise it is a problem of its own.
    if (results.some((r) => r.status !== 'ok' && r.status !== 'ignored')) notes.push(message);
    else problems.push(problem('oxum', message, base + 'bag-info.txt'));
  }

  const auditText = await text('data/audit-log.jsonl');
  if (auditText !== null) {
    report.audit = await checkAuditLog(auditText);
    for (const p of report.audit.problems) problems.push(problem('audit', 'Audit log: ' + p.problem + '.', base + 'data/audit-log.jsonl'));
    if (report.audit.count === 0) notes.push('The audit log in this package is empty.');
  } else notes.push('This package has no audit log (data/audit-log.jsonl).');

  // The index is handed back for checks this file does not make (its schema, in the extension).
  report.indexJson = inBag.has('data/index.json') ? await text('data/index.json') : null;
  return finish(report);
}

function unexpected(path, file) {
  return { path, status: OS_LITTER.test(path) ? 'ignored' : 'unexpected', expected: null, actual: null, size: file ? file.size : null };
}

async function readSafely(file, path, problems) {
  try {
    return await file.read();
  } catch (error) {
    problems.push(error.problem || problem('unreadable', 'Cannot read ' + path + ': ' + (error.message || error), path));
    return null;
  }
}

function finish(report) {
  for (const r of report.files) report.counts[r.status] = (report.counts[r.status] || 0) + 1;
  report.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  report.ok = report.problems.length === 0;
  return report;
}

/** A ZIP's bytes → the same report as verifyBag (problems reading the ZIP included). */
export async function verifyZip(bytes, options) {
  options = options || {};
  const zip = openZip(bytes, options.limits);
  return verifyBag(zip.files, Object.assign({}, options, { problems: zip.problems }));
}

/** One sentence for the top of a report. */
export function summarize(report) {
  const c = report.counts;
  if (report.ok) {
    return 'Verified: all ' + c.ok + ' files match the manifests' + (report.audit ? ', the audit log of ' + report.audit.count + ' entries is intact' : '') + ', and the package digest is ' + report.digest.computed + '.';
  }
  const parts = [];
  if (c.changed) parts.push(c.changed + ' changed');
  if (c.missing) parts.push(c.missing + ' missing');
  if (c.unexpected) parts.push(c.unexpected + ' unexpected');
  if (c.unreadable) parts.push(c.unreadable + ' unreadable');
  return 'NOT verified: ' + report.problems.length + ' problem' + (report.problems.length === 1 ? '' : 's') + (parts.length ? ' (' + parts.join(', ') + ' files)' : '') + '. First: ' + report.problems[0].message;
}
