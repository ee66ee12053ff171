import type { ContractData, ContractSnapshot, MessageRecord, Milestone } from '@/utils/db/records';
import type { ObservedMessage } from '@/utils/protocol';
import { messageHash } from '@/utils/extract/changes';
import { hashRecord } from '@/utils/hashing';
import { contractById, IDS, PEOPLE, type Milestone as SampleMilestone } from '../../stand-in/sample-data.mjs';

/**
 * Test data drawn from the stand-in's sample people and contracts (tests/stand-in/sample-data.mjs),
 * with complete defaults; override what a test is about.
 */

export const MAYA = PEOPLE.maya;
export const DANIEL = PEOPLE.daniel;
export const ROOM_ID = IDS.fixedRoomId;

/** A storyId for message n ("story_" + 32 hex digits, as on the page). */
export const storyId = (n: number) => `story_${n.toString(16).padStart(32, '0')}`;

/** Minute n of 20 November 2026, 15:00 UTC onwards (ISO). */
export const minute = (n: number) => new Date(Date.UTC(2026, 10, 20, 15, 0) + n * 60_000).toISOString();

/** What the page showed of message 1: Daniel's, rendered, at minute 1. */
export function createObservedMessage(overrides: Partial<ObservedMessage> = {}): ObservedMessage {
  return {
    id: storyId(1),
    roomId: ROOM_ID,
    senderName: DANIEL.name,
    senderId: null,
    sentAt: minute(1),
    sentAtDisplayed: 'November 20, 2026 at 10:01 AM',
    sentAtUnparsed: false,
    text: 'Message 1',
    source: 'dom',
    jsonText: null,
    attachments: [],
    kind: 'message',
    deleted: false,
    ...overrides,
  };
}

/** Message 1 as stored after an earlier capture, with its hash. */
export function createMessageRecord(overrides: Partial<MessageRecord> = {}): MessageRecord {
  const base: Omit<MessageRecord, 'sha256'> = {
    ...createObservedMessage(),
    edited: false,
    firstSeenAt: '2026-11-20T16:00:00.000Z',
    lastSeenAt: '2026-11-21T09:00:00.000Z',
    captureId: 'capture-1',
    ...overrides,
  };
  return { ...base, sha256: messageHash(base) };
}

/** Messages 1…n of a stored conversation, one minute apart; `overrides(i)` changes message i (1-based). */
export function storedConversation(n: number, overrides: (i: number) => Partial<MessageRecord> = () => ({})): MessageRecord[] {
  return Array.from({ length: n }, (_, k) => {
    const i = k + 1;
    return createMessageRecord({ id: storyId(i), sentAt: minute(i), text: `Message ${i}`, ...overrides(i) });
  });
}

/** The same messages as the page shows them again, unchanged. */
export function observedAgain(records: readonly MessageRecord[]): ObservedMessage[] {
  return records.map((m) =>
    createObservedMessage({
      id: m.id,
      roomId: m.roomId,
      senderName: m.senderName,
      senderId: m.senderId,
      sentAt: m.sentAt,
      sentAtDisplayed: m.sentAtDisplayed,
      sentAtUnparsed: m.sentAtUnparsed,
      text: m.text,
      source: m.source,
      jsonText: m.jsonText,
      attachments: m.attachments,
      kind: m.kind,
      deleted: m.deleted,
    }),
  );
}

const FIXED = contractById(IDS.fixedContractId, 'v1')!;
const HOURLY = contractById(IDS.hourlyContractId, 'v1')!;

function toMilestone(m: SampleMilestone): Milestone {
  return {
    id: m.id,
    sequence: m.sequence,
    title: m.title,
    description: m.description,
    amount: { amount: m.amountValue.toFixed(2), currency: 'USD' },
    dueDate: m.dueDate,
    status: m.status,
    submittedAt: null,
    approvedAt: null,
    paidAt: null,
  };
}

const fixedMilestones: SampleMilestone[] = 'milestones' in FIXED ? FIXED.milestones : [];

/** Milestone 3 of the stand-in's fixed-price contract ("Product import (480 SKUs) and QA", $600.00). */
export function createMilestone(overrides: Partial<Milestone> = {}): Milestone {
  return { ...toMilestone(fixedMilestones.find((m) => m.sequence === 3)!), ...overrides };
}

/**
 * The stand-in's fixed-price contract as a workroom visit reads it, with the milestones still open
 * to change: 2, 3 and 4 (milestone 1 is long paid).
 */
export function createContractData(overrides: Partial<ContractData> = {}): ContractData {
  return {
    id: FIXED.id,
    title: FIXED.title,
    clientName: DANIEL.name,
    freelancerName: MAYA.name,
    type: 'fixed',
    hourlyRate: null,
    weeklyLimitHours: null,
    budget: { amount: '2400.00', currency: 'USD' },
    status: 'Active',
    startDate: FIXED.startDate,
    endDate: null,
    milestones: fixedMilestones.filter((m) => m.sequence >= 2).map(toMilestone),
    ...overrides,
  };
}

/** The stand-in's hourly contract: $45.00/hr, 20 hrs/week. */
export function createHourlyContractData(overrides: Partial<ContractData> = {}): ContractData {
  return {
    id: HOURLY.id,
    title: HOURLY.title,
    clientName: DANIEL.name,
    freelancerName: MAYA.name,
    type: 'hourly',
    hourlyRate: { amount: '45.00', currency: 'USD' },
    weeklyLimitHours: 20,
    budget: null,
    status: 'Active',
    startDate: HOURLY.startDate,
    endDate: null,
    milestones: [],
    ...overrides,
  };
}

let snapshots = 0;

/** A stored snapshot of `data`; each call gets its own id. */
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
