import { useEffect, useState } from 'react';
import type { CasefileDb } from '@/utils/db/schema';
import { storageInfo, type StorageInfo } from '@/utils/store';
import { sendCommand } from '@/utils/messaging';
import { formatBytes } from '../format';
import { ErrorNotice } from '../ErrorNotice';
import { downloadBytes } from '../download';
import { browser } from 'wxt/browser';
import { buildPackage } from '@/utils/package';
import { gatherEverything } from '@/utils/backup/backup';
import { restorePackage, type RestoreResult } from '@/utils/backup/restore';
import { packageHashOptions, withPackageExtras } from '@/utils/export/extras';
import { withAudit } from '@/utils/store';
import { getAutoCapture, setAutoCapture, type AutoCapture } from '@/utils/settings';

export function SettingsView({ db }: { db: CasefileDb }) {
  const [storage, setStorage] = useState<StorageInfo | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [wiped, setWiped] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [backup, setBackup] = useState<{ fileName: string; digest: string } | null>(null);
  const [restored, setRestored] = useState<RestoreResult | null>(null);

  const backUp = async () => {
    setError(null);
    setBusy('Building the backup…');
    try {
      const exportedAt = new Date().toISOString();
      const built = await buildPackage(
        withPackageExtras(await gatherEverything(db), exportedAt),
        { exportedAt, softwareVersion: browser.runtime.getManifest().version, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone, ...packageHashOptions },
        (p) => setBusy(`Building the backup: ${p.phase}, ${p.itemsDone} of ${p.itemsTotal} items`),
      );
      const fileName = built.fileName.replace(/^casefile-/, 'casefile-backup-');
      downloadBytes(built.bytes, fileName);
      await withAudit(db, [], exportedAt, async () => ({ result: undefined, audit: [{ ...built.auditInput, details: { ...built.auditInput.details, backup: true } }] }));
      setBackup({ fileName, digest: built.digest });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const restore = async (file: File) => {
    setError(null);
    setRestored(null);
    setBusy('Checking and restoring the package…');
    try {
      setRestored(await restorePackage(db, new Uint8Array(await file.arrayBuffer()), new Date().toISOString()));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  useEffect(() => {
    void storageInfo().then(setStorage);
  }, [db]);

  const wipe = async () => {
    if (!confirm('Delete every record Casefile holds? Export a package first if you may need them. The audit log keeps a record of the wipe.')) return;
    try {
      const { cleared } = await sendCommand('store.wipe', { confirm: 'wipe all evidence' });
      setWiped(`Deleted ${Object.values(cleared).reduce((a, b) => a + b, 0)} records.`);
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section className="detail" aria-labelledby="settings-heading">
      <h2 id="settings-heading">Settings and storage</h2>
      {error !== null && <ErrorNotice error={error} />}
      <dl className="terms" data-testid="storage-info">
        <dt>Storage used</dt>
        <dd>{storage ? formatBytes(storage.usage) : '…'}</dd>
        <dt>Quota</dt>
        <dd>{storage ? formatBytes(storage.quota) : '…'}</dd>
        <dt>Persistent storage</dt>
        <dd>{storage?.persisted === true ? 'granted: the browser keeps Casefile’s data when disk space runs low' : storage?.persisted === false ? 'not granted yet' : 'unknown'}</dd>
      </dl>
      <AutoCaptureSettings />
      <h3>Back up and restore</h3>
      <p>A backup is an evidence package of everything Casefile holds. Restoring checks every hash first, adds what is missing, and never overwrites a record: a different version is kept beside it.</p>
      <div className="row">
        <button type="button" onClick={() => void backUp()} disabled={busy !== null}>
          Back up everything
        </button>{' '}
        <label>
          Restore from a backup <input type="file" accept=".zip,application/zip" data-testid="restore-input" disabled={busy !== null} onChange={(e) => e.target.files?.[0] && void restore(e.target.files[0])} />
        </label>
      </div>
      {busy && (
        <p role="status" aria-live="polite">
          {busy}
        </p>
      )}
      {backup && (
        <p role="status" data-testid="backup-done">
          Backup saved as <strong>{backup.fileName}</strong>. Digest <code>{backup.digest}</code>.
        </p>
      )}
      {restored && (
        <p role="status" data-testid="restore-done">
          Restored: {Object.values(restored.added).reduce((a, b) => a + b, 0)} records added, {restored.unchanged} already present
          {restored.conflicts.length > 0 ? `, ${restored.conflicts.length} differing records kept beside the stored ones` : ''}.
        </p>
      )}
      <h3>Delete everything</h3>
      <p>Removes every capture, message and contract from this browser. The audit log records that it happened.</p>
      <button type="button" className="danger" onClick={() => void wipe()}>
        Delete all records…
      </button>
      {wiped && <p role="status">{wiped}</p>}
    </section>
  );
}

function AutoCaptureSettings() {
  const [value, setValue] = useState<AutoCapture | null>(null);
  useEffect(() => {
    void getAutoCapture().then(setValue);
  }, []);
  if (!value) return null;
  const toggle = (kind: keyof AutoCapture) => {
    const next = { ...value, [kind]: !value[kind] };
    setValue(next);
    void setAutoCapture(next);
  };
  return (
    <fieldset className="filters" data-testid="auto-capture">
      <legend>Record automatically while I browse</legend>
      <label className="check">
        <input type="checkbox" checked={value['message-room']} onChange={() => toggle('message-room')} /> Message rooms
      </label>
      <label className="check">
        <input type="checkbox" checked={value.workroom} onChange={() => toggle('workroom')} /> Contract workrooms
      </label>
    </fieldset>
  );
}
