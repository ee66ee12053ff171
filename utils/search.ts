import type { MessageRecord } from './db/records';

export interface MessageQuery {
  words: string;
  sender: string;
  from: string | null;
  to: string | null;
  hasAttachment: boolean;
}

const fold = (s: string) => s.normalize('NFKC').toLocaleLowerCase();

/**
 * Messages matching every word (case-insensitive, anywhere in the text or attachment names), the
 * sender, the date range (inclusive days, compared in UTC) and the attachment filter.
 */
export function searchMessages(messages: readonly MessageRecord[], q: MessageQuery, limit = 500): { hits: MessageRecord[]; total: number } {
  const words = fold(q.words).split(/\s+/).filter(Boolean);
  const sender = fold(q.sender.trim());
  const from = q.from ? `${q.from}T00:00:00.000Z` : null;
  const to = q.to ? `${q.to}T23:59:59.999Z` : null;
  const hits: MessageRecord[] = [];
  let total = 0;
  for (const m of messages) {
    if (q.hasAttachment && m.attachments.length === 0) continue;
    if (sender && !fold(m.senderName ?? '').includes(sender)) continue;
    if ((from || to) && (!m.sentAt || (from && m.sentAt < from) || (to && m.sentAt > to))) continue;
    if (words.length > 0) {
      const hay = fold(m.text + ' ' + m.attachments.map((a) => a.name).join(' '));
      if (!words.every((w) => hay.includes(w))) continue;
    }
    total += 1;
    if (hits.length < limit) hits.push(m);
  }
  return { hits, total };
}
