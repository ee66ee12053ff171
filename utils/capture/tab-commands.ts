/**
 * Commands Casefile's own pages send to the content script of one tab (browser.tabs.sendMessage
 * can only be called by the extension, and the content script also checks the sender's id).
 */
export const TAB_COMMANDS = ['room.captureWhole', 'room.cancel', 'page.captureNow'] as const;
export type TabCommand = (typeof TAB_COMMANDS)[number];

export interface TabMessage {
  casefile: 1;
  tabCommand: TabCommand;
}

export function isTabMessage(value: unknown): value is TabMessage {
  const v = value as TabMessage | null;
  return !!v && typeof v === 'object' && v.casefile === 1 && (TAB_COMMANDS as readonly string[]).includes(v.tabCommand);
}

