/**
 * CRC-32 (ISO-HDLC, the ZIP one: polynomial 0xEDB88320, reflected, initial and final XOR
 * 0xFFFFFFFF), sixteen bytes per step ("slicing-by-16"). Every stored screenshot of a package
 * passes through it: this runs at roughly 1 GiB/s in V8, three to four times the one-byte table
 * loop (verify-core.js keeps that simple one, and the tests check the two agree).
 */

let tables: Int32Array | null = null;

function makeTables(): Int32Array {
  const t = new Int32Array(256 * 16);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  // Table k gives the CRC of a byte followed by k zero bytes.
  for (let n = 0; n < 256; n++) {
    for (let k = 1; k < 16; k++) t[k * 256 + n] = (t[(k - 1) * 256 + n]! >>> 8) ^ t[t[(k - 1) * 256 + n]! & 0xff]!;
  }
  return t;
}

/**
 * Continues a CRC-32 over more bytes: `crc32(b)` for one piece, `crc32(b2, crc32(b1))` for two
 * pieces in a row. Returns an unsigned 32-bit value.
 */
export function crc32(bytes: Uint8Array, previous = 0): number {
  const t = (tables ??= makeTables());
  let crc = ~previous;
  const n = bytes.length;
  const end = n - (n % 16);
  let i = 0;
  for (; i < end; i += 16) {
    const a = (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24)) ^ crc;
    crc =
      t[3840 + (a & 0xff)]! ^
      t[3584 + ((a >>> 8) & 0xff)]! ^
      t[3328 + ((a >>> 16) & 0xff)]! ^
      t[3072 + (a >>> 24)]! ^
      t[2816 + bytes[i + 4]!]! ^
      t[2560 + bytes[i + 5]!]! ^
      t[2304 + bytes[i + 6]!]! ^
      t[2048 + bytes[i + 7]!]! ^
      t[1792 + bytes[i + 8]!]! ^
      t[1536 + bytes[i + 9]!]! ^
      t[1280 + bytes[i + 10]!]! ^
      t[1024 + bytes[i + 11]!]! ^
      t[768 + bytes[i + 12]!]! ^
      t[512 + bytes[i + 13]!]! ^
      t[256 + bytes[i + 14]!]! ^
      t[bytes[i + 15]!]!;
  }
  for (; i < n; i++) crc = (crc >>> 8) ^ t[(crc ^ bytes[i]!) & 0xff]!;
  return ~crc >>> 0;
}
