import { useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { CasefileDb } from '@/utils/db/schema';
import type { CaseRecord } from '@/utils/db/records';
import { addNote, createCase, deleteCase, updateCase } from '@/utils/cases';
import { CHECKLISTS, type CaseEvidence } from '@/utils/checklist';
import { buildTimeline, type TimelineKind } from '@/utils/timeline';
import { ErrorNotice } from '../ErrorNotice';
import { Time } from './Time';

const TYPE_LABELS: Record<CaseRecord['type'], string> = { 'scope-creep': 'Scope creep', billing: 'Billing', quality: 'Quality', other: 'Other' };
const now = () => new Date().toISOString();

export function CasesView({ db, id, navigate }: { db: CasefileDb; id?: string; navigate: (p: string) => void }) {
  const cases = useLiveQuery(() => db.cases.orderBy('createdAt').reverse().toArray(), [db]);
  const current = cases?.find((c) => c.id === id) ?? null;
  return (
    <div className="split">
      <nav aria-label="Cases" className="list">
        <NewCaseForm db={db} onCreated={(c) => navigate(`cases/${c.id}`)} />
        <ul>
          {(cases ?? []).map((c) => (
            <li key={c.id}>
              <button type="button" aria-current={c.id === current?.id ? 'true' : undefined} onClick={() => navigate(`cases/${c.id}`)}>
                <strong>{c.title}</strong>
                <span className="muted">{TYPE_LABELS[c.type]}</span>
              </button>
            </li>
          ))}
        </ul>
      </nav>
      {current ? <CaseDetail db={db} record={current} navigate={navigate} /> : <p className="muted">Create a case from a contract, or pick one.</p>}
    </div>
  );
}

function NewCaseForm({ db, onCreated }: { db: CasefileDb; onCreated: (c: CaseRecord) => void }) {
  const contracts = useLiveQuery(() => db.contracts.toArray(), [db]);
  const [error, setError] = useState<unknown>(null);
  const submit = async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const contractId = String(data.get('contract') ?? '') || null;
    const amount = String(data.get('amount') ?? '').trim().replace(/[$,]/g, '');
    try {
      const rooms = contractId ? await db.rooms.where('contractId').equals(contractId).primaryKeys() : [];
      const record = await createCase(
        db,
        {
          contractId,
          type: String(data.get('type')) as CaseRecord['type'],
          title: String(data.get('title') ?? ''),
          amountInDispute: /^\d+(\.\d+)?$/.test(amount) ? { amount: Number(amount).toFixed(2), currency: 'USD' } : null,
          roomIds: rooms,
        },
        crypto.randomUUID(),
        now(),
      );
      form.reset();
      onCreated(record);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <form className="card new-case" aria-label="New case" onSubmit={(e) => (e.preventDefault(), void submit(e.currentTarget))}>
      <h2>New case</h2>
      {error !== null && <ErrorNotice error={error} />}
      <label>
        Contract
        <select name="contract" required>
          {(contracts ?? []).map((c) => (
            <option key={c.id} value={c.id}>
              {c.title ?? c.id}
            </option>
          ))}
        </select>
      </label>
      <label>
        Type
        <select name="type" defaultValue="scope-creep">
          {Object.entries(TYPE_LABELS).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      </label>
      <label>
        Title <input name="title" required maxLength={200} />
      </label>
      <label>
        Amount in dispute (USD) <input name="amount" inputMode="decimal" placeholder="450.00" />
      </label>
      <button type="submit" className="primary">
        Create case
      </button>
    </form>
  );
}

const KIND_LABELS: Record<TimelineKind, string> = {
  message: 'Messages',
  system: 'System events',
  'contract-change': 'Contract changes',
  capture: 'Captures',
  note: 'Your notes',
  event: 'Events',
  deadline: 'Deadlines',
};

function CaseDetail({ db, record, navigate }: { db: CasefileDb; record: CaseRecord; navigate: (p: string) => void }) {
  const [hidden, setHidden] = useState<Set<TimelineKind>>(new Set());
  const [error, setError] = useState<unknown>(null);
  const data = useLiveQuery(async () => {
    const contract = record.contractId ? ((await db.contracts.get(record.contractId)) ?? null) : null;
    const cid = record.contractId ?? '';
    const [changes, snapshots, notes, events, deadlines, captures, rooms] = await Promise.all([
      db.contractChanges.where('contractId').equals(cid).toArray(),
      db.contractSnapshots.where('contractId').equals(cid).count(),
      db.notes.where('caseId').equals(record.id).toArray(),
      db.disputeEvents.where('contractId').equals(cid).toArray(),
      db.deadlines.where('contractId').equals(cid).toArray(),
      db.captures.where('contractId').equals(cid).toArray(),
      db.rooms.toArray(),
    ]);
    const messages = record.roomIds.length ? await db.messages.where('roomId').anyOf(record.roomIds).toArray() : [];
    const screenshots = captures.filter((c) => c.blobs.some((b) => b.kind === 'screenshot')).length;
    return { evidence: { contract, snapshots, changes, messages, notes, screenshots } satisfies CaseEvidence, events, deadlines, captures, rooms };
  }, [db, record]);
  if (!data) return <p className="muted">Loading the case…</p>;
  const timeline = buildTimeline({ ...data.evidence, captures: data.captures, events: data.events, deadlines: data.deadlines }).filter((e) => !hidden.has(e.kind));
  const checklist = CHECKLISTS[record.type];

  const act = (work: () => Promise<unknown>) => void work().catch(setError);
  return (
    <article className="detail" aria-labelledby="case-title" data-testid="case-detail">
      <h2 id="case-title">{record.title}</h2>
      {error !== null && <ErrorNotice error={error} />}
      <p className="muted">
        {TYPE_LABELS[record.type]} · created <Time iso={record.createdAt} />
        {record.amountInDispute ? ` · $${record.amountInDispute.amount} in dispute` : ''}
      </p>
      <section aria-labelledby="checklist-heading" data-testid="checklist">
        <h3 id="checklist-heading">What support will look for</h3>
        <ul className="checklist">
          {checklist.map((item) => {
            const ok = item.present(data.evidence);
            const link = ok ? item.link(data.evidence) : null;
            return (
              <li key={item.id} data-present={ok}>
                <span aria-hidden="true">{ok ? '✔' : '○'}</span> <strong>{item.label}</strong>{' '}
                {ok ? (
                  <span className="ok">
                    Casefile holds it{link ? <> — <a href={`#/${link}`}>open</a></> : ''}.
                  </span>
                ) : (
                  <span className="muted">{item.howToCapture}</span>
                )}
              </li>
            );
          })}
        </ul>
      </section>
      <section aria-labelledby="rooms-heading">
        <h3 id="rooms-heading">Conversations in this case</h3>
        {data.rooms.map((r) => (
          <label key={r.id} className="check">
            <input
              type="checkbox"
              checked={record.roomIds.includes(r.id)}
              onChange={(e) => act(() => updateCase(db, record.id, { roomIds: e.target.checked ? [...record.roomIds, r.id] : record.roomIds.filter((x) => x !== r.id) }, now()))}
            />{' '}
            {r.title ?? r.id}
          </label>
        ))}
      </section>
      <section aria-labelledby="notes-heading">
        <h3 id="notes-heading">Your notes</h3>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const form = e.currentTarget;
            const text = String(new FormData(form).get('note') ?? '');
            act(async () => {
              await addNote(db, { caseId: record.id, contractId: record.contractId, text }, crypto.randomUUID(), now());
              form.reset();
            });
          }}
        >
          <label>
            Add a note (kept as evidence, marked as yours)
            <textarea name="note" rows={3} required />
          </label>
          <button type="submit">Add note</button>
        </form>
        <ul>
          {data.evidence.notes.map((n) => (
            <li key={n.id}>
              <Time iso={n.createdAt} /> <span className="pre">{n.text}</span>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="timeline-heading" data-testid="timeline">
        <h3 id="timeline-heading">Timeline</h3>
        <fieldset className="filters">
          <legend>Show</legend>
          {(Object.keys(KIND_LABELS) as TimelineKind[]).map((k) => (
            <label key={k} className="check">
              <input type="checkbox" checked={!hidden.has(k)} onChange={() => setHidden((h) => new Set(h.has(k) ? [...h].filter((x) => x !== k) : [...h, k]))} /> {KIND_LABELS[k]}
            </label>
          ))}
        </fieldset>
        <ol className="timeline">
          {timeline.slice(0, 2000).map((e, i) => (
            <li key={i} className={`tl-${e.kind}`}>
              <Time iso={e.at} /> <strong>{e.title}</strong>
              {e.byUser && <span className="tag">entered by you</span>} <span className="pre">{e.text}</span>{' '}
              {e.link && (
                <a href={`#/${e.link}`} onClick={(ev) => (ev.preventDefault(), navigate(e.link!))}>
                  exhibit
                </a>
              )}
            </li>
          ))}
        </ol>
      </section>
      <button
        type="button"
        className="danger"
        onClick={() => {
          if (confirm(`Delete the case “${record.title}”? Its notes are kept; the audit log records the deletion.`)) act(async () => (await deleteCase(db, record.id, now()), navigate('cases')));
        }}
      >
        Delete case…
      </button>
    </article>
  );
}
