import { describe, expect, it } from 'vitest';
import { buildPackage, isPortablePath, packageFileName, safeSegment } from '@/utils/package';
import { SegmentAllocator } from '@/utils/package/names';
import { createCapture, createCase, createContract, createMessage, createPackageInput, createRoom, OPTIONS } from './factories';
import { unzip } from './zip-helpers';

/**
 * Names inside the ZIP and of the ZIP come from contract titles and record ids, which may hold
 * anything. Whatever they hold, names must extract safely on Windows, macOS and Linux.
 */

const UNSAFE = ['../..', '..\\..\\windows', 'CON', 'con.txt', 'LPT1', 'a:b*?', '<>|"', 'trailing. ', '🎉🚀', 'Café résumé', 'x'.repeat(300), '', '.hidden', '-rf', 'a/b/../c'];

/** What Windows refuses in a name, or ignores at its end. */
// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const WINDOWS_BAD = /[<>:"/\\|?*\u0000-\u001f]|[. ]$/;

describe('safe names', () => {
  it('makes every unsafe id a short, portable segment, distinct from the others', () => {
    const seen = new Set<string>();
    for (const raw of UNSAFE) {
      const name = safeSegment(raw);
      expect(isPortablePath(name), `${JSON.stringify(raw)} → ${name}`).toBe(true);
      expect(name).not.toMatch(WINDOWS_BAD);
      expect(name.length).toBeLessThanOrEqual(64);
      expect(seen.has(name.toLowerCase()), `${name} is not unique`).toBe(false);
      seen.add(name.toLowerCase());
    }
    expect(safeSegment('room_4f2a9c1b7e3d4a5b8c6d0e1f2a3b4c5d')).toBe('room_4f2a9c1b7e3d4a5b8c6d0e1f2a3b4c5d'); // safe ids are kept
    expect(safeSegment('38291045')).toBe('38291045');
  });

  it('keeps ids that differ only in case apart (macOS and Windows ignore case)', () => {
    const names = new SegmentAllocator();
    expect(names.get('Room1').toLowerCase()).not.toBe(names.get('room1').toLowerCase());
    expect(names.get('Room1')).toBe(names.get('Room1'));
  });

  it('names the download casefile-<subject>-<UTC stamp>.zip, whatever the title', () => {
    const at = '2026-11-20T15:04:05.000Z';
    for (const title of UNSAFE) {
      const name = packageFileName({ kind: 'contract', id: '38291045', title }, at);
      expect(name, title).toMatch(/^casefile-[a-z0-9]+(-[a-z0-9]+)*-20261120T150405Z\.zip$/);
      expect(name.length).toBeLessThanOrEqual(76);
    }
    expect(packageFileName({ kind: 'contract', id: '38291045', title: 'Café résumé' }, at)).toBe('casefile-cafe-resume-20261120T150405Z.zip');
    expect(packageFileName({ kind: 'contract', id: '38291045', title: '🎉🚀' }, at)).toBe('casefile-contract-38291045-20261120T150405Z.zip');
    expect(packageFileName({ kind: 'case', id: '🎉', title: null }, at)).toBe('casefile-case-20261120T150405Z.zip');
  });

  it('builds a package whose every entry name is portable when titles and ids are hostile', async () => {
    const base = await createPackageInput();
    const captures = await Promise.all(UNSAFE.slice(0, 6).map((id, i) => createCapture(id, { capturedAt: `2026-11-0${i + 1}T10:00:00.000Z`, title: id })));
    const input = {
      ...base,
      case: createCase({ title: '../../etc/passwd CON a:b*? 🎉' }),
      contracts: [createContract({ id: 'a:b*?', title: 'x'.repeat(300) })],
      contractSnapshots: [],
      contractChanges: [],
      milestones: [],
      // Room ids may not be empty in the store; every other unsafe id is a room here.
      rooms: UNSAFE.slice(6).filter(Boolean).map((id) => createRoom({ id, title: id })),
      messages: UNSAFE.slice(6).filter(Boolean).map((roomId, i) => createMessage({ id: `m${i}`, roomId, captureId: 'CON' })),
      messageRevisions: [],
      captures,
      blobs: [],
    };
    const built = await buildPackage(input, OPTIONS);
    expect(built.fileName).toBe('casefile-etc-passwd-con-a-b-20261120T150405Z.zip');
    const names = Object.keys(unzip(built.bytes));
    const lower = new Set<string>();
    for (const name of names) {
      expect(isPortablePath(name), name).toBe(true);
      for (const part of name.split('/')) expect(part, name).not.toMatch(WINDOWS_BAD);
      expect(name.length).toBeLessThanOrEqual(200);
      expect(lower.has(name.toLowerCase()), name).toBe(false);
      lower.add(name.toLowerCase());
    }
    expect(names.some((n) => n.includes('/data/captures/id-CON-'))).toBe(true);
  });
});
