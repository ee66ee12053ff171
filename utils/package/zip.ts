import { deflateSync } from 'fflate';
import { crc32 } from './crc32';

/**
 * The ZIP writer, made for streaming into a Blob: each file is packed on its own (CRC-32, DEFLATE
 * unless it is already compressed) as soon as its bytes are at hand, its data handed to the
 * browser's blob store, and its bytes let go; `assembleZip` then puts the local headers, the packed
 * data and the central directory in order into one Blob, which references the packed pieces
 * without copying them. The page therefore never holds the archive, only the file being packed.
 *
 * The bytes are deterministic: entries in the order given (the builder sorts them), every entry
 * dated at the export time (UTC; DOS dates have 2-second steps), no folder entries, no extra
 * fields (all names are ASCII), DOS attributes, "version needed" 1.0, general-purpose flags 0
 * (sizes and CRC in the local header, no data descriptors): the layout JSZip writes with
 * `streamFiles: false, platform: 'DOS'`, in any time zone.
 *
 * DEFLATE: files of NATIVE_DEFLATE_FROM bytes or more are deflated by the browser's own zlib
 * (CompressionStream 'deflate-raw'), two to three times faster than JavaScript on text; smaller
 * ones, where a stream costs more than it saves, by fflate at level 6, as are all files where the
 * browser has no such stream. Both are deterministic, so the same records give the same ZIP in the
 * same browser version. Another browser may compress the same files to other bytes: what a
 * package proves never depends on that, since its manifest, digest and package id are computed
 * over the files themselves, which any browser writes identically.
 */

/** Already-compressed formats gain nothing from DEFLATE and are stored as they are (2–3× faster). */
const STORED_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'gif', 'webp', 'avif', 'zip', 'gz', 'xz', '7z', 'mp4', 'webm', 'woff2']);

export function isStored(path: string): boolean {
  const dot = path.lastIndexOf('.');
  return dot >= 0 && STORED_EXTENSIONS.has(path.slice(dot + 1).toLowerCase());
}

/** One file's data as it goes into the ZIP. */
export interface PackedData {
  /** 0 stored, 8 deflated. */
  method: 0 | 8;
  crc32: number;
  /** Uncompressed size. */
  size: number;
  compressedSize: number;
  /** The data as written: a Blob (in the browser's blob store) or, for small pieces, bytes. */
  data: Blob | Uint8Array;
}

/** Pieces at least this large go to the blob store at once; smaller ones are copied in at the end. */
const BLOB_PIECE = 64 * 1024;

/** How a file at `path` is written: 0 stored (already compressed), 8 deflated. */
export function methodFor(path: string): 0 | 8 {
  return isStored(path) ? 0 : 8;
}

/** Files at least this large are deflated by the browser (see the top); smaller ones by fflate. */
export const NATIVE_DEFLATE_FROM = 32 * 1024;

/** Whether the browser's CompressionStream takes 'deflate-raw' (learnt on first use). */
let nativeDeflate: boolean | null = typeof CompressionStream === 'undefined' ? false : null;

/** Raw DEFLATE of `bytes` with the browser's zlib, or null where the browser has none. */
async function deflateNative(bytes: Uint8Array): Promise<Uint8Array | null> {
  if (nativeDeflate === false) return null;
  let stream: CompressionStream;
  try {
    stream = new CompressionStream('deflate-raw');
    nativeDeflate = true;
  } catch {
    nativeDeflate = false; // a browser without 'deflate-raw'
    return null;
  }
  const writer = stream.writable.getWriter();
  void writer.write(bytes as Uint8Array<ArrayBuffer>).catch(() => {}); // a failure surfaces in the read below
  void writer.close().catch(() => {});
  const chunks: Uint8Array[] = [];
  let length = 0;
  const reader = stream.readable.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      length += value.byteLength;
    }
  } catch (error) {
    // The stream failed on this file (it should not): fflate deflates it instead.
    console.warn('Casefile: the browser could not deflate a file; deflating it in JavaScript.', error);
    return null;
  }
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** Raw DEFLATE of `bytes`: the browser's for large files where it has one, else fflate's at level 6. */
export async function deflateBytes(bytes: Uint8Array): Promise<Uint8Array> {
  // An empty file deflates to one empty final block, [3, 0], as fflate writes it (tested), without
  // the working memory fflate sets up for each call.
  if (bytes.length === 0) return new Uint8Array([3, 0]);
  if (bytes.length >= NATIVE_DEFLATE_FROM) {
    const native = await deflateNative(bytes);
    if (native) return native;
  }
  return deflateSync(bytes, { level: 6 });
}

/**
 * Packs one file's bytes: CRC-32 (unless `knownCrc32`, computed from these same bytes earlier, is
 * given), and DEFLATE when `method` is 8. The data returned is `bytes` itself when stored: see
 * toBlobs for handing it to the blob store. `bytes` must not change until this resolves.
 */
