import { useCallback, useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { sendCommand } from '@/utils/messaging';
import { requestPersistence } from '@/utils/store';
import type { ResponseOf } from '@/utils/protocol';
import { ErrorNotice } from '@/components/ErrorNotice';
import { PageStatus } from '@/components/PageStatus';
import { StoreSummary } from '@/components/StoreSummary';
import { ExportSection } from '@/components/ExportSection';
import { Deadlines } from '@/components/Deadlines';
import { AddEvent } from '@/components/AddEvent';

type TabStatus = ResponseOf<'tab.status'>;
type Summary = ResponseOf<'store.summary'>;

/** The tab the popup speaks about: `?tabId=` when opened as a page, else the active tab. */
async function currentTabId(): Promise<number | null> {
  const param = new URLSearchParams(location.search).get('tabId');
  if (param && /^\d+$/.test(param)) return Number(param);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

export function App() {
  const [tab, setTab] = useState<TabStatus | null>(null);
  const [summary, setSummary] = useState<Summary | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tabId, setTabId] = useState<number | null>(null);

  const refresh = useCallback(async () => {
    try {
      const id = await currentTabId();
      setTabId(id);
      // Each part shows as soon as it arrives: the page's status does not wait for the store's counts.
      await Promise.all([
        id === null ? setTab(null) : sendCommand('tab.status', { tabId: id }).then(setTab),
        sendCommand('store.summary', {}).then(setSummary),
      ]);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, []);

  useEffect(() => {
    void requestPersistence();
    void refresh();
    const interval = setInterval(() => void refresh(), 2000);
    return () => clearInterval(interval);
  }, [refresh]);

  return (
    <main className="popup" aria-busy={summary === null && error === null}>
      <header className="popup-header">
        <h1>Casefile</h1>
        <button type="button" onClick={() => void browser.tabs.create({ url: browser.runtime.getURL('/dashboard.html') }).then(() => window.close())}>
          Open Casefile
        </button>
      </header>
      {error !== null && <ErrorNotice error={error} />}
      <PageStatus status={tab} tabId={tabId} onError={setError} />
      <Deadlines />
      <AddEvent contractId={tab?.contract?.id ?? tab?.room?.contractId ?? null} />
      {summary && (summary.counts.contracts ?? 0) + (summary.counts.rooms ?? 0) > 0 && (
        <ExportSection contractId={tab?.contract?.id ?? tab?.room?.contractId ?? null} roomId={tab?.room?.id ?? null} />
      )}
      {summary && <StoreSummary summary={summary} />}
      {summary === null && error === null && <p className="muted">Reading the store…</p>}
    </main>
  );
}
