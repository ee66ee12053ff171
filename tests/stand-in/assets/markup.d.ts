// Types of markup.js for the TypeScript tests.
export declare function escapeHtml(value: unknown): string;
/** The rich-text HTML of a story's plain text. */
export declare function richTextHtml(text: string): string;
/** What a reader sees of a story's text once rendered (formatting markers removed). */
export declare function renderedText(text: string): string;
export declare function avatarUrl(userId: string): string;
export declare function roomHeaderHtml(room: {
  roomName: string;
  topic: string;
  contractId: string | null;
  counterpart: { userId: string; name: string };
}): string;
export declare function roomListItemHtml(
  room: { roomId: string; roomName: string; topic: string; latestStory?: { message: string } | null },
  dateLabel: string,
  active: boolean,
): string;
export declare function storyItemHtml(
  story: { storyId: string; userId: string; message: string; isSystemStory: number; attachments?: unknown[] },
  view: { top: boolean; dayHeader: string | null; senderName: string; timeTitle: string; timeText: string },
): string;
