import { beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { verifyAuditChain } from '@/utils/audit';
import type { AuditEntry } from '@/utils/db/records';
import { buildPackage, verifyPackage, type BuiltPackage, type PackageReport } from '@/utils/package';
import * as core from '@/utils/package/verifier/verify-core.js';
import { createAuditLog, createPackageInput, OPTIONS } from './factories';
import { bytesOf, craftZip, rezip, text, unzip } from './zip-helpers';

/**
 * verifyPackage on good and corrupt packages: every problem named, never an exception. The same
 * checks run again with the script taken out of a package's own verify.html, as a recipient
 * would run it.
 */

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let built: BuiltPackage;
let files: Record<string, Uint8Array>;
const at = (path: string) => `${built.base}/${path}`;

beforeAll(async () => {
  built = await buildPackage(await createPackageInput(), OPTIONS);
  files = unzip(built.bytes);
});

/** The files with some changed (null removes one), re-zipped with fflate. */
function tampered(changes: Record<string, Uint8Array | null>): Uint8Array {
  const next: Record<string, Uint8Array> = {};
  for (const [name, bytes] of Object.entries(files)) if (!(name in changes)) next[name] = bytes;
  for (const [name, bytes] of Object.entries(changes)) if (bytes) next[name] = bytes;
  return rezip(next);
}

/**
 * What a forger who knows the format would do: change a payload file, then rewrite the manifest,
 * the digest in bag-info.txt and the tag manifest so that every hash matches again.
 */
function rebagged(changes: Record<string, Uint8Array>): Uint8Array {
  const next = { ...files, ...Object.fromEntries(Object.entries(changes).map(([p, b]) => [at(p), b])) };
  const payload = Object.keys(next)
    .filter((n) => n.startsWith(at('data/')))
    .sort();
  const manifest = bytesOf(payload.map((n) => `${sha256(next[n]!)}  ${n.slice(built.base.length + 1)}\n`).join(''));
  next[at('manifest-sha256.txt')] = manifest;
  const oxum = `${payload.reduce((n, p) => n + next[p]!.length, 0)}.${payload.length}`;
  next[at('bag-info.txt')] = bytesOf(
    text(next[at('bag-info.txt')])
      .replace(/Casefile-Package-Digest: .*/, `Casefile-Package-Digest: ${sha256(manifest)}`)
      .replace(/Payload-Oxum: .*/, `Payload-Oxum: ${oxum}`),
  );
  const tags = ['bag-info.txt', 'bagit.txt', 'manifest-sha256.txt', 'verify.html'];
  next[at('tagmanifest-sha256.txt')] = bytesOf(tags.map((t) => `${sha256(next[at(t)]!)}  ${t}\n`).join(''));
  return rezip(next);
}

const codes = (report: PackageReport | core.BagReport) => report.problems.map((p) => p.code);

describe('verifyPackage', () => {
  it('verifies a package as built: every file OK, digest, Payload-Oxum, audit chain and index', async () => {
    const report = await verifyPackage(built.bytes);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.counts.ok).toBe(built.files.length - 1); // all but tagmanifest-sha256.txt, which lists the others
    expect(report.digest).toMatchObject({ recorded: built.digest, computed: built.digest, matches: true });
    expect(report.oxum.computed).toBe(built.payloadOxum);
    expect(report.audit).toMatchObject({ ok: true, count: 4 });
    expect(report.index?.packageId).toBe(built.packageId);
    expect(report.bag.packageId).toBe(built.packageId);
    expect(report.summary).toMatch(/^Verified: all \d+ files match/);
  });

  it('still verifies after the recipient re-zips the folder with another tool', async () => {
    expect((await verifyPackage(rezip(files))).ok).toBe(true);
  });

  it('compares the digest with the one quoted in the ticket', async () => {
    expect((await verifyPackage(built.bytes, { expectedDigest: built.digest.toUpperCase() })).ok).toBe(true);
    const wrong = await verifyPackage(built.bytes, { expectedDigest: 'f'.repeat(64) });
    expect(codes(wrong)).toEqual(['digest']);
    expect(wrong.problems[0]!.message).toContain('not the one you entered');
  });

  it('names a truncated ZIP', async () => {
    for (const cut of [built.bytes.slice(0, built.bytes.length - 10), built.bytes.slice(0, built.bytes.length >> 1)]) {
      const report = await verifyPackage(cut);
      expect(report.ok).toBe(false);
      expect(codes(report)).toEqual(['truncated']);
      expect(report.summary).toMatch(/truncated/);
    }
  });

  it('names a file that is not a ZIP, or empty, without throwing', async () => {
    for (const bytes of [new Uint8Array(0), bytesOf('hello, not a zip'), new Uint8Array(5000).fill(0x50)]) {
      const report = await verifyPackage(bytes);
      expect(report.ok).toBe(false);
      expect(report.problems[0]!.message).toMatch(/not a complete ZIP/);
    }
  });

  it('names a changed file, and only that one', async () => {
    const report = await verifyPackage(tampered({ [at('data/report.html')]: bytesOf('<p>rewritten</p>') }));
    expect(codes(report)).toEqual(['changed']);
    expect(report.problems[0]!.path).toBe(at('data/report.html'));
    expect(report.problems[0]!.message).toMatch(/^Changed: data\/report\.html/);
    expect(report.files.find((f) => f.path === at('data/report.html'))?.status).toBe('changed');
    expect(report.counts.changed).toBe(1);
    expect(report.digest.matches).toBe(true); // the manifest itself was left alone
  });

  it('names an extra file (the Payload-Oxum that no longer adds up is a note beside it)', async () => {
    const report = await verifyPackage(tampered({ [at('data/extra-proof.txt')]: bytesOf('added later') }));
    expect(codes(report)).toEqual(['unexpected']);
    expect(report.notes).toEqual([expect.stringMatching(/^Payload-Oxum in bag-info.txt is/)]);
    expect(report.problems.find((p) => p.code === 'unexpected')?.path).toBe(at('data/extra-proof.txt'));
  });

  it('names a missing file', async () => {
    const report = await verifyPackage(tampered({ [at('data/captures/cap-1/screenshot-1.png')]: null }));
    expect(codes(report)).toEqual(['missing']);
    expect(report.problems.find((p) => p.code === 'missing')?.message).toMatch(/^Missing: data\/captures\/cap-1\/screenshot-1\.png/);
  });

  it('refuses entries with path-traversal or absolute names and checks the rest', async () => {
    const entries = Object.entries(files).map(([name, data]) => ({ name, data }));
    for (const evil of ['../evil.txt', `${built.base}/../../evil.txt`, '/etc/passwd', 'C:/Windows/evil.dll', 'dir\\..\\evil.txt']) {
      const report = await verifyPackage(craftZip([...entries, { name: evil, data: bytesOf('evil') }]));
      expect(codes(report), evil).toEqual(['unsafe-name']);
      expect(report.problems[0]!.path).toBe(evil);
      expect(report.problems[0]!.message).toMatch(/unsafe because/);
      expect(report.counts.ok).toBe(built.files.length - 1);
    }
  });

  it('stops a ZIP bomb: an entry that expands beyond what it declares', async () => {
    const bomb = craftZip([{ name: 'bomb/bagit.txt', data: new Uint8Array(64 * 1024 * 1024), method: 8, declaredSize: 1000 }]);
    expect(bomb.length).toBeLessThan(200_000);
    const report = await verifyPackage(bomb);
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatchObject({ code: 'too-large', path: 'bomb/bagit.txt' });
    expect(report.problems[0]!.message).toMatch(/expands beyond the 1000 bytes it declares/);
  });

  it('stops a ZIP bomb: entries that declare more than the limits, before reading them', async () => {
    const big = craftZip([{ name: 'a/bagit.txt', data: bytesOf('x'), declaredSize: 3_000_000_000 }]);
    const one = await verifyPackage(big);
    expect(one.problems[0]).toMatchObject({ code: 'too-large', path: 'a/bagit.txt' });
    expect(one.problems[0]!.message).toMatch(/would expand to .* over the limit/);
    const many = craftZip(Array.from({ length: 5 }, (_, i) => ({ name: `f${i}`, data: new Uint8Array(1000) })));
    const total = await verifyPackage(many, { limits: { maxTotalBytes: 3000 } });
    expect(codes(total)).toEqual(['too-large']);
    const count = await verifyPackage(many, { limits: { maxEntries: 4 } });
    expect(codes(count)).toEqual(['too-many-entries']);
  });

  it('names a Payload-Oxum that does not add up when every file is fine', async () => {
    const info = text(files[at('bag-info.txt')]).replace(/Payload-Oxum: .*/, 'Payload-Oxum: 1.1');
    const tags = text(files[at('tagmanifest-sha256.txt')]).replace(/^[0-9a-f]{64}(?= {2}bag-info\.txt)/m, sha256(bytesOf(info)));
    const report = await verifyPackage(tampered({ [at('bag-info.txt')]: bytesOf(info), [at('tagmanifest-sha256.txt')]: bytesOf(tags) }));
    expect(codes(report)).toEqual(['oxum']);
  });

  it('names a damaged entry (CRC-32 mismatch) as unreadable', async () => {
    const bytes = built.bytes.slice();
    // The screenshot is stored: flip a byte inside its data, leaving the ZIP's CRC as it was.
    const name = bytesOf(at('data/captures/cap-1/screenshot-1.png'));
    let i = 0;
    search: for (; i < bytes.length; i++) {
      for (let j = 0; j < name.length; j++) if (bytes[i + j] !== name[j]) continue search;
      break;
    }
    bytes[i + name.length + 500] = bytes[i + name.length + 500]! ^ 0xff;
    const report = await verifyPackage(bytes);
    expect(report.problems.map((p) => [p.code, p.path])).toEqual([['damaged', at('data/captures/cap-1/screenshot-1.png')]]);
    expect(report.files.find((f) => f.path === at('data/captures/cap-1/screenshot-1.png'))?.status).toBe('unreadable');
  });

  it('names duplicate entries', async () => {
    const entries = Object.entries(files).map(([name, data]) => ({ name, data }));
    const report = await verifyPackage(craftZip([...entries, { name: at('data/report.html'), data: bytesOf('second copy') }]));
    expect(codes(report).sort()).toEqual(['duplicate-name', 'missing']);
  });

  it('catches a forger who rewrote the audit log and every hash after it: the chain breaks, and the digest differs from the ticket', async () => {
    const lines = text(files[at('data/audit-log.jsonl')]).trim().split('\n');
    const entry = JSON.parse(lines[1]!);
    entry.details = { sha256: '0'.repeat(64) };
    lines[1] = JSON.stringify(entry);
    const forged = rebagged({ 'data/audit-log.jsonl': bytesOf(`${lines.join('\n')}\n`) });
    const report = await verifyPackage(forged, { expectedDigest: built.digest });
    expect(report.counts.changed).toBe(0);
    expect(report.audit?.ok).toBe(false);
    expect(report.problems.map((p) => p.message)).toEqual([expect.stringContaining('is not the one you entered'), 'Audit log: entry 2 was changed after it was written.']);
  });

  it('checks index.json against its schema and against the manifest', async () => {
    const index = JSON.parse(text(files[at('data/index.json')]));
    index.exhibits[0].sha256 = 'a'.repeat(64);
    const wrongHash = await verifyPackage(rebagged({ 'data/index.json': bytesOf(JSON.stringify(index)) }));
    expect(codes(wrongHash)).toEqual(['index']);
    expect(wrongHash.problems[0]!.message).toMatch(/Exhibit E-001 .* different SHA-256/);
    const invalid = await verifyPackage(rebagged({ 'data/index.json': bytesOf('{"format":"something-else"}') }));
    expect(codes(invalid)).toEqual(['index']);
  });

  it('never throws on damaged bytes: 200 single-byte corruptions, each gives a report', async () => {
    let x = 12345;
    const next = () => (x = (x * 1103515245 + 12345) >>> 0);
    let failed = 0;
    for (let n = 0; n < 200; n++) {
      const bytes = built.bytes.slice();
      const at = next() % bytes.length;
      bytes[at] = bytes[at]! ^ (1 + (next() % 255));
      // The core itself (as verify.html runs it), not only the wrapper that catches for it.
      const report = await core.verifyZip(bytes);
      expect(typeof core.summarize(report)).toBe('string');
      if (!report.ok) failed += 1;
    }
    // Most bytes matter; a few (dates, version fields, unused flags) do not change any content.
    expect(failed).toBeGreaterThan(150);
  }, 60_000); // 200 verifications: about 4 s on a quiet machine, more on a busy one

  it('reports progress and can be cancelled', async () => {
    const seen: number[] = [];
    await verifyPackage(built.bytes, { onProgress: (p) => seen.push(p.done) });
    expect(seen[seen.length - 1]).toBe(built.files.length - 1);
    const controller = new AbortController();
    await expect(verifyPackage(built.bytes, { signal: controller.signal, onProgress: (p) => p.done === 3 && controller.abort() })).rejects.toThrow(/abort/i);
  });
});

