import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { CasefileDb } from '@/utils/db/schema';
import { pageDb } from '@/utils/db/page-db';
import { addUserEvent, EVENT_TYPES, USER_EVENT_TYPES, type EventTypeId } from '@/utils/clocks/events';
import { fromDateTimeLocalValue, localTimeZone, toDateTimeLocalValue } from '@/utils/clocks/format';
import { ruleById } from '@/utils/clocks/rules';
import { refreshDeadlines } from '@/utils/clocks/page';
import { ErrorNotice } from './ErrorNotice';

/**
 * "Add an event": what Casefile cannot see (a dispute filed, a mediator's proposal, a notice of
 * non-resolution), in a few clicks. The time defaults to now, the contract to the page's; the
 * event is stored as entered by the user and its deadlines appear in the list.
 */
export function AddEvent({ contractId = null }: { contractId?: string | null }) {
  const [db, setDb] = useState<CasefileDb | null>(null);
  const [open, setOpen] = useState(false);
  const [type, setType] = useState<EventTypeId>('client-dispute-filed');
  const [when, setWhen] = useState('');
  const [note, setNote] = useState('');
  const [contract, setContract] = useState<string>(contractId ?? '');
  const [busy, setBusy] = useState(false);
  const [added, setAdded] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const timeZone = useMemo(() => localTimeZone(), []);

  useEffect(() => {
    if (open && !db) pageDb().then(setDb, setError);
  }, [open, db]);
  useEffect(() => {
    if (contractId) setContract((c) => c || contractId);
  }, [contractId]);
  const contracts = useLiveQuery(() => (db ? db.contracts.orderBy('lastCapturedAt').reverse().toArray() : []), [db]) ?? [];

  const start = () => {
    setWhen(toDateTimeLocalValue(new Date(), timeZone));
    setAdded(null);
    setOpen(true);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!db) return;
    setBusy(true);
    try {
      const occurredAt = fromDateTimeLocalValue(when, timeZone) ?? new Date();
      await addUserEvent(db, { type, contractId: contract || null, occurredAt: occurredAt.toISOString(), note });
      await refreshDeadlines();
      setAdded(EVENT_TYPES[type].label);
      setNote('');
      setOpen(false);
      setError(null);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const starts = EVENT_TYPES[type].rules.map((id) => ruleById(id)?.title).filter(Boolean);

  return (
    <section className="card" aria-labelledby="add-event-heading" data-testid="add-event">
      <h2 id="add-event-heading">Something happened on Upwork?</h2>
      {added && (
        <p className="ok" role="status" data-testid="add-event-added">
          Added “{added}”. Its deadlines are in the list.
        </p>
      )}
      {error !== null && <ErrorNotice error={error} />}
      {!open ? (
        <button type="button" onClick={start} data-testid="add-event-open">
          Add an event…
        </button>
      ) : (
        <form onSubmit={(e) => void submit(e)} data-testid="add-event-form" style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
          <label>
            What happened{' '}
            <select value={type} onChange={(e) => setType(e.target.value as EventTypeId)} data-testid="add-event-type">
              {USER_EVENT_TYPES.map((t) => (
                <option key={t} value={t}>
                  {EVENT_TYPES[t].label}
                </option>
              ))}
            </select>
          </label>
          {starts.length > 0 && <p className="muted">Starts: {starts.join('; ')}.</p>}
          <label>
            When ({timeZone}){' '}
            <input type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} required data-testid="add-event-when" />
          </label>
          <label>
            Contract{' '}
            <select value={contract} onChange={(e) => setContract(e.target.value)} data-testid="add-event-contract">
              <option value="">No particular contract</option>
              {contractId && !contracts.some((c) => c.id === contractId) && <option value={contractId}>Contract {contractId}</option>}
              {contracts.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.title ?? `Contract ${c.id}`}
                </option>
              ))}
            </select>
          </label>
          <label>
            Note (optional){' '}
            <input type="text" value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} data-testid="add-event-note" />
          </label>
          <div style={{ display: 'flex', gap: 6 }}>
            <button type="submit" className="primary" disabled={busy || !db} data-testid="add-event-submit">
              Add event
            </button>
            <button type="button" className="secondary" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
