import { describe, expect, test, vi } from 'vitest';
import { createHandlers } from '@/utils/handlers';
import { RawPage, type ObservedMessage, type ParsedRequestOf, type Structured } from '@/utils/protocol';
import type { SenderInfo } from '@/utils/router';
import type { ContractData } from '@/utils/db/records';
import { checkAuditLog } from '@/utils/store';
import { createRawPage, freshDb } from '../../helpers/db';
import { CONTRACT_ID, createContractData, createMilestone, createObservedMessage, DANIEL, MAYA, ROOM_ID, storyId } from '../extract/sample-factories';

/**
 * 'page.capture' end to end in the background, on a fresh Dexie database: a room recorded twice
 * (the second time one message edited, one flagged deleted in the page's JSON, one gone from
 * between its rendered neighbours, one new) and a contract recorded twice (milestones rewritten).
 * Every change lands in its table with an audit entry; a structured write that fails leaves
 * nothing behind, not even the raw capture.
 */

const T1 = '2026-11-21T09:00:00.000Z';
const T2 = '2026-11-24T16:00:00.000Z';
const ROOM_URL = `https://www.upwork.com/ab/messages/rooms/${ROOM_ID}`;
const WORKROOM_URL = `https://www.upwork.com/nx/wm/workroom/${CONTRACT_ID}/overview`;
const fromTab: SenderInfo = { id: 'casefile-id', url: ROOM_URL, tab: { id: 7 } };

async function setup() {
  const db = freshDb();
  await db.open();
  let n = 0;
  const handlers = createHandlers({
    db,
    now: () => new Date(T2),
    newId: () => `id-${++n}`,
    extensionVersion: '0.1.0',
    tabUrl: async () => ROOM_URL,
  });
  /** Sends a page the way the router does: parsed by the protocol's schema first. */
  const capture = (page: Parameters<typeof createRawPage>[0]) => handlers['page.capture'](RawPage.parse(createRawPage(page)) as ParsedRequestOf<'page.capture'>, fromTab);
  return { db, capture };
}

const ROOM = { id: ROOM_ID, title: DANIEL.name, subtitle: 'Shopify storefront redesign and product import', contractId: CONTRACT_ID, participants: [{ name: DANIEL.name, userId: DANIEL.userId }, { name: MAYA.name }] };

/** The room as first seen: a system event and four messages, all rendered. */
const V1: ObservedMessage[] = [
  createObservedMessage({ id: storyId(1), kind: 'system', senderName: null, sentAt: '2026-09-03T13:58:00.000Z', text: 'Contract started' }),
  createObservedMessage({ id: storyId(2), sentAt: '2026-09-04T15:10:00.000Z', text: 'Just to confirm: 480 SKUs total, including all variants.' }),
  createObservedMessage({ id: storyId(3), senderName: MAYA.name, sentAt: '2026-09-04T15:18:00.000Z', text: 'Perfect: 480 SKUs including variants.' }),
  createObservedMessage({ id: storyId(4), sentAt: '2026-10-14T18:05:00.000Z', text: 'Approved — go ahead and submit milestone 2.' }),
  createObservedMessage({ id: storyId(5), senderName: MAYA.name, sentAt: '2026-10-14T18:20:00.000Z', text: 'Thank you! Submitting milestone 2 now.' }),
];

/**
 * The later visit: 2 edited; 3 flagged deleted in the stories JSON (not rendered); 4 simply gone
 * from between 2 and 5, which are rendered next to each other; 6 is new.
 */
const V2: ObservedMessage[] = [
  V1[0]!,
  { ...V1[1]!, text: 'Just to confirm: 480 SKUs total, not counting variants.' },
  { ...V1[2]!, source: 'json', text: '', jsonText: '', senderName: null, senderId: MAYA.userId, deleted: true },
  V1[4]!,
  createObservedMessage({ id: storyId(6), sentAt: '2026-11-24T15:00:00.000Z', text: "We've adjusted the milestones, please take a look." }),
];

const roomPage = (capturedAt: string, messages: ObservedMessage[], renderedIds: string[]) => ({
  url: ROOM_URL,
  capturedAt,
  extraction: { status: 'ok' as const },
  structured: { type: 'room', room: ROOM, messages, renderedIds } satisfies Structured,
  pageJson: [{ kind: 'stories' as const, url: `https://www.upwork.com/api/v3/rooms/rooms/${ROOM_ID}/stories/simplified?limit=40`, receivedAt: capturedAt, body: JSON.stringify({ stories: [], at: capturedAt }) }],
});

const contractPage = (capturedAt: string, contract: ContractData) => ({
  url: WORKROOM_URL,
  pageKind: 'workroom' as const,
  title: `${contract.title} | Upwork`,
  capturedAt,
  roomId: undefined,
  contractId: CONTRACT_ID,
  extraction: { status: 'ok' as const },
  structured: { type: 'contract', contract } satisfies Structured,
});

