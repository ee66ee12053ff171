import type { ResponseOf } from '@/utils/protocol';
import { formatBytes } from './format';

type Summary = ResponseOf<'store.summary'>;

const LABELS: [string, string][] = [
  ['captures', 'Page captures'],
  ['contracts', 'Contracts'],
  ['rooms', 'Message rooms'],
  ['messages', 'Messages'],
  ['contractChanges', 'Contract changes'],
  ['audit', 'Audit log entries'],
];

export function StoreSummary({ summary }: { summary: Summary }) {
  const { counts, audit, storage } = summary;
  return (
    <section className="card" aria-labelledby="store-heading" aria-busy={summary.stale === true} data-testid="store-summary">
      <h2 id="store-heading">What Casefile holds</h2>
      {summary.stale && (
        <p className="muted" role="status" data-testid="summary-stale">
          Updating: the store changed a moment ago.
        </p>
      )}
      <dl className="counts">
        {LABELS.map(([key, label]) => (
          <div key={key}>
            <dt>{label}</dt>
            <dd data-testid={`count-${key}`}>{counts[key] ?? 0}</dd>
          </div>
        ))}
      </dl>
      <p data-testid="audit-status" className={audit.ok ? 'ok' : 'notice notice-error'}>
        {audit.ok
          ? `Audit log intact (${audit.count} entries, hash chain checked).`
          : `The audit log does not check out: ${audit.problems.map((p) => p.problem).join('; ')}. Export what you have and report this.`}
      </p>
      {(counts.quarantine ?? 0) > 0 && (
        <p className="notice notice-warn">{counts.quarantine} records failed validation and were set aside in quarantine (kept, not deleted).</p>
      )}
      <p className="muted" data-testid="storage">
        Storage used {formatBytes(storage.usage)}
        {storage.quota !== null ? ` of ${formatBytes(storage.quota)}` : ''} ·{' '}
        {storage.persisted === true ? 'kept even when disk space runs low' : storage.persisted === false ? 'not yet marked persistent by the browser' : 'persistence unknown'}
      </p>
    </section>
  );
}
