import { afterEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { verifyAuditChain } from '@/utils/audit';
import type { AuditEntry } from '@/utils/db/records';
import { buildPackage, PackageError, PackageIndex, isPortablePath, type PackageInput, type PackageProgress } from '@/utils/package';
import { DIGEST_PLACEHOLDER } from '@/utils/package/ticket';
import { createPackageInput, OPTIONS, RECORD_HASHES, storedBytes } from './factories';
import { compressionMethods, text, unzip } from './zip-helpers';

/** SHA-256 with node:crypto: a second implementation beside the WebCrypto one under test. */
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function parseManifest(content: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of content.split('\n')) {
    if (!line) continue;
    const m = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
    expect(m, `manifest line "${line}"`).not.toBeNull();
    map.set(m![2]!, m![1]!);
  }
  return map;
}

async function build(input?: PackageInput) {
  const built = await buildPackage(input ?? (await createPackageInput()), { ...OPTIONS, recordHashes: RECORD_HASHES });
  const all = unzip(built.bytes);
  const prefix = `${built.base}/`;
  const files = Object.fromEntries(Object.entries(all).map(([name, bytes]) => [name.slice(prefix.length), bytes]));
  return { built, all, files };
}

describe('buildPackage: the bag, checked with a second implementation (fflate + node:crypto)', () => {
  it('puts one folder named like the ZIP at the top, holding a complete BagIt 1.0 bag', async () => {
    const { built, all, files } = await build();
    expect(built.fileName).toBe('casefile-unpaid-frontend-milestone-20261120T150405Z.zip');
    expect(built.base).toBe('casefile-unpaid-frontend-milestone-20261120T150405Z');
    expect(Object.keys(all).every((name) => name.startsWith(`${built.base}/`))).toBe(true);
    expect(text(files['bagit.txt'])).toBe('BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n');
    for (const name of ['bag-info.txt', 'manifest-sha256.txt', 'tagmanifest-sha256.txt', 'verify.html', 'data/report.html', 'data/ticket.txt', 'data/index.json', 'data/audit-log.jsonl', 'data/deadlines.ics']) {
      expect(files[name], name).toBeDefined();
    }
  });

  it('lists every payload file in manifest-sha256.txt with its true SHA-256, and nothing else', async () => {
    const { files } = await build();
    const manifest = parseManifest(text(files['manifest-sha256.txt']));
    const payload = Object.keys(files).filter((n) => n.startsWith('data/'));
    expect([...manifest.keys()].sort()).toEqual(payload.sort());
    for (const [path, hash] of manifest) expect(sha256(files[path]!), path).toBe(hash);
  });

  it('lists every tag file except itself in tagmanifest-sha256.txt, with true hashes', async () => {
    const { files } = await build();
    const tags = parseManifest(text(files['tagmanifest-sha256.txt']));
    expect([...tags.keys()]).toEqual(['bag-info.txt', 'bagit.txt', 'manifest-sha256.txt', 'verify.html']);
    for (const [path, hash] of tags) expect(sha256(files[path]!), path).toBe(hash);
  });

  it('records Payload-Oxum, the package id, the export time and the digest (SHA-256 of the manifest) in bag-info.txt', async () => {
    const { built, files } = await build();
    const info = Object.fromEntries(
      text(files['bag-info.txt'])
        .trim()
        .split('\n')
        .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]),
    );
    const payload = Object.entries(files).filter(([n]) => n.startsWith('data/'));
    expect(info['Payload-Oxum']).toBe(`${payload.reduce((n, [, b]) => n + b.length, 0)}.${payload.length}`);
    expect(info['Payload-Oxum']).toBe(built.payloadOxum);
    expect(info['Casefile-Package-Digest']).toBe(sha256(files['manifest-sha256.txt']!));
    expect(built.digest).toBe(info['Casefile-Package-Digest']);
    expect(info['External-Identifier']).toBe(built.packageId);
    expect(built.packageId).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(info['Casefile-Export-Time']).toBe('2026-11-20T15:04:05Z');
    expect(info['Bagging-Date']).toBe('2026-11-20');
    expect(info['Bag-Software-Agent']).toBe('Casefile 0.1.0');
    expect(info['Casefile-Format']).toBe('casefile-package/1');
  });

  it('quotes the digest in the returned ticket text; data/ticket.txt, which the digest covers, points to it instead', async () => {
    const { built, files } = await build();
    expect(built.ticketText).toContain(built.digest);
    expect(built.ticketText).toContain('USD 700.00');
    expect(built.ticketText).toContain('Mobile app redesign');
    expect(built.ticketText).toContain('fixed.review-autorelease');
    const ticket = text(files['data/ticket.txt']);
    expect(ticket).toContain(DIGEST_PLACEHOLDER);
    expect(ticket).toBe(built.ticketText.replace(`Package digest (SHA-256 of manifest-sha256.txt): ${built.digest}`, DIGEST_PLACEHOLDER));
  });

  it('writes index.json that its zod schema accepts, with every exhibit pointing at a real file and hash', async () => {
    const { files } = await build();
    const index = PackageIndex.parse(JSON.parse(text(files['data/index.json'])));
    expect(index.format).toBe('casefile-package/1');
    expect(index.exhibits.map((e) => `${e.id} ${e.kind}`)).toEqual([
      'E-001 capture-metadata',
      'E-001 page-html',
      'E-001 page-text',
      'E-001 screenshot',
      'E-001 page-json',
      'E-002 capture-metadata',
      'E-002 page-html',
      'E-002 page-text',
      'E-002 mhtml',
    ]);
    for (const exhibit of index.exhibits) expect(sha256(files[exhibit.path]!), exhibit.path).toBe(exhibit.sha256);
    for (const doc of index.documents) expect(files[doc.path], doc.path).toBeDefined();
    expect(index.integrity.notVerified).toEqual([]);
    expect(index.counts.messages).toBe(5);
  });

  it('keeps the captured bytes exactly: page HTML/text and blobs hash to the values recorded at capture', async () => {
    const input = await createPackageInput();
    const { files } = await build(input);
    const [cap1] = input.captures;
    expect(sha256(files['data/captures/cap-1/page.html']!)).toBe(cap1!.htmlSha256);
    expect(sha256(files['data/captures/cap-1/page.txt']!)).toBe(cap1!.textSha256);
    expect(sha256(files['data/captures/cap-1/screenshot-1.png']!)).toBe(cap1!.blobs[0]!.sha256);
    const meta = JSON.parse(text(files['data/captures/cap-1/capture.json']));
    expect(meta.capture.sha256).toBe(cap1!.sha256);
    expect(meta.capture.html).toBeUndefined();
  });

  it('writes the contract with every snapshot and change, messages with revisions, and a chain that still verifies', async () => {
    const { files } = await build();
    const contract = JSON.parse(text(files['data/contracts/38291045.json']));
    expect(contract.snapshots.map((s: { id: string }) => s.id)).toEqual(['snap-1', 'snap-2']);
    expect(contract.changes).toHaveLength(1);
    const room = JSON.parse(text(files['data/messages/room_4f2a9c1b7e3d4a5b8c6d0e1f2a3b4c5d.json']));
    expect(room.messages).toHaveLength(5);
    expect(room.revisions[0].text).toBe('The frontend is fine, I will approve tomorrow.');
    const csvBytes = files['data/messages/room_4f2a9c1b7e3d4a5b8c6d0e1f2a3b4c5d.csv']!;
    expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 byte-order mark, for spreadsheets
    const csv = text(csvBytes);
    expect(csv.startsWith('"record","id","roomId","senderName"')).toBe(true);
    const header = csv.split('\r\n')[0]!;
    expect(header.endsWith('"messageId","seenAt"')).toBe(true);
    expect(csv).toContain('"revision","rev-1","room_4f2a9c1b7e3d4a5b8c6d0e1f2a3b4c5d"');
    const audit = text(files['data/audit-log.jsonl'])
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as AuditEntry);
    expect(verifyAuditChain(audit).ok).toBe(true);
    expect(text(files['data/deadlines.ics'])).toContain('BEGIN:VCALENDAR');
  });

  it('stores already-compressed files (PNG) and deflates text', async () => {
    const { built } = await build();
    const methods = compressionMethods(built.bytes);
    for (const [name, method] of Object.entries(methods)) {
      expect(method, name).toBe(name.endsWith('.png') ? 0 : 8);
    }
    expect(built.files.find((f) => f.path.endsWith('.png'))?.compression).toBe('store');
  });

  it('writes entries in sorted order, all portable names, no folder entries, dated at the export time (UTC)', async () => {
    const { built } = await build();
    const names = Object.keys(unzip(built.bytes));
    expect(names).toEqual([...names].sort());
    expect(names.every((n) => isPortablePath(n))).toBe(true);
    // DOS date/time of the first local header: 2026-11-20 15:04:04 (2-second steps).
    const view = new DataView(built.bytes.buffer, built.bytes.byteOffset);
    const time = view.getUint16(10, true);
    const date = view.getUint16(12, true);
    expect([(date >> 9) + 1980, (date >> 5) & 15, date & 31, time >> 11, (time >> 5) & 63, (time & 31) * 2]).toEqual([2026, 11, 20, 15, 4, 4]);
  });
});