/** The fixed contract after the client rewrote it (the stand-in's v2). */
function rewritten(): ContractData {
  const v1 = createContractData();
  return {
    ...v1,
    budget: { amount: '2550.00', currency: 'USD' },
    milestones: [
      ...v1.milestones.map((m) => (m.sequence === 3 ? { ...m, description: 'Import all products, with every size and colour variant as its own SKU.' } : m.sequence === 4 ? { ...m, amount: { amount: '450.00', currency: 'USD' } } : m)),
      createMilestone({ id: '51873005', sequence: 5, title: 'Size guide popup and winter lookbook page', amount: { amount: '300.00', currency: 'USD' }, status: 'Not funded', dueDate: '2026-12-21' }),
    ],
  };
}

async function auditTypes(db: Awaited<ReturnType<typeof setup>>['db']) {
  return (await db.audit.orderBy('seq').toArray()).map((e) => [e.type, e.subject]);
}

describe('a room recorded twice', () => {
  test('edits, deletions (by flag and by absence) and new messages are stored, each with an audit entry', async () => {
    const { db, capture } = await setup();
    const first = await capture(roomPage(T1, V1, V1.map((m) => m.id)));
    expect(first.extraction.status).toBe('ok');
    expect(await db.messages.count()).toBe(5);

    await capture(roomPage(T2, V2, [storyId(1), storyId(2), storyId(5), storyId(6)]));

    const room = await db.rooms.get(ROOM_ID);
    expect(room).toMatchObject({ title: DANIEL.name, contractId: CONTRACT_ID, firstCapturedAt: T1, lastCapturedAt: T2 });
    expect(room!.participants).toEqual([{ name: DANIEL.name, userId: DANIEL.userId }, { name: MAYA.name }]);

    const messages = new Map((await db.messages.where('roomId').equals(ROOM_ID).toArray()).map((m) => [m.id, m]));
    expect(messages.size).toBe(6);
    expect(messages.get(storyId(1))).toMatchObject({ edited: false, deleted: false, lastSeenAt: T2 });
    expect(messages.get(storyId(2))).toMatchObject({ text: 'Just to confirm: 480 SKUs total, not counting variants.', edited: true, deleted: false, firstSeenAt: T1 });
    // Deleted messages keep what they said.
    expect(messages.get(storyId(3))).toMatchObject({ text: 'Perfect: 480 SKUs including variants.', deleted: true, edited: false, senderName: MAYA.name });
    expect(messages.get(storyId(4))).toMatchObject({ text: 'Approved — go ahead and submit milestone 2.', deleted: true, edited: false });
    expect(messages.get(storyId(5))).toMatchObject({ deleted: false, edited: false });
    expect(messages.get(storyId(6))).toMatchObject({ firstSeenAt: T2, deleted: false, edited: false });

    const revisions = await db.messageRevisions.toArray();
    expect(revisions).toHaveLength(1);
    expect(revisions[0]).toMatchObject({ messageId: storyId(2), roomId: ROOM_ID, text: 'Just to confirm: 480 SKUs total, including all variants.', seenAt: T1 });

    const types = await auditTypes(db);
    expect(types.filter(([t]) => t === 'capture')).toHaveLength(2);
    expect(types.filter(([t]) => t !== 'capture')).toEqual([
      ['edit-detected', `message:${storyId(2)}`],
      ['deletion-detected', `message:${storyId(3)}`],
      ['deletion-detected', `message:${storyId(4)}`],
    ]);
    expect((await checkAuditLog(db)).ok).toBe(true);
    expect(await db.captures.count()).toBe(2);
    expect(await db.blobs.count()).toBe(2);
  });

  test('seeing the same room again records nothing new', async () => {
    const { db, capture } = await setup();
    await capture(roomPage(T1, V1, V1.map((m) => m.id)));
    await capture(roomPage(T2, V1, V1.map((m) => m.id)));
    expect(await db.messageRevisions.count()).toBe(0);
    expect((await db.messages.toArray()).every((m) => !m.edited && !m.deleted && m.lastSeenAt === T2)).toBe(true);
    expect((await auditTypes(db)).map(([t]) => t)).toEqual(['capture', 'capture']);
  });

  test('a structured write that fails leaves no partial rows, not even the capture', async () => {
    const { db, capture } = await setup();
    await capture(roomPage(T1, V1, V1.map((m) => m.id)));
    const before = { captures: await db.captures.count(), blobs: await db.blobs.count(), audit: await db.audit.count(), rooms: await db.rooms.toArray(), messages: await db.messages.toArray() };
    // A revision already stored under the id the edit of message 2 will use: IndexedDB refuses the
    // second one (ConstraintError) after the room and the messages were written in the transaction.
    const planted = { id: `${storyId(2)}@${T1}`, messageId: storyId(2), roomId: ROOM_ID, text: 'planted', attachments: [], seenAt: T1, captureId: 'elsewhere', sha256: '0'.repeat(64) };
    await db.messageRevisions.add(planted);

    await expect(capture(roomPage(T2, V2, [storyId(1), storyId(2), storyId(5), storyId(6)]))).rejects.toThrow();

    expect(await db.captures.count()).toBe(before.captures);
    expect(await db.blobs.count()).toBe(before.blobs);
    expect(await db.audit.count()).toBe(before.audit);
    expect(await db.rooms.toArray()).toEqual(before.rooms);
    expect(await db.messages.toArray()).toEqual(before.messages);
    expect(await db.messageRevisions.toArray()).toEqual([planted]);
    expect((await checkAuditLog(db)).ok).toBe(true);
  });
});

