// Bytes the stand-in serves for attachments, thumbnails and avatars. Each attachment is a small
// but valid file of its type (PDF, PNG, ZIP, CSV), padded to exactly the size the sample data
// declares, so "2.4 MB" in the page is also 2.4 MB on the wire. Deterministic: same bytes every run.
import { deflateSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { escapeHtml } from './assets/markup.js';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(buf) {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Deterministic filler text of an exact length. */
function fillerText(length, label) {
  const line = `${label} — stand-in sample file, padding so the size matches the listing.\n`;
  return line.repeat(Math.ceil(length / line.length) + 1).slice(0, length);
}

// --- PNG ---------------------------------------------------------------------------------------

function pngChunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/**
 * An RGB PNG drawn by `pixel(x, y) → [r, g, b]`; with `size`, a tEXt comment pads it to exactly
 * that many bytes (a valid ancillary chunk, ignored by viewers).
 */
export function png(width, height, pixel, size) {
  const stride = width * 3 + 1;
  const raw = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    raw[y * stride] = 0;
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      const o = y * stride + 1 + x * 3;
      raw[o] = r;
      raw[o + 1] = g;
      raw[o + 2] = b;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  const head = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', ihdr), pngChunk('IDAT', deflateSync(raw, { level: 9 }))];
  const end = pngChunk('IEND', Buffer.alloc(0));
  let parts = [...head, end];
  if (size !== undefined) {
    const base = parts.reduce((s, b) => s + b.length, 0);
    const padding = size - base - 12 - 'Comment\0'.length;
    if (padding < 0) throw new Error(`PNG of ${width}x${height} does not fit in ${size} bytes`);
    parts = [...head, pngChunk('tEXt', Buffer.from(`Comment\0${fillerText(padding, 'png')}`, 'latin1')), end];
  }
  return Buffer.concat(parts);
}

const PALETTE = {
  navy: [31, 42, 68],
  sand: [233, 223, 207],
  orange: [224, 122, 63],
  white: [250, 248, 244],
  grey: [200, 196, 188],
};

/** A moodboard: three colour columns with a band of "photos". */
function moodboardPixel(w, h) {
  return (x, y) => {
    if (y > h * 0.62 && y < h * 0.9 && x % (w / 4) > 12) return (Math.floor(x / (w / 4)) + Math.floor(y / 20)) % 2 ? PALETTE.grey : PALETTE.sand;
    if (x < w / 3) return PALETTE.navy;
    if (x < (2 * w) / 3) return PALETTE.sand;
    return PALETTE.orange;
  };
}

/** A product page preview: header bar, big image, text lines. */
function previewPixel(w, h) {
  return (x, y) => {
    if (y < h * 0.08) return PALETTE.navy;
    if (x > w * 0.06 && x < w * 0.5 && y > h * 0.14 && y < h * 0.8) return PALETTE.sand;
    if (x > w * 0.56 && x < w * 0.9 && y > h * 0.16 && y < h * 0.6 && Math.floor(y / (h * 0.05)) % 2 === 0) return PALETTE.grey;
    if (x > w * 0.56 && x < w * 0.78 && y > h * 0.66 && y < h * 0.74) return PALETTE.orange;
    return PALETTE.white;
  };
}

function imagePixel(name) {
  return name.includes('moodboard') ? moodboardPixel : previewPixel;
}

// --- PDF ---------------------------------------------------------------------------------------

/** A one-page PDF with a title line, padded by an unreferenced stream object to exactly `size` bytes. */
export function pdf(title, size) {
  const safe = title.replace(/[()\\]/g, '');
  const content = `BT /F1 20 Tf 72 720 Td (${safe}) Tj 0 -28 Td /F1 11 Tf (Harbor & Finch Studio - sample document) Tj ET`;
  const build = (padLength) => {
    const objects = [
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
      `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
      '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
      `<< /Length ${padLength} >>\nstream\n${fillerText(padLength, 'pdf')}\nendstream`,
    ];
    let out = '%PDF-1.4\n';
    const offsets = [];
    objects.forEach((body, i) => {
      offsets.push(out.length);
      out += `${i + 1} 0 obj\n${body}\nendobj\n`;
    });
    const xref = out.length;
    out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
    for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
    out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
    return out;
  };
  // The padding's length appears in its own header: converge on the exact total.
  let pad = Math.max(0, size - build(0).length);
  for (let i = 0; i < 5; i++) {
    const diff = size - build(pad).length;
    if (diff === 0) break;
    pad += diff;
  }
  const out = Buffer.from(build(pad), 'latin1');
  if (out.length !== size) throw new Error(`PDF size ${out.length} != ${size}`);
  return out;
}

// --- ZIP (one stored entry) --------------------------------------------------------------------

export function zip(entryName, size) {
  const name = Buffer.from(entryName, 'latin1');
  const dataLength = size - 76 - 2 * name.length;
  if (dataLength < 0) throw new Error('zip too small');
  const data = Buffer.from(fillerText(dataLength, 'zip'), 'latin1');
  const crc = crc32(data);
  const dosTime = 0; // 00:00:00
  const dosDate = ((2026 - 1980) << 9) | (11 << 5) | 1; // 2026-11-01
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(0, 6);
  local.writeUInt16LE(0, 8);
  local.writeUInt16LE(dosTime, 10);
  local.writeUInt16LE(dosDate, 12);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(name.length, 26);
  local.writeUInt16LE(0, 28);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(0, 8);
  central.writeUInt16LE(0, 10);
  central.writeUInt16LE(dosTime, 12);
  central.writeUInt16LE(dosDate, 14);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(name.length, 28);
  // extra, comment, disk, internal attributes: 0; external attributes and offset: 0
  const cdOffset = 30 + name.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + name.length, 12);
  end.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}

// --- CSV ---------------------------------------------------------------------------------------

export function csv(size) {
  let out = 'sku,title,variant,status,warning\n';
  for (let row = 1; out.length < size - 120; row++) {
    const warn = row % 40 === 0 ? 'missing alt text' : '';
    out += `HF-${String(100 + row).padStart(4, '0')},Sample product ${row},${['XS', 'S', 'M', 'L', 'XL'][row % 5]},imported,${warn}\n`;
  }
  out += `# ${'-'.repeat(size - out.length - 3)}\n`;
  return Buffer.from(out, 'latin1');
}

// --- Attachments -------------------------------------------------------------------------------

const cache = new Map();

/** The bytes of an attachment (exactly `att.size` long). */
export function attachmentBytes(att) {
  const key = `full:${att.objectReferenceId}`;
  if (!cache.has(key)) {
    let bytes;
    if (att.mimeType === 'application/pdf') bytes = pdf(att.name, att.size);
    else if (att.mimeType === 'image/png') bytes = png(1200, 800, imagePixel(att.name)(1200, 800), att.size);
    else if (att.mimeType === 'text/csv') bytes = csv(att.size);
    else bytes = zip('README.txt', att.size);
    cache.set(key, bytes);
  }
  return cache.get(key);
}

/** A 240x160 thumbnail of an image attachment. */
export function thumbnailBytes(att) {
  const key = `thumb:${att.objectReferenceId}`;
  if (!cache.has(key)) cache.set(key, png(240, 160, imagePixel(att.name)(240, 160)));
  return cache.get(key);
}

/** An SVG avatar with the person's initials, coloured from their id. */
export function avatarSvg(userId, name) {
  const hue = parseInt(createHash('sha256').update(userId).digest('hex').slice(0, 4), 16) % 360;
  const initials = name
    .split(/\s+/)
    .map((part) => part[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">` +
    `<circle cx="32" cy="32" r="32" fill="hsl(${hue} 45% 42%)"/>` +
    `<text x="32" y="40" text-anchor="middle" font-family="Helvetica, Arial, sans-serif" font-size="24" fill="#fff">${escapeHtml(initials)}</text></svg>`
  );
}
