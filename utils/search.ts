import type { MessageRecord } from './db/records';

export interface MessageQuery {
  words: string;
  sender: string;
  from: string | null;
  to: string | null;
  hasAttachment: boolean;
}

const fold = (s: string) => s.normalize('NFKC').toLocaleLowerCase();

/** Messages with their text folded once (case, Unicode forms), so each query is only substring tests. */
export interface MessageIndex {
  messages: readonly MessageRecord[];
  text: string[];
  sender: string[];
}

export function indexMessages(messages: readonly MessageRecord[]): MessageIndex {
  return {
    messages,
    text: messages.map((m) => fold(m.attachments.length ? `${m.text} ${m.attachments.map((a) => a.name).join(' ')}` : m.text)),
    sender: messages.map((m) => fold(m.senderName ?? '')),
  };
}

/**
 * Messages matching every word (case-insensitive, anywhere in the text or attachment names), the
 * sender, the date range (inclusive days, compared in UTC) and the attachment filter.
 */
export function searchMessages(index: MessageIndex, q: MessageQuery, limit = 100): { hits: MessageRecord[]; total: number } {
  const words = fold(q.words).split(/\s+/).filter(Boolean);
  const sender = fold(q.sender.trim());
  const from = q.from ? `${q.from}T00:00:00.000Z` : null;
  const to = q.to ? `${q.to}T23:59:59.999Z` : null;
  const hits: MessageRecord[] = [];
  let total = 0;
  const { messages } = index;
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i]!;
    if (q.hasAttachment && m.attachments.length === 0) continue;
    if (sender && !index.sender[i]!.includes(sender)) continue;
    if ((from || to) && (!m.sentAt || (from && m.sentAt < from) || (to && m.sentAt > to))) continue;
    if (words.length > 0) {
      const hay = index.text[i]!;
      let all = true;
      for (const w of words) if (!hay.includes(w)) { all = false; break; }
      if (!all) continue;
    }
    total += 1;
    if (hits.length < limit) hits.push(m);
  }
  return { hits, total };
}
