import { describe, expect, it } from 'vitest';
import { canonicalJson, hashRecord, sha256Bytes, sha256Text } from '@/utils/hashing';

describe('hashing', () => {
  it('hashes the known SHA-256 test vector', async () => {
    expect(sha256Text('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(await sha256Bytes(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('gives the same hash for the same record whatever its key order (RFC 8785)', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 'x', c: null }] })).toBe('{"a":[2,{"c":null,"d":"x"}],"b":1}');
    expect(hashRecord({ a: 1, b: 'two' })).toBe(hashRecord({ b: 'two', a: 1 }));
    expect(hashRecord({ a: 1, b: 'two' })).not.toBe(hashRecord({ a: 1, b: 'two ' }));
  });

  it('hashes text with bidi overrides and markup as the exact characters', () => {
    const hostile = 'pay \u202Efdp.exe <script>alert(1)</script>';
    expect(sha256Text(hostile)).not.toBe(sha256Text(hostile.replace('\u202E', '')));
    expect(canonicalJson({ t: hostile })).toContain('\u202E');
  });

  it('refuses values that have no canonical JSON', () => {
    expect(() => canonicalJson(undefined)).toThrow(/canonical JSON/);
  });
});
