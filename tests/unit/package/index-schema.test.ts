import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildPackage, indexJsonSchema, PackageIndex } from '@/utils/package';
import { createPackageInput, OPTIONS } from './factories';
import { text, unzip } from './zip-helpers';

/**
 * data/index.json has one definition, the zod schema PackageIndex; docs/index.schema.json is its
 * JSON Schema for people and other tools. This test regenerates it and fails when the two differ.
 * To update the file after changing the schema: CASEFILE_WRITE_SCHEMA=1 npx vitest run tests/unit/package/index-schema.test.ts
 */
const SCHEMA_FILE = fileURLToPath(new URL('../../../docs/index.schema.json', import.meta.url));

describe('data/index.json schema', () => {
  it('docs/index.schema.json is the JSON Schema of PackageIndex', () => {
    const generated = `${JSON.stringify(indexJsonSchema(), null, 2)}\n`;
    if (process.env.CASEFILE_WRITE_SCHEMA === '1') writeFileSync(SCHEMA_FILE, generated);
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(generated);
  });

  it('accepts the index of a built package and rejects a changed format id', async () => {
    const built = await buildPackage(await createPackageInput(), OPTIONS);
    const index = JSON.parse(text(unzip(built.bytes)[`${built.base}/data/index.json`]));
    expect(PackageIndex.safeParse(index).success).toBe(true);
    expect(PackageIndex.safeParse({ ...index, format: 'casefile-package/2' }).success).toBe(false);
    expect(PackageIndex.safeParse({ ...index, exhibits: [{ ...index.exhibits[0], sha256: 'not a hash' }] }).success).toBe(false);
  });

  it('publishes the format id, exhibit fields and hash pattern in the JSON Schema', () => {
    const schema = indexJsonSchema() as { properties: Record<string, { const?: string }>; $defs?: Record<string, { required?: string[]; properties: Record<string, { pattern?: string }> }> };
    expect(schema.properties.format?.const).toBe('casefile-package/1');
    const exhibit = schema.$defs?.Exhibit;
    expect(exhibit?.required).toEqual(expect.arrayContaining(['path', 'kind', 'capturedAt', 'url', 'sha256']));
    expect(exhibit?.properties.sha256?.pattern).toBe('^[0-9a-f]{64}$');
  });
});