describe('the audit-chain check in verify-core.js agrees with utils/audit.ts', () => {
  it('names lines that are not entries instead of failing', async () => {
    const check = await core.checkAuditLog('null\n[1]\n{oops\n');
    expect(check.ok).toBe(false);
    expect(check.problems.map((p) => p.problem)).toEqual(['line 1 is not an audit entry (JSON object)', 'line 2 is not an audit entry (JSON object)', 'line 3 is not an audit entry (JSON object)']);
  });

  const log = createAuditLog([
    { type: 'capture', subject: 'capture:a', details: { url: 'https://www.upwork.com/x', nested: { b: 1, a: [1.5, 'é', null] } } },
    { type: 'edit-detected', subject: 'message:\u202Ex', details: { emoji: '🎉', quote: '"' } },
    { type: 'export', subject: 'package:p', details: {} },
  ]);
  const variants: [string, AuditEntry[]][] = [
    ['intact', log],
    ['entry changed', log.map((e) => (e.seq === 2 ? { ...e, subject: 'message:y' } : e))],
    ['entry removed', log.filter((e) => e.seq !== 2)],
    ['relinked', log.map((e) => (e.seq === 3 ? { ...e, prevHash: '0'.repeat(64) } : e))],
  ];
  it.each(variants)('%s', async (_name, entries) => {
    const js = await core.checkAuditLog(entries.map((e) => JSON.stringify(e)).join('\n'));
    const ts = verifyAuditChain(entries);
    expect({ ok: js.ok, count: js.count, headHash: js.headHash, problems: js.problems }).toEqual(ts);
  });
});