describe('buildPackage: deterministic', () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    process.env.TZ = originalTz;
  });

  it('gives byte-identical packages for the same records, whatever their order and key order', async () => {
    const input = await createPackageInput();
    const a = await buildPackage(input, OPTIONS);
    const shuffled: PackageInput = {
      ...input,
      messages: [...input.messages].reverse(),
      captures: [...input.captures].reverse(),
      blobs: [...input.blobs].reverse(),
      audit: [...input.audit].reverse(),
      // Same record, keys in another order.
      contracts: input.contracts!.map((c) => Object.fromEntries(Object.entries(c).reverse()) as typeof c),
    };
    const b = await buildPackage(shuffled, OPTIONS);
    expect(sha256(b.bytes)).toBe(sha256(a.bytes));
    expect(b.digest).toBe(a.digest);
    expect(b.packageId).toBe(a.packageId);
  });

  it('gives the same bytes in another time zone of the machine', async () => {
    const input = await createPackageInput();
    process.env.TZ = 'Pacific/Auckland';
    const a = await buildPackage(input, OPTIONS);
    process.env.TZ = 'America/Los_Angeles';
    const b = await buildPackage(input, OPTIONS);
    expect(sha256(b.bytes)).toBe(sha256(a.bytes));
  });

  it('changes the digest and package id when one message changes', async () => {
    const input = await createPackageInput();
    const a = await buildPackage(input, OPTIONS);
    const b = await buildPackage({ ...input, messages: input.messages.map((m, i) => (i === 0 ? { ...m, text: `${m.text}!` } : m)) }, OPTIONS);
    expect(b.digest).not.toBe(a.digest);
    expect(b.packageId).not.toBe(a.packageId);
  });
});

