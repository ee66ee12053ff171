import canonicalize from 'canonicalize';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/**
 * Canonical JSON (RFC 8785, JSON Canonicalization Scheme) of a record: the bytes every record hash
 * is taken over, so the same record always gives the same hash whatever its key order.
 */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('This value cannot be written as canonical JSON.');
  return text;
}

const encoder = new TextEncoder();

/** SHA-256 of UTF-8 text, as lowercase hex. Synchronous, so it may run inside a Dexie transaction. */
export function sha256Text(text: string): string {
  return bytesToHex(sha256(encoder.encode(text)));
}

/** SHA-256 of a record's canonical JSON. */
export function hashRecord(value: unknown): string {
  return sha256Text(canonicalJson(value));
}

/** SHA-256 of raw bytes with WebCrypto (fast for large blobs; never call inside a transaction). */
export async function sha256Bytes(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const digest = await crypto.subtle.digest('SHA-256', view as Uint8Array<ArrayBuffer>);
  return bytesToHex(new Uint8Array(digest));
}

export const ZERO_HASH = '0'.repeat(64);
