import type { ContractData, ContractSnapshot, Milestone, MessageRecord } from '@/utils/db/records';
import type { ObservedMessage } from '@/utils/protocol';
import { hashRecord } from '@/utils/hashing';
import { messageHash } from '@/utils/extract/changes';

/**
 * Test data with complete defaults: override only what a test is about. The defaults follow the
 * stand-in's sample data (Daniel Reyes, Maya Okafor, the fixed-price contract and its room), so
 * failures read like the conversation they come from.
 */

export const ROOM_ID = 'room_7c3e91a45b2d4f0e8a6b19d2c5f3e870';
export const CONTRACT_ID = '38417205';
export const DANIEL = { name: 'Daniel Reyes', userId: '1387209456612908544' };
export const MAYA = { name: 'Maya Okafor', userId: '1450932871234567890' };

/** A storyId like the marketplace's: `story_` and 32 hex digits, from a small number. */
export function storyId(n: number): string {
  return `story_${n.toString(16).padStart(32, '0')}`;
}

/** Minute `n` after 2026-11-20 15:00 UTC, as ISO. */
export function minute(n: number): string {
  return new Date(Date.UTC(2026, 10, 20, 15, 0) + n * 60_000).toISOString();
}

export function createObservedMessage(overrides: Partial<ObservedMessage> = {}): ObservedMessage {
  return {
    id: storyId(1),
    roomId: ROOM_ID,
    senderName: DANIEL.name,
    senderId: null,
    sentAt: minute(0),
    sentAtDisplayed: 'November 20, 2026 at 10:00 AM',
    sentAtUnparsed: false,
    text: 'Could you also import the 60 new winter SKUs?',
    source: 'dom',
    jsonText: null,
    attachments: [],
    kind: 'message',
    deleted: false,
    ...overrides,
  };
}

/** A stored message; its hash is computed from its content unless given. */
export function createMessageRecord(overrides: Partial<MessageRecord> = {}): MessageRecord {
  const { sha256, ...rest } = overrides;
  const record: Omit<MessageRecord, 'sha256'> = {
    ...createObservedMessage(),
    edited: false,
    firstSeenAt: '2026-11-21T09:00:00.000Z',
    lastSeenAt: '2026-11-21T09:00:00.000Z',
    captureId: 'capture-1',
    ...rest,
  };
  return { ...record, sha256: sha256 ?? messageHash(record) };
}

/** `count` stored messages one minute apart, ids storyId(1)…storyId(count). */
export function storedConversation(count: number, overrides: (i: number) => Partial<MessageRecord> = () => ({})): MessageRecord[] {
  return Array.from({ length: count }, (_, k) => {
    const i = k + 1;
    return createMessageRecord({ id: storyId(i), sentAt: minute(i), text: `Message ${i}`, ...overrides(i) });
  });
}

/** The same messages as the page shows them again (same content, nothing changed). */
export function observedAgain(records: readonly MessageRecord[]): ObservedMessage[] {
  return records.map(({ id, roomId, senderName, senderId, sentAt, sentAtDisplayed, sentAtUnparsed, text, source, jsonText, attachments, kind, deleted }) => ({
    id,
    roomId,
    senderName,
    senderId,
    sentAt,
    sentAtDisplayed,
    sentAtUnparsed,
    text,
    source,
    jsonText,
    attachments,
    kind,
    deleted,
  }));
}

export function createMilestone(overrides: Partial<Milestone> = {}): Milestone {
  return {
    id: '51873003',
    sequence: 3,
    title: 'Product import (480 SKUs) and QA',
    description: 'Import all 480 SKUs (variants included) from the supplied spreadsheet, with images, prices and inventory; QA report listing every warning.',
    amount: { amount: '600.00', currency: 'USD' },
    dueDate: '2026-11-23',
    status: 'Active and funded',
    submittedAt: null,
    approvedAt: null,
    paidAt: null,
    ...overrides,
  };
}

export function createContractData(overrides: Partial<ContractData> = {}): ContractData {
  return {
    id: CONTRACT_ID,
    title: 'Shopify storefront redesign and product import',
    clientName: DANIEL.name,
    freelancerName: MAYA.name,
    type: 'fixed',
    hourlyRate: null,
    weeklyLimitHours: null,
    budget: { amount: '2400.00', currency: 'USD' },
    status: 'Active',
    startDate: '2026-09-03',
    endDate: null,
    milestones: [
      createMilestone({ id: '51873001', sequence: 1, title: 'Design mockups and theme setup', description: 'Moodboard and mockups.', dueDate: '2026-09-21', status: 'Paid' }),
      createMilestone(),
      createMilestone({ id: '51873004', sequence: 4, title: 'Launch support and handover', description: 'Go-live and handover.', dueDate: '2026-12-14', status: 'Not funded' }),
    ],
    ...overrides,
  };
}

/** An hourly contract (the stand-in's maintenance contract). */
export function createHourlyContractData(overrides: Partial<ContractData> = {}): ContractData {
  return createContractData({
    id: '38420991',
    title: 'Ongoing Shopify maintenance and app support',
    type: 'hourly',
    hourlyRate: { amount: '45.00', currency: 'USD' },
    weeklyLimitHours: 20,
    budget: null,
    startDate: '2026-10-12',
    milestones: [],
    ...overrides,
  });
}

let snapshots = 0;

/** A stored snapshot of contract data, captured at `capturedAt`. */
export function createSnapshot(data: ContractData, overrides: Partial<ContractSnapshot> = {}): ContractSnapshot {
  snapshots += 1;
  return {
    id: `snapshot-${snapshots}`,
    contractId: data.id,
    captureId: `capture-${snapshots}`,
    capturedAt: '2026-11-21T09:00:00.000Z',
    data,
    sha256: hashRecord(data),
    ...overrides,
  };
}
