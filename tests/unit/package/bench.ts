import type * as R from '@/utils/db/records';
import { buildPackage, verifyPackage, type PackageProgress } from '@/utils/package';
import { createBlob, createCapture, createMessage, createPackageInput, createRevision, OPTIONS, pngBytes, RECORD_HASHES, ROOM_ID } from './factories';

/**
 * A package of realistic size, timed: `messages` messages in one conversation (1 in 20 edited
 * with an earlier version, 1 in 50 deleted) and one capture holding a `screenshotBytes`
 * screenshot of incompressible bytes. For a bench script: `await benchPackage()`.
 */
export interface PackageBench {
  messages: number;
  screenshotBytes: number;
  /** Milliseconds per build phase, and in total. */
  buildMs: Record<PackageProgress['phase'] | 'input' | 'total', number>;
  verifyMs: number;
  zipBytes: number;
  payloadBytes: number;
  files: number;
  reportHtmlBytes: number;
  verified: boolean;
}

const WORDS = 'the client asked for a new screen before the milestone was approved and said payment would follow once the design matched the brief we agreed in the offer'.split(' ');

/** Message text of varied words, so DEFLATE works on something like real text. */
function sentence(i: number): string {
  let x = i * 2654435761;
  const words: string[] = [];
  const count = 8 + (i % 40);
  for (let w = 0; w < count; w++) {
    x = (x * 1103515245 + 12345) >>> 0;
    words.push(WORDS[x % WORDS.length]!);
  }
  return `${words.join(' ')} (#${i})`;
}

export async function benchPackage(options: { messages?: number; screenshotBytes?: number } = {}): Promise<PackageBench> {
  const count = options.messages ?? 10_000;
  const screenshotBytes = options.screenshotBytes ?? 5 * 1024 * 1024;
  const base = await createPackageInput();
  const screenshot = await createBlob(pngBytes(screenshotBytes, 7), 'image/png');
  const capture = await createCapture('cap-big', { capturedAt: '2026-11-10T10:00:00.000Z' }, [{ blob: screenshot, kind: 'screenshot', label: 'whole conversation' }]);
  const start = Date.parse('2026-01-01T00:00:00.000Z');
  const messages: R.MessageRecord[] = [];
  const revisions: R.MessageRevision[] = [];
  for (let i = 0; i < count; i++) {
    const id = `story-${i}`;
    const sentAt = new Date(start + i * 7 * 60_000).toISOString();
    messages.push(
      createMessage({ id, roomId: ROOM_ID, senderName: i % 2 ? 'Carl Client' : 'Dana Freelancer', sentAt, text: sentence(i), edited: i % 20 === 0, deleted: i % 50 === 0, captureId: 'cap-big' }),
    );
    if (i % 20 === 0) revisions.push(createRevision({ id: `rev-${i}`, messageId: id, text: sentence(i + 1), seenAt: sentAt, captureId: 'cap-big' }));
  }
  const input = { ...base, messages, messageRevisions: revisions, captures: [...base.captures, capture], blobs: [...base.blobs, screenshot] };

  const marks: { phase: PackageProgress['phase']; at: number }[] = [];
  const t0 = performance.now();
  const built = await buildPackage(input, { ...OPTIONS, recordHashes: RECORD_HASHES }, (p) => {
    if (marks[marks.length - 1]?.phase !== p.phase) marks.push({ phase: p.phase, at: performance.now() });
  });
  const t1 = performance.now();
  // "input": validating and sorting the records, before the first progress report.
  const buildMs = { input: Math.round((marks[0]?.at ?? t0) - t0), checking: 0, writing: 0, compressing: 0, done: 0, total: Math.round(t1 - t0) };
  marks.forEach((m, i) => {
    buildMs[m.phase] = Math.round((marks[i + 1]?.at ?? t1) - m.at);
  });
  const report = await verifyPackage(built.bytes);
  const verifyMs = Math.round(performance.now() - t1);
  return {
    messages: count,
    screenshotBytes,
    buildMs,
    verifyMs,
    zipBytes: built.bytes.byteLength,
    payloadBytes: Number(built.payloadOxum.split('.')[0]),
    files: built.files.length,
    reportHtmlBytes: built.files.find((f) => f.path === 'data/report.html')!.size,
    verified: report.ok,
  };
}
