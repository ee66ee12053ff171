import type { MessageRecord, RoomRecord } from '@/utils/db/records';

/** A stored message with complete defaults; override what the test is about. */
export function messageRecord(overrides: Partial<MessageRecord> = {}): MessageRecord {
  return {
    id: 'story_1',
    roomId: 'room_4f2a9c1b7e3d4a5b8c6d0e1f2a3b4c5d',
    senderName: 'Maya Okafor',
    senderId: null,
    sentAt: '2026-11-20T15:00:00.000Z',
    sentAtDisplayed: 'Nov 20, 10:00 AM',
    sentAtUnparsed: false,
    text: 'Hello',
    source: 'dom',
    jsonText: null,
    attachments: [],
    kind: 'message',
    edited: false,
    deleted: false,
    firstSeenAt: '2026-11-20T16:00:00.000Z',
    lastSeenAt: '2026-11-20T16:00:00.000Z',
    captureId: 'capture-1',
    sha256: '0'.repeat(64),
    ...overrides,
  };
}

/** A stored room with complete defaults. */
export function roomRecord(id: string, overrides: Partial<RoomRecord> = {}): RoomRecord {
  return {
    id,
    title: null,
    subtitle: null,
    contractId: null,
    participants: [],
    firstCapturedAt: '2026-11-20T16:00:00.000Z',
    lastCapturedAt: '2026-11-20T16:00:00.000Z',
    coverage: null,
    ...overrides,
  };
}
