import { memo, useState } from 'react';
import type { MessageRecord, MessageRevision } from '@/utils/db/records';
import { Time } from './Time';

/**
 * One message, as text only: React escapes every string, so a message reading
 * `<img src=x onerror=alert(1)>` shows those characters. Bidi controls are isolated by `dir="auto"`
 * on a `<bdi>`-like span so they cannot reorder the text around them. Rendered again only when the
 * message, its revisions or the highlight change (a conversation re-renders as it scrolls).
 */
export const MessageItem = memo(function MessageItem({
  message,
  revisions,
  highlight,
}: {
  message: MessageRecord;
  revisions?: MessageRevision[];
  highlight?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const cls = ['message', message.kind === 'system' ? 'system' : '', message.deleted ? 'deleted' : '', highlight ? 'highlight' : ''].join(' ');
  return (
    <article className={cls} aria-label={`${message.senderName ?? 'Unknown sender'}, ${message.sentAtDisplayed ?? message.sentAt ?? 'time unknown'}`} data-message-id={message.id}>
      <header>
        <strong>{message.kind === 'system' ? 'Upwork' : (message.senderName ?? 'Unknown sender')}</strong>{' '}
        <span className="muted">
          {message.sentAt ? <Time iso={message.sentAt} /> : <span title="This time could not be read; it is kept as displayed">{message.sentAtDisplayed ?? 'time unknown'} (as shown)</span>}
        </span>
        {message.edited && <span className="tag">edited</span>}
        {message.deleted && <span className="tag tag-warn">deleted</span>}
      </header>
      <bdi className="pre body">{message.text}</bdi>
      {message.attachments.length > 0 && (
        <ul className="attachments">
          {message.attachments.map((a, i) => (
            <li key={i}>
              📎 {a.name}
              {a.size ? ` (${a.size})` : ''}
            </li>
          ))}
        </ul>
      )}
      {revisions && revisions.length > 0 && (
        <div className="revisions">
          <button type="button" className="link" aria-expanded={open} onClick={() => setOpen(!open)}>
            {open ? 'Hide' : 'Show'} {revisions.length} earlier version{revisions.length === 1 ? '' : 's'}
          </button>
          {open && (
            <ol>
              {revisions.map((r) => (
                <li key={r.id}>
                  <span className="muted">
                    Seen <Time iso={r.seenAt} />
                  </span>
                  <bdi className="pre body">{r.text}</bdi>
                </li>
              ))}
            </ol>
          )}
        </div>
      )}
    </article>
  );
});