describe('the script inside verify.html, run as the recipient would run it', () => {
  let inline: typeof core;

  beforeAll(async () => {
    // Take the script out of the package's own verify.html and load it as the module it is.
    const html = text(files[at('verify.html')]);
    const script = /<script type="module">\n([\s\S]*)\n<\/script>/.exec(html)![1]!;
    const dir = mkdtempSync(join(tmpdir(), 'casefile-verify-'));
    writeFileSync(join(dir, 'verify-inline.mjs'), script);
    // The module is the script this very test suite just took out of a package it built.
    // eslint-disable-next-line no-unsanitized/method
    inline = await import(/* @vite-ignore */ pathToFileURL(join(dir, 'verify-inline.mjs')).href);
  });

  it('verifies the package it came with', async () => {
    const report = await inline.verifyZip(built.bytes);
    expect(report.ok).toBe(true);
    expect(report.digest.computed).toBe(built.digest);
    expect(inline.summarize(report)).toContain(built.digest);
  });

  it('reports what verifyPackage reports on tampered packages', async () => {
    const cases = [
      tampered({ [at('data/report.html')]: bytesOf('changed') }),
      tampered({ [at('data/notes.json')]: null, [at('data/new.txt')]: bytesOf('new') }),
      built.bytes.slice(0, 1000),
      craftZip([{ name: '../evil', data: bytesOf('x') }]),
    ];
    for (const bytes of cases) {
      const fromPage = await inline.verifyZip(bytes);
      const fromExtension = await verifyPackage(bytes);
      expect(fromPage.ok).toBe(false);
      expect(fromPage.problems).toEqual(fromExtension.problems);
    }
  });

  it('checks an unzipped folder picked with webkitdirectory (paths start with the folder name)', async () => {
    const picked = new Map(
      Object.entries({ ...files, [at('data/report.html')]: bytesOf('changed'), [`${built.base}/.DS_Store`]: bytesOf('finder') }).map(([path, bytes]) => [
        path,
        { size: bytes.length, read: async () => bytes },
      ]),
    );
    const report = await inline.verifyBag(picked);
    expect(report.problems.map((p) => p.code)).toEqual(['changed']);
    expect(report.files.find((f) => f.path.endsWith('.DS_Store'))?.status).toBe('ignored');
  });
});
