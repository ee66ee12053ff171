// Types of api.mjs for the TypeScript tests.
import type { Story, Variant } from './sample-data.mjs';

export declare const DEFAULT_PAGE_SIZE: number;
export interface RoomsListEntry {
  roomId: string;
  roomName: string;
  topic: string;
  roomType: 'ONE_ON_ONE' | 'INTERVIEW';
  contractId: string | null;
  readOnly: boolean;
  numUnread: number;
  roomUsers: { userId: string; orgId: string; name: string; role: 'FREELANCER' | 'CLIENT'; company?: string }[];
  latestStory: Pick<Story, 'storyId' | 'userId' | 'message' | 'created' | 'isSystemStory'> | null;
}
export declare function roomsListJson(variant?: Variant): { rooms: RoomsListEntry[] };
export declare function storiesPageJson(
  roomId: string,
  variant: Variant,
  opts?: { limit?: number; before?: number },
): { roomId: string; stories: Story[]; total: number; hasMore: boolean; oldestCreated: number | null };
