import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { releaseBuffer } from './release';

/** Slices read from the Blob at a time: the page holds one of them, never the whole file. */
const SLICE = 4 * 1024 * 1024;

/**
 * SHA-256 of a Blob (the exported ZIP), read slice by slice and hashed incrementally (WebCrypto
 * cannot hash in pieces), so a package of any size is hashed in a few MiB of memory.
 */
export async function hashBlob(blob: Blob, onProgress: (bytesDone: number) => void = () => {}, signal?: AbortSignal): Promise<string> {
  const hash = sha256.create();
  for (let offset = 0; offset < blob.size; offset += SLICE) {
    signal?.throwIfAborted();
    const slice = await blob.slice(offset, offset + SLICE).arrayBuffer();
    hash.update(new Uint8Array(slice));
    releaseBuffer(slice);
    onProgress(Math.min(blob.size, offset + SLICE));
  }
  return bytesToHex(hash.digest());
}
