import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import type { ResponseOf } from '@/utils/protocol';
import { ErrorNotice } from '@/components/ErrorNotice';
import { PageStatus } from '@/components/PageStatus';
import { StoreSummary } from '@/components/StoreSummary';
import { ask, takeFirstAsked, type Asked } from './ask';

// The sections below open the store in this page (Dexie, the record schemas): they load after the
// page's status and the store's summary are on screen, so the popup's first paint waits for
// neither their code nor the database.
const Deadlines = lazy(() => import('@/components/Deadlines').then((m) => ({ default: m.Deadlines })));
const AddEvent = lazy(() => import('@/components/AddEvent').then((m) => ({ default: m.AddEvent })));
const ExportSection = lazy(() => import('@/components/ExportSection').then((m) => ({ default: m.ExportSection })));

type TabStatus = ResponseOf<'tab.status'>;
type Summary = ResponseOf<'store.summary'>;

/** After the next frame is painted (a timer as well, for pages that are not painting). */
function afterPaint(run: () => void): () => void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    run();
  };
  const frame = requestAnimationFrame(() => setTimeout(once, 0));
  const timer = setTimeout(once, 100);
  return () => {
    done = true;
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}

export function App() {
  const [tab, setTab] = useState<TabStatus | null>(null);
  const [tabAnswered, setTabAnswered] = useState(false);
  const [summary, setSummary] = useState<Summary | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tabId, setTabId] = useState<number | null>(null);
  const [rest, setRest] = useState(false);

  const refresh = useCallback(async (asked: Asked = ask()) => {
    try {
      // Each part shows as soon as it arrives: the page's status does not wait for the store's counts.
      await Promise.all([
        asked.tabId.then(setTabId),
        asked.tab.then((status) => {
          setTab(status);
          setTabAnswered(true);
        }),
        asked.summary.then(setSummary),
      ]);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, []);

  useEffect(() => {
    void refresh(takeFirstAsked() ?? undefined);
    const interval = setInterval(() => void refresh(), 2000);
    return () => clearInterval(interval);
  }, [refresh]);
  // A summary made before the store's last change is shown as such, and asked again soon.
  useEffect(() => {
    if (!summary?.stale) return;
    const soon = setTimeout(() => void refresh(), 250);
    return () => clearTimeout(soon);
  }, [summary, refresh]);

  // The rest of the popup once the first answer is painted (or failed).
  const answered = summary !== null || error !== null;
  useEffect(() => {
    if (!answered || rest) return;
    return afterPaint(() => {
      setRest(true);
      void import('@/utils/store').then((m) => m.requestPersistence());
    });
  }, [answered, rest]);

  const contractId = tab?.contract?.id ?? tab?.room?.contractId ?? null;
  return (
    <main className="popup" aria-busy={summary === null && error === null}>
      <header className="popup-header">
        <h1>Casefile</h1>
        <button type="button" onClick={() => void browser.tabs.create({ url: browser.runtime.getURL('/dashboard.html') }).then(() => window.close())}>
          Open Casefile
        </button>
      </header>
      {error !== null && <ErrorNotice error={error} />}
      <PageStatus status={tab} tabId={tabId} onError={setError} loading={!tabAnswered && error === null} />
      {rest && (
        <Suspense fallback={null}>
          <Deadlines />
          <AddEvent contractId={contractId} />
          {summary && (summary.counts.contracts ?? 0) + (summary.counts.rooms ?? 0) > 0 && <ExportSection contractId={contractId} roomId={tab?.room?.id ?? null} />}
        </Suspense>
      )}
      {summary && <StoreSummary summary={summary} />}
      {summary === null && error === null && <p className="muted">Reading the store…</p>}
    </main>
  );
}