describe('buildPackage: stored hashes are re-verified before writing', () => {
  const expectIntegrity = async (input: PackageInput, item: string, words: RegExp) => {
    const error = await buildPackage(input, { ...OPTIONS, recordHashes: RECORD_HASHES }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PackageError);
    expect((error as PackageError).code).toBe('integrity');
    expect((error as PackageError).items.map((i) => i.item)).toContain(item);
    expect((error as PackageError).message).toContain(item);
    expect((error as PackageError).message).toMatch(words);
  };

  it('stops when a capture’s HTML no longer matches its hash, naming the capture', async () => {
    const input = await createPackageInput();
    input.captures[0] = { ...input.captures[0]!, html: `${input.captures[0]!.html}<!-- changed -->` };
    await expectIntegrity(input, 'capture:cap-1', /HTML changed since capture/);
  });

  it('stops when a capture’s metadata was edited (its URL)', async () => {
    const input = await createPackageInput();
    input.captures[1] = { ...input.captures[1]!, url: 'https://www.upwork.com/ab/workroom/99999' };
    await expectIntegrity(input, 'capture:cap-2', /metadata changed/);
  });

  it('stops when a screenshot’s bytes changed, naming the blob', async () => {
    const input = await createPackageInput();
    const blob = input.blobs.find((b) => b.type === 'image/png')!;
    const bytes = storedBytes(blob).slice();
    bytes[100] = bytes[100]! ^ 0xff;
    input.blobs = input.blobs.map((b) => (b === blob ? { ...b, bytes } : b));
    await expectIntegrity(input, `blob:${blob.sha256}`, /bytes changed/);
  });

  it('stops when a screenshot a capture names is missing', async () => {
    const input = await createPackageInput();
    input.blobs = input.blobs.filter((b) => b.type !== 'image/png');
    await expectIntegrity(input, 'capture:cap-1', /screenshot .* is missing/);
  });

  it('stops when a contract snapshot’s data changed, or an audit entry was altered, or a message was rewritten', async () => {
    const input = await createPackageInput();
    const snapshots = input.contractSnapshots!.map((s) => (s.id === 'snap-1' ? { ...s, data: { ...s.data, title: 'Other' } } : s));
    await expectIntegrity({ ...input, contractSnapshots: snapshots }, 'contract snapshot:snap-1', /changed/);
    const audit = input.audit.map((e) => (e.seq === 2 ? { ...e, details: { sha256: '0'.repeat(64) } } : e));
    await expectIntegrity({ ...input, audit }, 'audit entry 2', /changed after it was written/);
    const messages = input.messages.map((m) => (m.id === 'msg-3' ? { ...m, text: 'I will pay.' } : m));
    await expectIntegrity({ ...input, messages }, 'message:msg-3', /changed/);
  });

  it('lists messages as not re-verified when no hash rule is given for them', async () => {
    const built = await buildPackage(await createPackageInput(), OPTIONS);
    const index = JSON.parse(text(unzip(built.bytes)[`${built.base}/data/index.json`]));
    expect(index.integrity.notVerified).toEqual(['messages', 'message revisions', 'notes']);
  });
});

