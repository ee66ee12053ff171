import { browser } from 'wxt/browser';
import type { PageKind } from './db/records';

/**
 * Settings content scripts must read too (they never open the store) live in the extension's
 * storage.local. Settings are not evidence: unreadable values fall back to the defaults.
 */
const AUTO_CAPTURE_KEY = 'casefile.autoCapture';

export type AutoCapture = Record<'message-room' | 'workroom', boolean>;
export const DEFAULT_AUTO_CAPTURE: AutoCapture = { 'message-room': true, workroom: true };

export async function getAutoCapture(): Promise<AutoCapture> {
  try {
    const stored = (await browser.storage.local.get(AUTO_CAPTURE_KEY))[AUTO_CAPTURE_KEY] as Partial<AutoCapture> | undefined;
    return { ...DEFAULT_AUTO_CAPTURE, ...(stored && typeof stored === 'object' ? stored : {}) };
  } catch {
    return DEFAULT_AUTO_CAPTURE;
  }
}

export async function setAutoCapture(value: AutoCapture): Promise<void> {
  await browser.storage.local.set({ [AUTO_CAPTURE_KEY]: value });
}

export function autoCaptureOn(settings: AutoCapture, kind: PageKind): boolean {
  return kind === 'message-room' || kind === 'workroom' ? settings[kind] : false;
}

/** Calls back with the new settings whenever they change (in any Casefile context). */
export function onAutoCaptureChange(callback: (value: AutoCapture) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'local' && AUTO_CAPTURE_KEY in changes) void getAutoCapture().then(callback);
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
