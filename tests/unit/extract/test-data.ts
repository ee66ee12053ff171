import type { ContractData, ContractSnapshot, MessageRecord, Milestone } from '@/utils/db/records';
import type { ObservedMessage } from '@/utils/protocol';
import { messageHash } from '@/utils/extract/changes';
import { hashRecord } from '@/utils/hashing';

/** Test data with complete defaults; override what the test is about. */

export const ROOM_ID = 'room_0a1b2c3d4e5f60718293a4b5c6d7e8f9';

/** Minute `n` of 2 March 2026, UTC (ISO). */
export const minute = (n: number) => new Date(Date.UTC(2026, 2, 2, 14, 0) + n * 60_000).toISOString();

export function observed(overrides: Partial<ObservedMessage> = {}): ObservedMessage {
  return {
    id: 'story_m1',
    roomId: ROOM_ID,
    senderName: 'Priya Nair',
    senderId: null,
    sentAt: minute(1),
    sentAtDisplayed: 'March 2, 2026 at 9:01 AM',
    sentAtUnparsed: false,
    text: 'Hello',
    source: 'dom',
    jsonText: null,
    attachments: [],
    kind: 'message',
    deleted: false,
    ...overrides,
  };
}

export function stored(overrides: Partial<MessageRecord> = {}): MessageRecord {
  const base: Omit<MessageRecord, 'sha256'> = {
    ...observed(),
    edited: false,
    firstSeenAt: '2026-03-02T15:00:00.000Z',
    lastSeenAt: '2026-03-02T15:00:00.000Z',
    captureId: 'cap-1',
    ...overrides,
  };
  return { ...base, sha256: messageHash(base) };
}

/** Messages story_m1 … story_mN, one minute apart, as stored after an earlier visit. */
export function storedRun(n: number, overrides: Partial<MessageRecord> = {}): MessageRecord[] {
  return Array.from({ length: n }, (_, i) => stored({ id: `story_m${i + 1}`, sentAt: minute(i + 1), text: `Message ${i + 1}`, ...overrides }));
}

/** What the page shows now of those messages (same text). */
export function observedOf(m: MessageRecord, overrides: Partial<ObservedMessage> = {}): ObservedMessage {
  return observed({ id: m.id, sentAt: m.sentAt, text: m.text, sentAtDisplayed: m.sentAtDisplayed, ...overrides });
}

export function milestone(overrides: Partial<Milestone> = {}): Milestone {
  return {
    id: '51873001',
    sequence: 1,
    title: 'Design mockups',
    description: 'Homepage and product page mockups.',
    amount: { amount: '600.00', currency: 'USD' },
    dueDate: '2026-09-21',
    status: 'Active and funded',
    submittedAt: null,
    approvedAt: null,
    paidAt: null,
    ...overrides,
  };
}

export function contractData(overrides: Partial<ContractData> = {}): ContractData {
  return {
    id: '38417205',
    title: 'Shopify storefront redesign',
    clientName: 'Daniel Reyes',
    freelancerName: 'Maya Okafor',
    type: 'fixed',
    hourlyRate: null,
    weeklyLimitHours: null,
    budget: { amount: '2400.00', currency: 'USD' },
    status: 'Active',
    startDate: '2026-09-03',
    endDate: null,
    milestones: [milestone()],
    ...overrides,
  };
}

export function snapshot(id: string, capturedAt: string, data: ContractData): ContractSnapshot {
  return { id, contractId: data.id, captureId: `cap-${id}`, capturedAt, data, sha256: hashRecord(data) };
}
