import { useLiveQuery } from 'dexie-react-hooks';
import type { CasefileDb } from '@/utils/db/schema';
import type { ContractChange, Money } from '@/utils/db/records';
import { Time } from './Time';

const money = (m: Money | null | undefined) => (m ? `${m.currency === 'USD' ? '$' : `${m.currency} `}${m.amount}` : '—');

/** A value of a change record as plain text (never markup). */
function show(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'object' && value && 'amount' in value && 'currency' in value) return money(value as Money);
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (typeof v.title === 'string') return `${v.title}${v.amount ? ` (${money(v.amount as Money)})` : ''}`;
    return JSON.stringify(value);
  }
  return String(value);
}

const CHANGE_LABELS: Record<ContractChange['kind'], string> = {
  'milestone-added': 'Milestone added',
  'milestone-removed': 'Milestone removed',
  'milestone-changed': 'Milestone changed',
  'terms-changed': 'Terms changed',
  'contract-ended': 'Contract ended',
  'status-changed': 'Status changed',
};

export function ContractsView({ db, id, navigate }: { db: CasefileDb; id?: string; navigate: (p: string) => void }) {
  const contracts = useLiveQuery(() => db.contracts.orderBy('lastCapturedAt').reverse().toArray(), [db]);
  if (!contracts) return <p className="muted">Loading contracts…</p>;
  if (contracts.length === 0) {
    return (
      <section className="card">
        <h2>No contracts yet</h2>
        <p>Open a contract’s workroom on Upwork (Contracts → the contract) and Casefile records it automatically.</p>
      </section>
    );
  }
  const current = contracts.find((c) => c.id === id) ?? contracts[0]!;
  return (
    <div className="split">
      <nav aria-label="Contracts" className="list">
        <ul>
          {contracts.map((c) => (
            <li key={c.id}>
              <button type="button" aria-current={c.id === current.id ? 'true' : undefined} onClick={() => navigate(`contracts/${c.id}`)}>
                <strong>{c.title ?? `Contract ${c.id}`}</strong>
                <span className="muted">{c.clientName ?? ''}</span>
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <ContractDetail db={db} id={current.id} />
    </div>
  );
}

function ContractDetail({ db, id }: { db: CasefileDb; id: string }) {
  const data = useLiveQuery(async () => {
    const contract = await db.contracts.get(id);
    const changes = await db.contractChanges.where('contractId').equals(id).toArray();
    const snapshots = await db.contractSnapshots.where('contractId').equals(id).count();
    changes.sort((a, b) => b.afterCapturedAt.localeCompare(a.afterCapturedAt));
    return { contract, changes, snapshots };
  }, [db, id]);
  if (!data?.contract) return <p className="muted">Loading…</p>;
  const { contract: c, changes, snapshots } = data;
  return (
    <article className="detail" aria-labelledby="contract-title" data-testid="contract-detail">
      <h2 id="contract-title">{c.title ?? `Contract ${c.id}`}</h2>
      <dl className="terms">
        <dt>Client</dt>
        <dd>{c.clientName ?? '—'}</dd>
        <dt>Freelancer</dt>
        <dd>{c.freelancerName ?? '—'}</dd>
        <dt>Type</dt>
        <dd>{c.type === 'hourly' ? `Hourly, ${money(c.hourlyRate)}/hr, limit ${c.weeklyLimitHours ?? '—'} hrs/week` : c.type === 'fixed' ? `Fixed price, ${money(c.budget)}` : '—'}</dd>
        <dt>Status</dt>
        <dd>{c.status ?? '—'}</dd>
        <dt>Dates</dt>
        <dd>
          {c.startDate ?? '—'} – {c.endDate ?? 'ongoing'}
        </dd>
        <dt>Recorded</dt>
        <dd>
          {snapshots} snapshot{snapshots === 1 ? '' : 's'}, first <Time iso={c.firstCapturedAt} />, last <Time iso={c.lastCapturedAt} />
        </dd>
      </dl>
      {c.milestones.length > 0 && (
        <table className="table">
          <caption>Milestones as last seen</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Milestone</th>
              <th scope="col">Amount</th>
              <th scope="col">Due</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {c.milestones.map((m, i) => (
              <tr key={m.id}>
                <td>{m.sequence ?? i + 1}</td>
                <td>
                  <strong>{m.title}</strong>
                  {m.description && <div className="muted pre">{m.description}</div>}
                </td>
                <td>{money(m.amount)}</td>
                <td>{m.dueDate ?? '—'}</td>
                <td>{m.status ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section aria-labelledby="changes-heading" data-testid="contract-changes">
        <h3 id="changes-heading">Change history</h3>
        {changes.length === 0 ? (
          <p className="muted">No change seen between visits yet. Every visit to the workroom is compared with the one before.</p>
        ) : (
          <ul className="changes">
            {changes.map((ch) => (
              <li key={ch.id} className="change">
                <p>
                  <strong>{CHANGE_LABELS[ch.kind]}</strong>
                  {ch.milestoneId ? ` · milestone ${ch.milestoneId}` : ''} · {ch.field}
                </p>
                <div className="before-after">
                  <div>
                    <span className="label">Before</span> <Time iso={ch.beforeCapturedAt} />
                    <p className="pre">{show(ch.before)}</p>
                  </div>
                  <div>
                    <span className="label">After</span> <Time iso={ch.afterCapturedAt} />
                    <p className="pre">{show(ch.after)}</p>
                  </div>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}
