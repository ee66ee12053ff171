import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { browser } from 'wxt/browser';
import type { CasefileDb } from '@/utils/db/schema';
import { pageDb } from '@/utils/db/page-db';
import { blobRequests, buildPackageBlob, hashBlob, PackageError, verifyPackage, type PackageProgress, type PackageReport, type StreamedPackage } from '@/utils/package';
import { gatherPackageInput, readStoredBlob, selectionFromParams, type ExportSelection } from '@/utils/export/gather';
import { packageHashOptions, withPackageExtras } from '@/utils/export/extras';
import { workerBlobPacker } from '@/utils/export/blob-packer';
import { withAudit } from '@/utils/store';
import { ErrorNotice } from './ErrorNotice';
import { ExportOptions } from './ExportOptions';
import { formatBytes } from './format';
import { downloadBlob } from './download';

type Phase =
  | { state: 'idle' }
  | { state: 'building'; progress: PackageProgress | null }
  | { state: 'recording'; built: StreamedPackage }
  | { state: 'done'; built: StreamedPackage; auditError: unknown }
  | { state: 'failed'; error: unknown }
  | { state: 'cancelled' };

/** Progress is shown at most this often: each update re-renders the page, on the thread that packs. */
const PROGRESS_EVERY_MS = 200;

/**
 * Builds an evidence package in a tab of its own, so a large export goes on when the popup
 * closes; shows bytes and items as it goes, can be cancelled, and ends in a download. The ZIP is
 * streamed into a Blob (stored blobs read one at a time), so the page never holds the package;
 * once the download has started, the ZIP's own SHA-256 is computed from the Blob for the audit
 * entry that records the export.
 */
