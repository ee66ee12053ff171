import { useEffect, useMemo, useState, type CSSProperties, type MouseEvent } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { CasefileDb } from '@/utils/db/schema';
import type { DeadlineRecord } from '@/utils/db/records';
import { pageDb } from '@/utils/db/page-db';
import { ruleById, RULES, type DeadlineRule } from '@/utils/clocks/rules';
import { formatLocal, formatUtc, localTimeZone, timeLeft, urgency, type Urgency } from '@/utils/clocks/format';
import { deadlinesIcs, type IcsDeadline } from '@/utils/clocks/ics';
import { readClockSettings, readComputed, type ComputedClocks } from '@/utils/clocks/settings';
import { setDeadlineStatus } from '@/utils/clocks/service';
import { refreshDeadlines } from '@/utils/clocks/page';
import { ErrorNotice } from './ErrorNotice';

/**
 * The popup's deadlines: every open deadline across all contracts, soonest first, with the time
 * left, the moment in local time and UTC, what to do, the rule's source, and a colour by urgency;
 * warnings (work delivered by message but never submitted); Done / Dismiss; and "Add to calendar"
 * (an .ics file) for one deadline or all. Deadline rows are written by the background; this page
 * reads them live from the store.
 */

const URGENCY_COLOUR: Record<Urgency, string> = {
  passed: 'var(--muted)',
  critical: '#dc2626',
  soon: '#d97706',
  upcoming: 'var(--focus)',
  later: 'var(--border)',
};

const URGENCY_LABEL: Record<Urgency, string> = {
  passed: 'Passed',
  critical: 'Less than a day left',
  soon: 'Less than 3 days left',
  upcoming: 'This week',
  later: 'Later',
};

const styles = {
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: 8 } satisfies CSSProperties,
  row: (u: Urgency): CSSProperties => ({ borderLeft: `4px solid ${URGENCY_COLOUR[u]}`, paddingLeft: 8 }),
  left: (u: Urgency): CSSProperties => ({ color: u === 'critical' ? URGENCY_COLOUR.critical : u === 'soon' ? URGENCY_COLOUR.soon : undefined }),
  actions: { display: 'flex', gap: 6, flexWrap: 'wrap', alignItems: 'center', marginTop: 4 } satisfies CSSProperties,
  small: { fontSize: '0.92em' } satisfies CSSProperties,
};

/** How many passed deadlines the folded list shows. */
const PASSED_SHOWN = 20;

interface Loaded {
  deadlines: DeadlineRecord[];
  computed: ComputedClocks | null;
  contractTitles: Map<string, string | null>;
  leadHours: number[];
}

async function load(db: CasefileDb): Promise<Loaded> {
  const [deadlines, computed, contracts, settings] = await Promise.all([db.deadlines.toArray(), readComputed(db), db.contracts.toArray(), readClockSettings(db)]);
  return { deadlines, computed, contractTitles: new Map(contracts.map((c) => [c.id, c.title])), leadHours: settings.leadHours };
}

function useNow(intervalMs = 30_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const id = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}

function icsInput(d: DeadlineRecord, data: Loaded): IcsDeadline {
  const details = data.computed?.details[d.id];
  return {
    id: d.id,
    ruleId: d.ruleId,
    contractId: d.contractId,
    dueAt: d.dueAt,
    subject: details?.subject,
    caveats: details?.caveats,
    contractTitle: d.contractId ? (data.contractTitles.get(d.contractId) ?? null) : null,
  };
}

