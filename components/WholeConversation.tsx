import { useState } from 'react';
import { browser } from 'wxt/browser';
import type { ResponseOf } from '@/utils/protocol';
import type { TabMessage } from '@/utils/capture/tab-commands';

type TabStatus = ResponseOf<'tab.status'>;

const STATE_LABELS = {
  'loading-older': 'Loading older messages',
  screenshots: 'Taking screenshots of the conversation',
  done: 'Whole conversation captured',
  cancelled: 'Cancelled — what was loaded so far is kept',
  failed: 'Could not capture the whole conversation',
} as const;

/**
 * "Capture whole conversation": the content script scrolls the conversation pane up until the
 * first message is loaded, recording as it goes, then screenshots the pane top to bottom. The
 * work runs in the tab, so it goes on if this popup closes; progress comes back through the store.
 */
export function WholeConversation({ tabId, status, onError }: { tabId: number; status: TabStatus; onError: (e: unknown) => void }) {
  const [asked, setAsked] = useState(false);
  const progress = status.wholeCapture;
  const running = progress !== null && (progress.state === 'loading-older' || progress.state === 'screenshots');

  const send = async (tabCommand: TabMessage['tabCommand']) => {
    try {
      await browser.tabs.sendMessage(tabId, { casefile: 1, tabCommand } satisfies TabMessage);
      setAsked(tabCommand === 'room.captureWhole');
    } catch {
      onError(new Error('The page did not answer. Reload the Upwork tab, then try again.'));
    }
  };

  const percent = progress && progress.state === 'screenshots' && progress.screenshotsPlanned > 0 ? Math.round((progress.screenshots / progress.screenshotsPlanned) * 100) : null;
  const coverage = status.room?.coverage;

  return (
    <div className="whole" data-testid="whole-conversation">
      {!running ? (
        <button type="button" onClick={() => void send('room.captureWhole')} data-testid="capture-whole">
          Capture whole conversation
        </button>
      ) : (
        <button type="button" className="secondary" onClick={() => void send('room.cancel')} data-testid="cancel-whole">
          Cancel
        </button>
      )}
      {asked && !progress && <p className="muted">Starting…</p>}
      {progress && (
        <div role="status" aria-live="polite" data-testid="whole-progress">
          <p>
            {STATE_LABELS[progress.state]}: {progress.messages} messages loaded
            {progress.oldestShown ? `, back to ${progress.oldestShown}` : ''}
            {progress.state === 'screenshots' || progress.state === 'done' ? `, ${progress.screenshots} screenshots` : ''}.
          </p>
          {running && (
            <progress
              max={100}
              value={percent ?? undefined}
              aria-label={progress.state === 'screenshots' ? 'Screenshots taken' : 'Loading older messages'}
            />
          )}
          {progress.message && <p className="notice notice-error">{progress.message}</p>}
        </div>
      )}
      {coverage && (
        <p className="muted" data-testid="coverage">
          Coverage: {coverage.count} messages{coverage.startReached ? ', from the first message of the conversation' : ', start not reached'}.
        </p>
      )}
    </div>
  );
}
