// JSON the stand-in's pages load, shaped as REFERENCE §2 "The JSON the page itself loads" describes:
//   GET /api/v3/rooms/rooms/simplified?callerOrgId=…            → { rooms: [{ roomId, roomName, topic, latestStory, … }] }
//   GET /api/v3/rooms/rooms/<roomId>/stories/simplified?limit=40 → { stories: [{ storyId, userId, message, created, isSystemStory, deleted, … }] }
// Fields beyond the reference (roomType, contractId, roomUsers, hasMore, …) are plausible additions.
import { rooms, stories, PEOPLE } from './sample-data.mjs';

export const DEFAULT_PAGE_SIZE = 40;
const MAX_PAGE_SIZE = 100;

/** The rooms list, most recently active first. */
export function roomsListJson(variant = 'v1') {
  const list = rooms().map((room) => {
    const all = stories(room.roomId, variant).filter((s) => s.deleted !== 1);
    const latest = all.at(-1) ?? null;
    const { counterpart, ...rest } = room;
    return {
      ...rest,
      readOnly: false,
      numUnread: 0,
      roomUsers: [
        { userId: PEOPLE.maya.userId, orgId: PEOPLE.maya.orgId, name: PEOPLE.maya.name, role: 'FREELANCER' },
        { userId: counterpart.userId, orgId: counterpart.orgId, name: counterpart.name, role: 'CLIENT', company: counterpart.company },
      ],
      latestStory: latest
        ? { storyId: latest.storyId, userId: latest.userId, message: latest.message, created: latest.created, isSystemStory: latest.isSystemStory }
        : null,
    };
  });
  list.sort((a, b) => (b.latestStory?.created ?? 0) - (a.latestStory?.created ?? 0));
  return { rooms: list };
}

/**
 * One page of a room's stories: the newest `limit` stories strictly older than `before` (Unix ms),
 * returned oldest first. Deleted stories are included (`deleted: 1`, empty message).
 *
 * @param {string} roomId
 * @param {'v1'|'v2'} variant
 * @param {{ limit?: number, before?: number }} [opts]
 */
export function storiesPageJson(roomId, variant, opts = {}) {
  const limit = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(opts.limit ?? DEFAULT_PAGE_SIZE)));
  const all = stories(roomId, variant);
  const older = opts.before === undefined ? all : all.filter((s) => s.created < opts.before);
  const page = older.slice(Math.max(0, older.length - limit));
  return {
    roomId,
    stories: page,
    total: all.length,
    hasMore: older.length > page.length,
    oldestCreated: page[0]?.created ?? null,
  };
}
