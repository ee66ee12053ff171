import { describe, expect, it } from 'vitest';
import { appendAudit, verifyAuditChain } from '@/utils/audit';
import { checkAuditLog, deleteCapture, hashCapture, writeCapture } from '@/utils/store';
import { createRawPage, freshDb } from '../helpers/db';

async function dbWithChain(n: number) {
  const db = freshDb();
  await db.open();
  for (let i = 0; i < n; i++) {
    await writeCapture(db, { capture: await hashCapture(createRawPage({ text: `page ${i}` }), `c${i}`, '0.1.0') });
  }
  return db;
}

describe('audit log', () => {
  it('forms a hash chain: each entry covers the previous hash and its own content', async () => {
    const db = freshDb();
    await db.open();
    const entries = await db.transaction('rw', db.audit, () =>
      appendAudit(db.audit, [
        { type: 'capture', subject: 'capture:a', details: {} },
        { type: 'export', subject: 'package:p', details: { digest: 'x' } },
      ], '2026-11-20T00:00:00.000Z'),
    );
    expect(entries[0]!.prevHash).toBe('0'.repeat(64));
    expect(entries[1]!.prevHash).toBe(entries[0]!.hash);
    expect(verifyAuditChain(entries).ok).toBe(true);
  });

  it('names an entry that was changed after it was written', async () => {
    const db = await dbWithChain(3);
    await db.audit.update(2, { details: { url: 'https://www.upwork.com/forged' } });
    const status = await checkAuditLog(db);
    expect(status.ok).toBe(false);
    expect(status.problems.map((p) => p.problem)).toContain('entry 2 was changed after it was written');
  });

  it('names entries removed from the middle and from the end', async () => {
    const db = await dbWithChain(4);
    await db.audit.delete(2);
    let status = await checkAuditLog(db);
    expect(status.problems.map((p) => p.problem)).toEqual(expect.arrayContaining([expect.stringContaining('entries 2–2 are missing')]));

    const tail = await dbWithChain(3);
    await tail.audit.delete(3);
    status = await checkAuditLog(tail);
    expect(status.ok).toBe(false);
    expect(status.headMatches).toBe(false);
    expect(status.problems[0]!.problem).toMatch(/should end at entry 3 but ends at 2/);
  });

  it('records a deletion with the hash of what was deleted', async () => {
    const db = await dbWithChain(1);
    const capture = (await db.captures.get('c0'))!;
    await deleteCapture(db, 'c0', '2026-11-21T00:00:00.000Z');
    const last = await db.audit.orderBy('seq').last();
    expect(last).toMatchObject({ type: 'deleted', subject: 'capture:c0', details: { sha256: capture.sha256 } });
    expect((await checkAuditLog(db)).ok).toBe(true);
  });
});
