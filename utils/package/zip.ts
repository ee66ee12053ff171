import JSZip from 'jszip';

/**
 * Writes the ZIP with JSZip, deterministically: entries in the order given (the builder sorts
 * them), every entry dated at the export time (UTC; DOS dates have 2-second steps), no folder
 * entries, no extra fields (all names are ASCII), DOS attributes. The same files therefore give
 * the same bytes on any machine and in any time zone.
 */

/** Already-compressed formats gain nothing from DEFLATE and are stored as they are (2–3× faster). */
const STORED_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'gif', 'webp', 'avif', 'zip', 'gz', 'xz', '7z', 'mp4', 'webm', 'woff2']);

export function isStored(path: string): boolean {
  const dot = path.lastIndexOf('.');
  return dot >= 0 && STORED_EXTENSIONS.has(path.slice(dot + 1).toLowerCase());
}

export interface ZipEntry {
  name: string;
  bytes: Uint8Array;
}

export async function writeZip(
  entries: readonly ZipEntry[],
  date: Date,
  onProgress: (bytesDone: number) => void = () => {},
  signal?: AbortSignal,
): Promise<Uint8Array> {
  signal?.throwIfAborted();
  const zip = new JSZip();
  // Progress in input bytes: when JSZip moves to the next file, the ones before it are done.
  const doneBefore = new Map<string, number>();
  let sum = 0;
  for (const entry of entries) {
    const stored = isStored(entry.name);
    zip.file(entry.name, entry.bytes, {
      binary: true,
      date,
      createFolders: false,
      compression: stored ? 'STORE' : 'DEFLATE',
      compressionOptions: stored ? null : { level: 6 },
    });
    doneBefore.set(entry.name, sum);
    sum += entry.bytes.byteLength;
  }

  const stream = zip.generateInternalStream({ type: 'uint8array', streamFiles: false, platform: 'DOS' });
  const chunks: Uint8Array[] = [];
  let length = 0;
  await new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      stream.pause();
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    let current: string | null = null;
    stream
      .on('data', (chunk, meta) => {
        chunks.push(chunk);
        length += chunk.byteLength;
        if (meta.currentFile && meta.currentFile !== current) {
          current = meta.currentFile;
          onProgress(doneBefore.get(current) ?? 0);
        }
      })
      .on('error', (error) => {
        signal?.removeEventListener('abort', onAbort);
        reject(error);
      })
      .on('end', () => {
        signal?.removeEventListener('abort', onAbort);
        onProgress(sum);
        resolve();
      })
      .resume();
  });

  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
