import { useEffect, useState } from 'react';
import type { CasefileDb } from '@/utils/db/schema';
import { storageInfo, type StorageInfo } from '@/utils/store';
import { sendCommand } from '@/utils/messaging';
import { formatBytes } from '../format';
import { ErrorNotice } from '../ErrorNotice';

export function SettingsView({ db }: { db: CasefileDb }) {
  const [storage, setStorage] = useState<StorageInfo | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [wiped, setWiped] = useState<string | null>(null);
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
      <h3>Delete everything</h3>
      <p>Removes every capture, message and contract from this browser. The audit log records that it happened.</p>
      <button type="button" className="danger" onClick={() => void wipe()}>
        Delete all records…
      </button>
      {wiped && <p role="status">{wiped}</p>}
    </section>
  );
}