describe('buildPackage: input, limits, progress and cancelling', () => {
  it('refuses records that are not valid, and options it cannot use, saying which', async () => {
    const input = await createPackageInput();
    const bad = { ...input, messages: [{ ...input.messages[0]!, sentAt: 'yesterday' }] };
    await expect(buildPackage(bad, OPTIONS)).rejects.toThrow(/messages\.0\.sentAt/);
    await expect(buildPackage(input, { ...OPTIONS, exportedAt: '2026-11-20 15:04' })).rejects.toThrow(/exportedAt/);
    await expect(buildPackage(input, { ...OPTIONS, timeZone: 'Mars/Olympus' })).rejects.toThrow(/Mars\/Olympus/);
    await expect(buildPackage({}, OPTIONS)).rejects.toThrow(/nothing to package/);
  });

  it('refuses a package larger than maxBytes, naming the largest files', async () => {
    const error = await buildPackage(await createPackageInput(), { ...OPTIONS, maxBytes: 10_000 }).catch((e: unknown) => e);
    expect((error as PackageError).code).toBe('too-large');
    expect((error as PackageError).message).toMatch(/Largest files: data\//);
  });

  it('reports progress through checking, writing and compressing to done, bytes included', async () => {
    const events: PackageProgress[] = [];
    await buildPackage(await createPackageInput(), OPTIONS, (p) => events.push(p));
    const phases = [...new Set(events.map((e) => e.phase))];
    expect(phases).toEqual(['checking', 'writing', 'compressing', 'done']);
    const last = events[events.length - 1]!;
    expect(last.bytesDone).toBe(last.bytesTotal);
    expect(last.bytesTotal).toBeGreaterThan(8192);
    const compressing = events.filter((e) => e.phase === 'compressing').map((e) => e.bytesDone);
    expect(compressing).toEqual([...compressing].sort((a, b) => a - b));
  });

  it('stops when cancelled, before starting or while compressing', async () => {
    const input = await createPackageInput();
    const before = new AbortController();
    before.abort();
    await expect(buildPackage(input, OPTIONS, undefined, before.signal)).rejects.toThrow(/abort/i);
    const during = new AbortController();
    const error = await buildPackage(input, OPTIONS, (p) => p.phase === 'compressing' && during.abort(), during.signal).catch((e: unknown) => e);
    expect((error as Error).name).toBe('AbortError');
  });

  it('returns an audit entry for the export naming the file and its digest', async () => {
    const built = await buildPackage(await createPackageInput(), OPTIONS);
    expect(built.auditInput).toMatchObject({ type: 'export', subject: `package:${built.packageId}`, details: { fileName: built.fileName, digest: built.digest, zipSha256: sha256(built.bytes) } });
  });
});
