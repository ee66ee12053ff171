import type { PageKind } from '../db/records';
import { CAPTURED_KINDS, detectPage } from '../page-kinds';
import { extractRoom } from './message-room';
import { extractWorkroom } from './workroom';

/**
 * Which extractor reads which page. Every page kind Casefile records structurally
 * (CAPTURED_KINDS) must have one here, and every extractor must have fixture pages
 * (tests/fixtures/pages.test.ts checks both).
 */
export const EXTRACTORS = { room: extractRoom, workroom: extractWorkroom } as const;
export type ExtractorName = keyof typeof EXTRACTORS;

/** The extractor for a page kind's main view (a workroom's Messages tab is a room: see extractorFor). */
export const EXTRACTOR_FOR_KIND: Partial<Record<PageKind, ExtractorName>> = {
  'message-room': 'room',
  workroom: 'workroom',
};

/**
 * The extractor for an address: message rooms and a workroom's Messages tab (the same room markup,
 * REFERENCE §2) are rooms; other workroom tabs are contracts; anything else has none.
 */
export function extractorFor(url: string): ExtractorName | null {
  const info = detectPage(url);
  if (!CAPTURED_KINDS.includes(info.kind)) return null;
  if (info.kind === 'workroom' && info.tab === 'messages') return 'room';
  return EXTRACTOR_FOR_KIND[info.kind] ?? null;
}

export { extractRoom, findConversationPane, mergeSources, messagesFromStoriesJson } from './message-room';
export type { ExtractedRoom, ExtractRoomOptions, TimeNote } from './message-room';
export { extractWorkroom, parseDay, parseMoney } from './workroom';
export type { ExtractedWorkroom, Layer, WorkroomExtras } from './workroom';
export { contractChanges, matchMilestones, messageHash, reconcileMessages, revisionHash } from './changes';
export type { ReconcileInput, Reconciled } from './changes';
