import { deflateSync, unzipSync, zipSync } from 'fflate';
import { crc32 } from '@/utils/package/verifier/verify-core.js';

/**
 * ZIP helpers for tests. Reading and re-zipping use fflate's ZIP reader and inflate, code apart
 * from the package's own ZIP writer (which takes only fflate's deflate; stream.test.ts also reads
 * its output with JSZip). craftZip writes archives byte by byte, including the malformed ones
 * (lying sizes, `../` names) that no well-behaved library will produce.
 */

export function unzip(bytes: Uint8Array): Record<string, Uint8Array> {
  return unzipSync(bytes);
}

/** Compression method (0 stored, 8 deflate) of each entry, as fflate reads it. */
export function compressionMethods(bytes: Uint8Array): Record<string, number> {
  const methods: Record<string, number> = {};
  unzipSync(bytes, {
    filter(file) {
      methods[file.name] = file.compression;
      return false;
    },
  });
  return methods;
}

/** Re-zips files with fflate (e.g. after changing one), keeping their order. */
export function rezip(files: Record<string, Uint8Array>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([name, data]) => [name, [data, { level: 6, mtime: new Date('2026-11-20T15:04:06Z') }]])));
}

export const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);
export const bytesOf = (s: string) => new TextEncoder().encode(s);

export interface CraftedEntry {
  name: string;
  data: Uint8Array;
  /** 0 stored, 8 deflate (default 0). */
  method?: 0 | 8;
  /** Uncompressed size written in the headers (default: the true size). */
  declaredSize?: number;
}

/** A ZIP written field by field (APPNOTE 4.3.7 and 4.3.12), so tests can make it lie. */
export function craftZip(entries: CraftedEntry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = bytesOf(entry.name);
    const method = entry.method ?? 0;
    const payload = method === 8 ? deflateSync(entry.data) : entry.data;
    const size = entry.declaredSize ?? entry.data.length;
    const crc = crc32(entry.data);
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(8, method, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, payload.length, true);
    lv.setUint32(22, size, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const dir = new Uint8Array(46 + name.length);
    const dv = new DataView(dir.buffer);
    dv.setUint32(0, 0x02014b50, true);
    dv.setUint16(4, 20, true);
    dv.setUint16(6, 20, true);
    dv.setUint16(10, method, true);
    dv.setUint32(16, crc, true);
    dv.setUint32(20, payload.length, true);
    dv.setUint32(24, size, true);
    dv.setUint16(28, name.length, true);
    dv.setUint32(42, offset, true);
    dir.set(name, 46);
    parts.push(local, payload);
    central.push(dir);
    offset += local.length + payload.length;
  }
  const dirSize = central.reduce((n, c) => n + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, dirSize, true);
  ev.setUint32(16, offset, true);
  const all = [...parts, ...central, end];
  const out = new Uint8Array(all.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of all) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
