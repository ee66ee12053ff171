import { browser } from 'wxt/browser';
import { sendCommand } from '@/utils/messaging';
import type { ResponseOf } from '@/utils/protocol';

/** The tab the popup speaks about: `?tabId=` when opened as a page, else the active tab. */
async function currentTabId(): Promise<number | null> {
  const param = new URLSearchParams(location.search).get('tabId');
  if (param && /^\d+$/.test(param)) return Number(param);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

export interface Asked {
  tabId: Promise<number | null>;
  /** null when there is no tab to ask about. */
  tab: Promise<ResponseOf<'tab.status'> | null>;
  summary: Promise<ResponseOf<'store.summary'>>;
}

/** Asks the background for the page's status and the store's summary, at once and side by side. */
export function ask(): Asked {
  const tabId = currentTabId();
  const asked = {
    tabId,
    tab: tabId.then((id) => (id === null ? null : sendCommand('tab.status', { tabId: id }))),
    summary: sendCommand('store.summary', {}),
  };
  // Failures are shown by whoever takes the answers (the popup's first render may come later).
  for (const p of Object.values(asked)) p.catch(() => {});
  return asked;
}

let first: Asked | null = ask();

/**
 * The answers asked for as soon as the popup's code ran, before React rendered anything (this
 * module is evaluated first: see main.tsx); taken once, then asked afresh.
 */
export function takeFirstAsked(): Asked | null {
  const taken = first;
  first = null;
  return taken;
}