export async function packBytes(bytes: Uint8Array, method: 0 | 8, knownCrc32?: number): Promise<PackedData & { data: Uint8Array }> {
  const crc = knownCrc32 ?? crc32(bytes);
  const out = method === 0 ? bytes : await deflateBytes(bytes);
  return { method, crc32: crc, size: bytes.byteLength, compressedSize: out.byteLength, data: out };
}

/**
 * Packs one file (packBytes), its data as a Blob when it is large, else as bytes of its own.
 * Keeps no reference to `bytes`.
 */
export async function packData(bytes: Uint8Array, method: 0 | 8): Promise<PackedData> {
  const packed: PackedData = await packBytes(bytes, method);
  const out = packed.data as Uint8Array<ArrayBuffer>;
  packed.data = out.byteLength >= BLOB_PIECE ? new Blob([out]) : out === bytes ? bytes.slice() : out;
  return packed;
}

/**
 * Hands the data of several packed files to the blob store as ONE Blob (creating a Blob costs far
 * more per call than per byte), each file's data then being a slice of it (no copy). Data that are
 * a Blob already (a stored blob kept as one) are left as they are.
 */
export function toBlobs(packed: readonly PackedData[]): void {
  const pending = packed.filter((p) => !(p.data instanceof Blob));
  const parts = pending.map((p) => p.data as Uint8Array<ArrayBuffer>);
  if (parts.length === 0) return;
  const whole = new Blob(parts);
  let offset = 0;
  for (const p of pending) {
    p.data = whole.slice(offset, offset + p.compressedSize);
    offset += p.compressedSize;
  }
}

/** A ZIP without ZIP64 counts entries in 16 bits and bytes in 32. */
export const ZIP_MAX_ENTRIES = 0xffff;
export const ZIP_MAX_BYTES = 0xffffffff;

export interface ZipEntry {
  /** ASCII path inside the ZIP. */
  name: string;
  packed: PackedData;
}

/** DOS time and date of `date` in UTC, as JSZip computes them (seconds halved, rounded down). */
function dosDateTime(date: Date): { time: number; day: number } {
  const time = (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2);
  const day = ((date.getUTCFullYear() - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate();
  return { time, day };
}

function asciiName(name: string): Uint8Array {
  const bytes = new Uint8Array(name.length);
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) throw new RangeError(`ZIP entry names must be printable ASCII: ${JSON.stringify(name)}`);
    bytes[i] = c;
  }
  return bytes;
}

/**
 * The ZIP of `entries`, in the order given, as one Blob. Throws RangeError past the limits of a
 * ZIP without ZIP64 (65,535 entries, 4 GiB).
 */
export function assembleZip(entries: readonly ZipEntry[], date: Date): { blob: Blob; size: number } {
  if (entries.length > ZIP_MAX_ENTRIES) throw new RangeError(`A ZIP holds at most ${ZIP_MAX_ENTRIES} files, not ${entries.length}.`);
  const { time, day } = dosDateTime(date);
  const parts: (Blob | Uint8Array<ArrayBuffer>)[] = [];
  const names = entries.map((e) => asciiName(e.name));
  const central = new Uint8Array(names.reduce((n, name) => n + 46 + name.length, 0));
  const cv = new DataView(central.buffer);
  let offset = 0;
  let c = 0;
  entries.forEach(({ packed }, i) => {
    const name = names[i]!;
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true); // local file header signature
    lv.setUint16(4, 10, true); // version needed to extract: 1.0
    lv.setUint16(6, 0, true); // general purpose flags
    lv.setUint16(8, packed.method, true);
    lv.setUint16(10, time, true);
    lv.setUint16(12, day, true);
    lv.setUint32(14, packed.crc32, true);
    lv.setUint32(18, packed.compressedSize, true);
    lv.setUint32(22, packed.size, true);
    lv.setUint16(26, name.length, true);
    lv.setUint16(28, 0, true); // extra field length
    local.set(name, 30);
    parts.push(local, packed.data as Blob | Uint8Array<ArrayBuffer>);

    cv.setUint32(c, 0x02014b50, true); // central directory header signature
    cv.setUint16(c + 4, 0x0014, true); // version made by: MS-DOS, 2.0
    central.set(local.subarray(4, 30), c + 6); // the fields shared with the local header
    // file comment length, disk number, internal and external attributes: 0
    cv.setUint32(c + 42, offset, true);
    central.set(name, c + 46);
    c += 46 + name.length;
    offset += local.length + packed.compressedSize;
    if (offset > ZIP_MAX_BYTES) throw new RangeError('A ZIP without ZIP64 holds at most 4 GiB.');
  });
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true); // end of central directory signature
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, central.length, true);
  ev.setUint32(16, offset, true);
  parts.push(central, end);
  const size = offset + central.length + end.length;
  if (size > ZIP_MAX_BYTES) throw new RangeError('A ZIP without ZIP64 holds at most 4 GiB.');
  return { blob: new Blob(parts, { type: 'application/zip' }), size };
}
