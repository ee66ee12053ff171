import type { CaptureRecord, ContractChange, DeadlineRecord, DisputeEvent, MessageRecord, NoteRecord } from './db/records';

export type TimelineKind = 'message' | 'system' | 'contract-change' | 'capture' | 'note' | 'event' | 'deadline';

export interface TimelineEntry {
  at: string;
  kind: TimelineKind;
  title: string;
  text: string;
  /** Dashboard route of the exhibit. */
  link: string | null;
  /** Entered by the user (notes, events) rather than captured. */
  byUser: boolean;
}

const clip = (s: string, n = 280) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** One chronology merging everything a case holds, oldest first. */
export function buildTimeline(input: {
  messages: MessageRecord[];
  changes: ContractChange[];
  captures: Pick<CaptureRecord, 'id' | 'capturedAt' | 'url' | 'pageKind' | 'title' | 'scope'>[];
  notes: NoteRecord[];
  events: DisputeEvent[];
  deadlines: DeadlineRecord[];
}): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  for (const m of input.messages) {
    out.push({
      at: m.sentAt ?? m.firstSeenAt,
      kind: m.kind === 'system' ? 'system' : 'message',
      title: `${m.kind === 'system' ? 'Upwork' : (m.senderName ?? 'Unknown sender')}${m.edited ? ' (edited)' : ''}${m.deleted ? ' (deleted)' : ''}`,
      text: clip(m.text),
      link: `rooms/${m.roomId}/${m.id}`,
      byUser: false,
    });
  }
  for (const c of input.changes) {
    out.push({ at: c.afterCapturedAt, kind: 'contract-change', title: `Contract change: ${c.kind}${c.milestoneId ? ` (milestone ${c.milestoneId})` : ''}`, text: `${c.field}: ${JSON.stringify(c.before)} → ${JSON.stringify(c.after)}`, link: `contracts/${c.contractId}`, byUser: false });
  }
  for (const c of input.captures) {
    if (c.scope === 'fragment') continue;
    out.push({ at: c.capturedAt, kind: 'capture', title: `Page captured: ${c.pageKind}`, text: c.url, link: null, byUser: false });
  }
  for (const n of input.notes) out.push({ at: n.createdAt, kind: 'note', title: 'Your note', text: clip(n.text), link: null, byUser: true });
  for (const e of input.events) out.push({ at: e.occurredAt, kind: 'event', title: `Event: ${e.type}`, text: e.note, link: e.contractId ? `contracts/${e.contractId}` : null, byUser: e.source === 'user' });
  for (const d of input.deadlines) out.push({ at: d.dueAt, kind: 'deadline', title: `Deadline: ${d.ruleId}`, text: d.status, link: d.contractId ? `contracts/${d.contractId}` : null, byUser: false });
  return out.sort((a, b) => a.at.localeCompare(b.at));
}
