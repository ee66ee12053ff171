import { PAGE_KIND_LABELS } from '@/utils/page-kinds';
import type { ResponseOf } from '@/utils/protocol';
import { formatLocalAndUtc } from './format';
import { WholeConversation } from './WholeConversation';
import { useState } from 'react';
import { sendCommand } from '@/utils/messaging';

/** "Capture this page": a screenshot of the visible tab, an MHTML snapshot (Chrome) and the raw page. */
function CaptureThisPage({ tabId, onError }: { tabId: number; onError: (e: unknown) => void }) {
  const [state, setState] = useState<string | null>(null);
  const capture = async () => {
    setState('Capturing…');
    try {
      const r = await sendCommand('page.captureVisible', { tabId });
      setState(`Captured: ${[r.screenshot && 'screenshot', r.mhtml && 'MHTML', 'page'].filter(Boolean).join(', ')}.`);
    } catch (e) {
      setState(null);
      onError(e);
    }
  };
  return (
    <p>
      <button type="button" onClick={() => void capture()} title="Shortcut: Alt+Shift+S" data-testid="capture-page">
        Capture this page
      </button>{' '}
      {state && <span role="status">{state}</span>}
    </p>
  );
}

type TabStatus = ResponseOf<'tab.status'>;

export function PageStatus({
  status,
  tabId,
  onError,
  loading = false,
}: {
  status: TabStatus | null;
  tabId: number | null;
  onError: (e: unknown) => void;
  /** The page's status has been asked for and has not arrived yet. */
  loading?: boolean;
}) {
  if (!status) {
    return (
      <section className="card" aria-labelledby="page-heading" aria-busy={loading}>
        <h2 id="page-heading">This page</h2>
        <p className="muted">{loading ? 'Reading what Casefile holds for this page…' : 'No tab to look at.'}</p>
      </section>
    );
  }
  const last = status.lastCapture;
  const when = last ? formatLocalAndUtc(last.capturedAt) : null;
  return (
    <section className="card" aria-labelledby="page-heading" data-testid="page-status">
      <h2 id="page-heading">This page</h2>
      <p data-testid="page-kind">
        <span className={status.recording ? 'dot dot-on' : 'dot'} aria-hidden="true" />
        {PAGE_KIND_LABELS[status.pageKind]}
        {status.recording ? (status.autoCapture ? ' — recorded automatically' : ' — automatic capture is off (Settings)') : ''}
      </p>
      {last && when && (
        <p className="muted" data-testid="last-capture">
          Last captured <time dateTime={last.capturedAt} title={when.utc}>{when.local}</time> · SHA-256{' '}
          <code title={last.sha256}>{last.sha256.slice(0, 12)}…</code>
        </p>
      )}
      {last?.extraction.status === 'failed' && (
        <p role="alert" className="notice notice-warn" data-testid="extraction-failed">
          Structured extraction failed on this page: Casefile kept the raw page, but could not read its
          {status.pageKind === 'message-room' ? ' messages' : ' contract details'}. The raw copy is still evidence.
        </p>
      )}
      {status.recording && !last && <p className="muted">Waiting for the page to finish loading…</p>}
      {status.room && (
        <p data-testid="room-summary">
          Conversation{status.room.title ? ` with ${status.room.title}` : ''}: <strong>{status.room.messages}</strong> messages recorded
          {status.room.edited > 0 ? `, ${status.room.edited} edited` : ''}
          {status.room.deleted > 0 ? `, ${status.room.deleted} deleted` : ''}.
        </p>
      )}
      {status.contract && (
        <p data-testid="contract-summary">
          Contract {status.contract.title ? `“${status.contract.title}”` : status.contract.id}: {status.contract.snapshots} snapshot
          {status.contract.snapshots === 1 ? '' : 's'}, {status.contract.changes} change{status.contract.changes === 1 ? '' : 's'} detected.
        </p>
      )}
      {tabId !== null && status.pageKind !== 'other' && <CaptureThisPage tabId={tabId} onError={onError} />}
      {tabId !== null && (status.room || status.pageKind === 'message-room') && <WholeConversation tabId={tabId} status={status} onError={onError} />}
    </section>
  );
}
