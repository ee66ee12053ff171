import type { ContractChange, ContractRecord, DisputeEvent, MessageRecord, Milestone, RoomRecord } from '@/utils/db/records';

/** Test data with complete defaults; override what the test is about. */

export function createMilestone(overrides: Partial<Milestone> = {}): Milestone {
  return {
    id: '51873003',
    sequence: 3,
    title: 'Product import (480 SKUs) and QA',
    description: '',
    amount: { amount: '600.00', currency: 'USD' },
    dueDate: '2026-11-23',
    status: 'Active and funded',
    submittedAt: null,
    approvedAt: null,
    paidAt: null,
    ...overrides,
  };
}

export function createContract(overrides: Partial<ContractRecord> = {}): ContractRecord {
  return {
    id: '38417205',
    title: 'Shopify storefront redesign and product import',
    clientName: 'Daniel Reyes',
    freelancerName: 'Maya Okafor',
    type: 'fixed',
    hourlyRate: null,
    weeklyLimitHours: null,
    budget: { amount: '2400.00', currency: 'USD' },
    status: 'Active',
    startDate: '2026-09-03',
    endDate: null,
    milestones: [createMilestone()],
    firstCapturedAt: '2026-09-03T14:00:00.000Z',
    lastCapturedAt: '2026-11-25T08:00:00.000Z',
    lastSnapshotId: 'snap-1',
    ...overrides,
  };
}

export function createHourlyContract(overrides: Partial<ContractRecord> = {}): ContractRecord {
  return createContract({
    id: '38420991',
    title: 'Ongoing Shopify maintenance and app support',
    type: 'hourly',
    hourlyRate: { amount: '45.00', currency: 'USD' },
    weeklyLimitHours: 20,
    budget: null,
    milestones: [],
    ...overrides,
  });
}

export function createRoom(overrides: Partial<RoomRecord> = {}): RoomRecord {
  return {
    id: 'room_fixed',
    title: 'Daniel Reyes',
    subtitle: null,
    contractId: '38417205',
    participants: [],
    firstCapturedAt: '2026-09-03T14:00:00.000Z',
    lastCapturedAt: '2026-11-25T08:00:00.000Z',
    coverage: null,
    ...overrides,
  };
}

let messageCounter = 0;
export function createMessage(overrides: Partial<MessageRecord> = {}): MessageRecord {
  messageCounter += 1;
  return {
    id: `story_${messageCounter}`,
    roomId: 'room_fixed',
    senderName: 'Maya Okafor',
    senderId: null,
    sentAt: '2026-11-10T12:00:00.000Z',
    sentAtDisplayed: null,
    sentAtUnparsed: false,
    text: 'Hello',
    source: 'dom',
    jsonText: null,
    attachments: [],
    kind: 'message',
    edited: false,
    deleted: false,
    firstSeenAt: '2026-11-25T08:00:00.000Z',
    lastSeenAt: '2026-11-25T08:00:00.000Z',
    captureId: 'capture-1',
    sha256: 'a'.repeat(64),
    ...overrides,
  };
}

export function createEvent(overrides: Partial<DisputeEvent> = {}): DisputeEvent {
  return {
    id: 'user:1',
    contractId: '38417205',
    caseId: null,
    type: 'client-dispute-filed',
    occurredAt: '2026-11-27T18:00:00.000Z',
    source: 'user',
    captureId: null,
    note: '',
    ...overrides,
  };
}

export function createChange(overrides: Partial<ContractChange> = {}): ContractChange {
  return {
    id: 'change-1',
    contractId: '38417205',
    kind: 'contract-ended',
    field: 'status',
    before: 'Active',
    after: 'Ended',
    beforeCapturedAt: '2026-11-20T10:00:00.000Z',
    afterCapturedAt: '2026-11-25T08:00:00.000Z',
    beforeSnapshotId: 'snap-1',
    afterSnapshotId: 'snap-2',
    ...overrides,
  };
}
