import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import type { CasefileDb } from '@/utils/db/schema';
import { pageDb } from '@/utils/db/page-db';
import { DEFAULT_SELECTION, selectionToParams, type ExportSelection } from '@/utils/export/gather';
import { ExportOptions } from './ExportOptions';

/**
 * The popup's export: pick what goes in, then "Export evidence package" opens a Casefile tab that
 * builds it (so a large package keeps building when the popup closes) and downloads it.
 */
export function ExportSection({ contractId, roomId }: { contractId: string | null; roomId: string | null }) {
  const [db, setDb] = useState<CasefileDb | null>(null);
  const [open, setOpen] = useState(false);
  const [selection, setSelection] = useState<ExportSelection>({ ...DEFAULT_SELECTION, contractId, roomIds: contractId ? null : roomId ? [roomId] : null });
  useEffect(() => {
    if (open && !db) void pageDb().then(setDb);
  }, [open, db]);
  useEffect(() => {
    setSelection((s) => (s.contractId === null && contractId ? { ...s, contractId } : s));
  }, [contractId]);

  const start = async () => {
    const params = selectionToParams(selection);
    params.set('start', '1');
    await browser.tabs.create({ url: `${browser.runtime.getURL('/export.html')}?${params}` });
    window.close();
  };

  return (
    <section className="card" aria-labelledby="export-heading" data-testid="export-section">
      <h2 id="export-heading">Evidence package</h2>
      {!open ? (
        <button type="button" onClick={() => setOpen(true)} aria-expanded={false}>
          Choose what to export…
        </button>
      ) : (
        db && (
          <form onSubmit={(e) => (e.preventDefault(), void start())}>
            <ExportOptions db={db} value={selection} onChange={setSelection} />
            <button type="submit" className="primary">
              Export evidence package
            </button>
          </form>
        )
      )}
    </section>
  );
}