/** Sets the link's href to a fresh .ics blob just before the browser follows it. */
function downloadIcs(event: MouseEvent<HTMLAnchorElement>, deadlines: DeadlineRecord[], data: Loaded) {
  const text = deadlinesIcs(
    deadlines.map((d) => icsInput(d, data)),
    RULES as readonly DeadlineRule[],
    new Date(),
    { leadHours: data.leadHours },
  );
  const url = URL.createObjectURL(new Blob([text], { type: 'text/calendar;charset=utf-8' }));
  event.currentTarget.href = url;
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function fileName(d: DeadlineRecord): string {
  return `casefile-deadline-${d.ruleId}-${d.dueAt.slice(0, 10)}.ics`.replace(/[^\w.-]+/g, '-');
}

function DeadlineRow({ deadline, data, now, timeZone, onStatus }: { deadline: DeadlineRecord; data: Loaded; now: Date; timeZone: string; onStatus: (id: string, status: 'done' | 'dismissed') => void }) {
  const rule = ruleById(deadline.ruleId);
  const details = data.computed?.details[deadline.id];
  const u = deadline.status === 'passed' ? 'passed' : urgency(deadline.dueAt, now);
  const contractTitle = deadline.contractId ? data.contractTitles.get(deadline.contractId) : null;
  const opensLater = details?.opensAt && Date.parse(details.opensAt) > now.getTime();
  return (
    <li
      data-testid="deadline-row"
      data-deadline-id={deadline.id}
      data-rule-id={deadline.ruleId}
      data-due-at={deadline.dueAt}
      data-status={deadline.status}
      data-urgency={u}
      style={styles.row(u)}
    >
      <div>
        <strong data-testid="deadline-title">{rule?.title ?? deadline.ruleId}</strong>
        {details?.subject && <span> · {details.subject}</span>}
      </div>
      {(contractTitle || deadline.contractId) && (
        <div className="muted" style={styles.small}>
          {contractTitle ?? `Contract ${deadline.contractId}`}
        </div>
      )}
      <div>
        <strong data-testid="deadline-left" style={styles.left(u)} title={URGENCY_LABEL[u]}>
          {u === 'passed' ? timeLeft(deadline.dueAt, now) : `${timeLeft(deadline.dueAt, now)} left`}
        </strong>
      </div>
      <div style={styles.small}>
        <span data-testid="deadline-local">{formatLocal(deadline.dueAt, timeZone)}</span> · <span data-testid="deadline-utc">{formatUtc(deadline.dueAt)}</span>
      </div>
      {opensLater && <div style={styles.small}>Opens {formatLocal(details.opensAt!, timeZone)} ({formatUtc(details.opensAt!)})</div>}
      {rule && (
        <p style={styles.small} data-testid="deadline-action">
          {rule.action}
        </p>
      )}
      {(details?.caveats ?? (rule?.caveat ? [rule.caveat] : [])).map((c) => (
        <p key={c} className="muted" style={styles.small} data-testid="deadline-caveat">
          Note: {c}
        </p>
      ))}
      {rule && (
        <p className="muted" style={styles.small}>
          Source:{' '}
          {rule.sources.map((s, i) => (
            <span key={s.id}>
              {i > 0 && ', '}
              <a href={s.url} target="_blank" rel="noreferrer" title={s.label} data-testid="deadline-source">
                {s.id}
              </a>
            </span>
          ))}{' '}
          ({rule.confidence} confidence) · {details?.source === 'user' ? 'from an event you entered' : 'from what Casefile captured'}
        </p>
      )}
      <div style={styles.actions}>
        {deadline.status === 'open' && (
          <>
            <button type="button" onClick={() => onStatus(deadline.id, 'done')} data-testid="deadline-done">
              Done
            </button>
            <button type="button" className="secondary" onClick={() => onStatus(deadline.id, 'dismissed')} data-testid="deadline-dismiss">
              Dismiss
            </button>
          </>
        )}
        <a href="#ics" download={fileName(deadline)} onClick={(e) => downloadIcs(e, [deadline], data)} data-testid="deadline-ics">
          Add to calendar
        </a>
      </div>
    </li>
  );
}

export function Deadlines() {
  const [db, setDb] = useState<CasefileDb | null>(null);
  const [error, setError] = useState<unknown>(null);
  const now = useNow();
  const timeZone = useMemo(() => localTimeZone(), []);
  useEffect(() => {
    pageDb().then(setDb, setError);
  }, []);
  const data = useLiveQuery(() => (db ? load(db) : undefined), [db]);

  if (error !== null) return <ErrorNotice error={error} />;
  if (!data) return null;

  const t = now.getTime();
  const open = data.deadlines.filter((d) => d.status === 'open' && Date.parse(d.dueAt) > t).sort((a, b) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : a.id < b.id ? -1 : 1));
  const passed = data.deadlines
    .filter((d) => d.status === 'passed' || (d.status === 'open' && Date.parse(d.dueAt) <= t))
    .sort((a, b) => (a.dueAt > b.dueAt ? -1 : 1))
    // The most recent ones; hourly contracts add a few every week, and all stay in the store.
    .slice(0, PASSED_SHOWN);
  const warnings = data.computed?.warnings ?? [];

  const onStatus = (id: string, status: 'done' | 'dismissed') => {
    void setDeadlineStatus(db!, id, status, new Date().toISOString())
      .then(() => refreshDeadlines())
      .then(() => setError(null), setError);
  };

  return (
    <section className="card" aria-labelledby="deadlines-heading" data-testid="deadlines">
      <h2 id="deadlines-heading">Deadlines</h2>
      {warnings.map((w) => (
        <div key={w.id} className="notice notice-warn" role="status" data-testid="clock-warning" data-milestone-id={w.milestoneId}>
          <p>{w.message}</p>
          <p style={styles.small}>
            Files sent {formatLocal(w.sentAt, timeZone)} ({formatUtc(w.sentAt)}){w.attachmentNames.length > 0 ? `: ${w.attachmentNames.join(', ')}` : ''}.
          </p>
        </div>
      ))}
      {open.length === 0 ? (
        <p className="muted" data-testid="deadlines-empty">
          No open deadlines. Casefile finds them in the contracts and messages it records, and from events you add below.
        </p>
      ) : (
        <ol style={styles.list} data-testid="deadlines-open">
          {open.map((d) => (
            <DeadlineRow key={d.id} deadline={d} data={data} now={now} timeZone={timeZone} onStatus={onStatus} />
          ))}
        </ol>
      )}
      {open.length > 0 && (
        <p style={styles.small}>
          <a href="#ics" download="casefile-deadlines.ics" onClick={(e) => downloadIcs(e, open, data)} data-testid="deadlines-ics-all">
            Add all {open.length} to calendar
          </a>{' '}
          <span className="muted">(reminders {data.leadHours.map((h) => `${h} h`).join(', ')} before)</span>
        </p>
      )}
      {passed.length > 0 && (
        <details data-testid="deadlines-passed">
          <summary>Recently passed ({passed.length})</summary>
          <ol style={styles.list}>
            {passed.map((d) => (
              <DeadlineRow key={d.id} deadline={d} data={data} now={now} timeZone={timeZone} onStatus={onStatus} />
            ))}
          </ol>
        </details>
      )}
      <p className="muted" style={styles.small}>
        Times in {timeZone} with UTC beside them; Upwork&apos;s clocks run in UTC. Rule set {data.computed?.rulesetVersion ?? '(not yet computed)'}.
      </p>
    </section>
  );
}