export function ExportPage() {
  const params = new URLSearchParams(location.search);
  const [db, setDb] = useState<CasefileDb | null>(null);
  const [selection, setSelection] = useState<ExportSelection>(() => selectionFromParams(params));
  const [phase, setPhase] = useState<Phase>({ state: 'idle' });
  const [copied, setCopied] = useState(false);
  const abort = useRef<AbortController | null>(null);
  const started = useRef(false);

  useEffect(() => {
    pageDb().then(setDb, (error: unknown) => setPhase({ state: 'failed', error }));
  }, []);

  const run = async (database: CasefileDb, sel: ExportSelection) => {
    const controller = new AbortController();
    abort.current = controller;
    setPhase({ state: 'building', progress: null });
    setCopied(false);
    let built: StreamedPackage;
    const exportedAt = new Date().toISOString();
    // Started now, so the worker is ready when the package asks for the blobs.
    const packBlobs = workerBlobPacker(database.name, readStoredBlob(database));
    try {
      // The worker starts on the blobs as soon as the captures are known.
      const input = withPackageExtras(await gatherPackageInput(database, sel, (captures) => packBlobs.prefetch(blobRequests(captures))), exportedAt);
      let shownAt = 0;
      let shownPhase: PackageProgress['phase'] | null = null;
      built = await buildPackageBlob(
        input,
        { exportedAt, softwareVersion: browser.runtime.getManifest().version, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone, ...packageHashOptions, packBlobs },
        (progress) => {
          const now = performance.now();
          if (progress.phase === shownPhase && now - shownAt < PROGRESS_EVERY_MS) return;
          shownAt = now;
          shownPhase = progress.phase;
          setPhase({ state: 'building', progress });
        },
        controller.signal,
      );
    } catch (error) {
      setPhase(controller.signal.aborted ? { state: 'cancelled' } : { state: 'failed', error });
      return;
    } finally {
      packBlobs.close();
    }
    downloadBlob(built.blob, built.fileName);
    setPhase({ state: 'recording', built });
    let auditError: unknown = null;
    try {
      const zipSha256 = await hashBlob(built.blob);
      await withAudit(database, [], exportedAt, async () => ({ result: undefined, audit: [built.auditInputFor(zipSha256)] }));
    } catch (error) {
      auditError = error;
    }
    setPhase({ state: 'done', built, auditError });
  };

  useEffect(() => {
    if (db && params.get('start') === '1' && !started.current) {
      started.current = true;
      void run(db, selection);
    }
    // Runs once when the store opens (started guards against StrictMode's second run).
  }, [db]);

  // The options form re-renders only when its own inputs change, not with every progress step.
  const options = useMemo(() => (db ? <ExportOptions db={db} value={selection} onChange={setSelection} /> : null), [db, selection]);
  const p = phase.state === 'building' ? phase.progress : null;
  const busy = phase.state === 'building' || phase.state === 'recording';
  return (
    <main className="export-page">
      <h1>Evidence package</h1>
      {db && (
        <form onSubmit={(e) => (e.preventDefault(), void run(db, selection))}>
          {options}
          <button type="submit" className="primary" disabled={busy}>
            Export evidence package
          </button>
        </form>
      )}
      {phase.state === 'building' && (
        <section role="status" aria-live="polite" className="card" data-testid="export-progress">
          <p>
            {p ? `${p.phase === 'checking' ? 'Re-checking every stored hash' : p.phase === 'writing' ? 'Writing files' : p.phase === 'compressing' ? 'Compressing' : 'Done'}: ${p.itemsDone} of ${p.itemsTotal} items, ${formatBytes(p.bytesDone)}${p.phase === 'checking' ? ' read' : ` of ${formatBytes(p.bytesTotal)}`}` : 'Reading the records…'}
          </p>
          <progress max={p?.itemsTotal || 1} value={p?.itemsDone ?? 0} aria-label="Package progress" />
          <button type="button" onClick={() => abort.current?.abort()}>
            Cancel
          </button>
        </section>
      )}
      {phase.state === 'recording' && (
        <p role="status" data-testid="export-recording">
          {phase.built.fileName} is downloading. Recording the export in the audit log (computing the ZIP’s SHA-256)…
        </p>
      )}
      {phase.state === 'cancelled' && <p role="status">Cancelled: no package was written. Nothing in Casefile changed.</p>}
      {phase.state === 'failed' && (
        <>
          <ErrorNotice error={phase.error} />
          {phase.error instanceof PackageError && (
            <div className="notice notice-error">
              <p>{phase.error.message}</p>
              {phase.error.items.length > 0 && (
                <ul>
                  {phase.error.items.slice(0, 20).map((i) => (
                    <li key={i.item}>
                      {i.item}: {i.problem}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
        </>
      )}
      {phase.state === 'done' && (
        <section className="card" data-testid="export-done">
          <h2>Package saved</h2>
          <p>
            <strong>{phase.built.fileName}</strong> ({formatBytes(phase.built.size)}) is in your downloads.
          </p>
          {phase.auditError !== null && (
            <div className="notice notice-error">
              <p>The package was saved, but the export could not be recorded in the audit log.</p>
              <ErrorNotice error={phase.auditError} />
            </div>
          )}
          <p>
            Package digest (SHA-256 of its manifest): <code data-testid="package-digest">{phase.built.digest}</code>
          </p>
          <button
            type="button"
            onClick={() =>
              void navigator.clipboard.writeText(phase.built.ticketText).then(
                () => setCopied(true),
                () => setCopied(false),
              )
            }
          >
            Copy ticket text
          </button>
          {copied && <span role="status"> Copied: paste it into Upwork’s support form.</span>}
          <details>
            <summary>Ticket text</summary>
            <pre className="pre" data-testid="ticket-text">{phase.built.ticketText}</pre>
          </details>
          <button type="button" onClick={() => downloadBlob(phase.built.blob, phase.built.fileName)}>
            Download again
          </button>
        </section>
      )}
      <VerifyPanel />
    </main>
  );
}

/** Opens a package (any Casefile ZIP) and checks every file, the digest and the audit chain. */
const VerifyPanel = memo(function VerifyPanel() {
  const [report, setReport] = useState<PackageReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const check = async (file: File) => {
    setBusy(true);
    setReport(null);
    setError(null);
    try {
      setReport(await verifyPackage(new Uint8Array(await file.arrayBuffer())));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="verify-heading">
      <h2 id="verify-heading">Check a package</h2>
      <label>
        Choose a Casefile package (.zip) <input type="file" accept=".zip,application/zip" data-testid="verify-input" onChange={(e) => e.target.files?.[0] && void check(e.target.files[0])} />
      </label>
      {busy && <p role="status">Checking…</p>}
      {error !== null && <ErrorNotice error={error} />}
      {report && (
        <div role="status" data-testid="verify-report" className={report.ok ? 'ok' : 'notice notice-error'}>
          <p>
            <strong>{report.summary}</strong>
          </p>
          <p>
            {report.counts.ok} files OK, {report.counts.changed} changed, {report.counts.missing} missing, {report.counts.unexpected} unexpected.
          </p>
          {report.problems.length > 0 && (
            <ul>
              {report.problems.slice(0, 50).map((pr, i) => (
                <li key={i}>
                  {pr.path ? <code>{pr.path}</code> : null} {pr.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
});