describe('a contract recorded twice', () => {
  test('the second snapshot records each change with both values, and an audit entry for each', async () => {
    const { db, capture } = await setup();
    await capture(contractPage(T1, createContractData()));
    expect(await db.contractChanges.count()).toBe(0);
    await capture(contractPage(T2, rewritten()));

    const snapshots = await db.contractSnapshots.where('contractId').equals(CONTRACT_ID).sortBy('capturedAt');
    expect(snapshots.map((s) => s.capturedAt)).toEqual([T1, T2]);
    const contract = await db.contracts.get(CONTRACT_ID);
    expect(contract).toMatchObject({ firstCapturedAt: T1, lastCapturedAt: T2, lastSnapshotId: snapshots[1]!.id, budget: { amount: '2550.00', currency: 'USD' } });

    const changes = await db.contractChanges.where('contractId').equals(CONTRACT_ID).toArray();
    const brief = changes.map((c) => [c.kind, c.field, c.milestoneId ?? null]).sort();
    expect(brief).toEqual(
      [
        ['milestone-added', 'milestone', '51873005'],
        ['milestone-changed', 'amount', '51873004'],
        ['milestone-changed', 'description', '51873003'],
        ['terms-changed', 'budget', null],
      ].sort(),
    );
    for (const c of changes) expect(c).toMatchObject({ beforeCapturedAt: T1, afterCapturedAt: T2, beforeSnapshotId: snapshots[0]!.id, afterSnapshotId: snapshots[1]!.id });
    expect(changes.find((c) => c.field === 'amount')).toMatchObject({ before: { amount: '600.00', currency: 'USD' }, after: { amount: '450.00', currency: 'USD' } });

    const milestones = await db.milestones.where('contractId').equals(CONTRACT_ID).toArray();
    expect(milestones.map((m) => m.id).sort()).toEqual(['51873001', '51873003', '51873004', '51873005'].map((id) => `${CONTRACT_ID}:${id}`));
    expect(milestones.find((m) => m.id === `${CONTRACT_ID}:51873004`)).toMatchObject({ amount: { amount: '450.00', currency: 'USD' }, lastCapturedAt: T2 });

    const audit = (await db.audit.orderBy('seq').toArray()).filter((e) => e.type === 'contract-changed');
    expect(audit).toHaveLength(changes.length);
    expect(audit.every((e) => e.subject === `contract:${CONTRACT_ID}`)).toBe(true);
    expect(audit.map((e) => e.details)).toContainEqual({ kind: 'milestone-changed', field: 'amount', milestoneId: '51873004', before: { amount: '600.00', currency: 'USD' }, after: { amount: '450.00', currency: 'USD' } });
    expect((await checkAuditLog(db)).ok).toBe(true);
  });

  test('an unchanged contract adds a snapshot but no change', async () => {
    const { db, capture } = await setup();
    await capture(contractPage(T1, createContractData()));
    await capture(contractPage(T2, createContractData()));
    expect(await db.contractSnapshots.count()).toBe(2);
    expect(await db.contractChanges.count()).toBe(0);
    expect((await db.audit.toArray()).some((e) => e.type === 'contract-changed')).toBe(false);
  });

  test('a structured write that fails leaves no partial rows', async () => {
    const { db, capture } = await setup();
    await capture(contractPage(T1, createContractData()));
    const before = {
      captures: await db.captures.count(),
      audit: await db.audit.count(),
      snapshots: await db.contractSnapshots.toArray(),
      contracts: await db.contracts.toArray(),
      milestones: await db.milestones.toArray(),
    };
    // The last write of the contract (its changes) fails, after the snapshot, the contract and the
    // milestones were written in the same transaction.
    const failing = vi.spyOn(db.contractChanges, 'bulkAdd').mockRejectedValueOnce(new Error('QuotaExceededError: the disk is full'));
    await expect(capture(contractPage(T2, rewritten()))).rejects.toThrow();
    expect(failing).toHaveBeenCalledOnce();
    failing.mockRestore();

    expect(await db.captures.count()).toBe(before.captures);
    expect(await db.audit.count()).toBe(before.audit);
    expect(await db.contractSnapshots.toArray()).toEqual(before.snapshots);
    expect(await db.contracts.toArray()).toEqual(before.contracts);
    expect(await db.milestones.toArray()).toEqual(before.milestones);
    expect(await db.contractChanges.count()).toBe(0);

    // And the same capture succeeds once the failure is gone.
    await capture(contractPage(T2, rewritten()));
    expect(await db.contractChanges.count()).toBe(4);
  });
});
