import type { ContractChange, ContractData, ContractSnapshot, Milestone, MessageRecord, MessageRevision } from '../db/records';
import { hashRecord } from '../hashing';
import type { ObservedMessage } from '../protocol';

/** What a message's hash covers: everything it says, not when Casefile happened to see it. */
export function messageHash(m: Pick<MessageRecord, 'id' | 'roomId' | 'senderName' | 'senderId' | 'sentAt' | 'sentAtDisplayed' | 'text' | 'jsonText' | 'attachments' | 'kind' | 'deleted'>): string {
  const { id, roomId, senderName, senderId, sentAt, sentAtDisplayed, text, jsonText, attachments, kind, deleted } = m;
  return hashRecord({ id, roomId, senderName, senderId, sentAt, sentAtDisplayed, text, jsonText, attachments, kind, deleted });
}

export function revisionHash(r: Pick<MessageRevision, 'id' | 'messageId' | 'roomId' | 'text' | 'attachments' | 'seenAt' | 'captureId'>): string {
  const { id, messageId, roomId, text, attachments, seenAt, captureId } = r;
  return hashRecord({ id, messageId, roomId, text, attachments, seenAt, captureId });
}

export interface Reconciled {
  upserts: MessageRecord[];
  revisions: MessageRevision[];
  editedIds: string[];
  deletedIds: string[];
}

const sameAttachments = (a: MessageRecord['attachments'], b: MessageRecord['attachments']) => JSON.stringify(a.map((x) => x.name)) === JSON.stringify(b.map((x) => x.name));
const order = (a: MessageRecord, b: MessageRecord) => (a.sentAt ?? '').localeCompare(b.sentAt ?? '') || a.id.localeCompare(b.id);

/**
 * Compares what a page shows now with what the store holds for the room:
 * - a message seen again with different text (compared source by source: rendered text with
 *   rendered text, JSON text with JSON text) keeps its earlier version as a revision and is
 *   marked edited;
 * - a message the page's data flags deleted is marked deleted, its last known content kept;
 * - a stored message missing between two neighbours that are both rendered, next to each other,
 *   is marked deleted. A message that scrolled out of view or was unmounted by a virtualized list
 *   is outside the rendered run, so it is never deleted by absence.
 */
export function reconcileMessages(input: { stored: MessageRecord[]; observed: ObservedMessage[]; renderedIds: string[]; captureId: string; seenAt: string }): Reconciled {
  const { observed, renderedIds, captureId, seenAt } = input;
  const stored = new Map(input.stored.map((m) => [m.id, m]));
  const upserts = new Map<string, MessageRecord>();
  const revisions: MessageRevision[] = [];
  const editedIds: string[] = [];
  const deletedIds: string[] = [];
  const finish = (m: Omit<MessageRecord, 'sha256'>) => ({ ...m, sha256: messageHash(m) }) as MessageRecord;

  for (const o of observed) {
    const s = stored.get(o.id);
    if (!s) {
      upserts.set(o.id, finish({ ...o, edited: false, firstSeenAt: seenAt, lastSeenAt: seenAt, captureId }));
      if (o.deleted) deletedIds.push(o.id);
      continue;
    }
    const domEdited = s.source !== 'json' && o.source !== 'json' && s.text !== o.text && !o.deleted && o.text !== '';
    const jsonEdited = s.jsonText !== null && o.jsonText !== null && s.jsonText !== o.jsonText && !o.deleted && o.jsonText !== '';
    const attachmentsEdited = s.source !== 'json' && o.source !== 'json' && !sameAttachments(s.attachments, o.attachments) && !o.deleted;
    const edited = domEdited || jsonEdited || attachmentsEdited;
    const newlyDeleted = o.deleted && !s.deleted;
    if (edited) {
      const base = { id: `${s.id}@${s.lastSeenAt}`, messageId: s.id, roomId: s.roomId, text: s.text, attachments: s.attachments, seenAt: s.lastSeenAt, captureId: s.captureId };
      revisions.push({ ...base, sha256: revisionHash(base) });
      editedIds.push(s.id);
    }
    if (newlyDeleted) deletedIds.push(s.id);
    // Text: the rendered text is preferred; JSON text only fills in where nothing was rendered.
    const text = o.deleted && o.text === '' ? s.text : o.source === 'json' && s.source !== 'json' && !jsonEdited ? s.text : o.text || s.text;
    const next: Omit<MessageRecord, 'sha256'> = {
      ...s,
      senderName: o.senderName ?? s.senderName,
      senderId: o.senderId ?? s.senderId,
      sentAt: o.sentAt ?? s.sentAt,
      sentAtDisplayed: o.sentAtDisplayed ?? s.sentAtDisplayed,
      sentAtUnparsed: (o.sentAt ?? s.sentAt) === null,
      text,
      source: s.source === o.source ? s.source : 'both',
      jsonText: o.jsonText ?? s.jsonText,
      attachments: o.source === 'json' && s.attachments.length > 0 ? s.attachments : o.attachments.length > 0 || edited ? o.attachments : s.attachments,
      edited: s.edited || edited,
      deleted: s.deleted || o.deleted,
      lastSeenAt: seenAt,
      captureId: edited || newlyDeleted ? captureId : s.captureId,
    };
    const record = finish(next);
    if (record.sha256 !== s.sha256 || record.lastSeenAt !== s.lastSeenAt) upserts.set(o.id, record);
  }

  // Deletion by absence: only between two rendered neighbours that sit next to each other.
  if (renderedIds.length > 1) {
    const position = new Map(renderedIds.map((id, i) => [id, i]));
    const all = [...new Map([...stored, ...upserts]).values()].filter((m) => m.sentAt !== null).sort(order);
    for (let i = 1; i < all.length - 1; i++) {
      const m = all[i]!;
      if (position.has(m.id) || m.deleted || deletedIds.includes(m.id)) continue;
      // Nearest stored neighbours that are rendered now, looking outwards past other missing ones.
      let a = i - 1;
      while (a >= 0 && !position.has(all[a]!.id)) a--;
      let b = i + 1;
      while (b < all.length && !position.has(all[b]!.id)) b++;
      if (a < 0 || b >= all.length) continue;
      if (position.get(all[b]!.id)! - position.get(all[a]!.id)! !== 1) continue;
      const s = upserts.get(m.id) ?? m;
      upserts.set(m.id, finish({ ...s, deleted: true, captureId }));
      deletedIds.push(m.id);
    }
  }
  return { upserts: [...upserts.values()], revisions, editedIds, deletedIds };
}

const TERMS: (keyof ContractData)[] = ['title', 'clientName', 'freelancerName', 'type', 'hourlyRate', 'weeklyLimitHours', 'budget', 'startDate', 'endDate'];
const MILESTONE_FIELDS: (keyof Milestone)[] = ['title', 'description', 'amount', 'dueDate', 'status', 'submittedAt', 'approvedAt', 'paidAt'];
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const ENDED = /ended|closed|completed|cancel/i;

/** Milestones are matched by id, then by sequence number, then by title. */
function matchMilestones(before: Milestone[], after: Milestone[]): { pairs: [Milestone, Milestone][]; added: Milestone[]; removed: Milestone[] } {
  const left = [...before];
  const pairs: [Milestone, Milestone][] = [];
  const added: Milestone[] = [];
  for (const m of after) {
    let i = left.findIndex((x) => x.id === m.id);
    if (i < 0 && m.sequence !== undefined) i = left.findIndex((x) => x.sequence === m.sequence);
    if (i < 0) i = left.findIndex((x) => x.title === m.title);
    if (i < 0) added.push(m);
    else pairs.push([left.splice(i, 1)[0]!, m]);
  }
  return { pairs, added, removed: left };
}

/** The differences between two snapshots of one contract, each with both values and both capture times. */
export function contractChanges(before: ContractSnapshot, after: ContractSnapshot): ContractChange[] {
  const out: ContractChange[] = [];
  const add = (kind: ContractChange['kind'], field: string, b: unknown, a: unknown, milestoneId?: string) => {
    const id = hashRecord({ from: before.id, to: after.id, kind, field, milestoneId: milestoneId ?? null }).slice(0, 32);
    out.push({
      id,
      contractId: after.contractId,
      kind,
      field,
      ...(milestoneId ? { milestoneId } : {}),
      before: b ?? null,
      after: a ?? null,
      beforeCapturedAt: before.capturedAt,
      afterCapturedAt: after.capturedAt,
      beforeSnapshotId: before.id,
      afterSnapshotId: after.id,
    });
  };
  const b = before.data;
  const a = after.data;
  for (const field of TERMS) {
    // A field the page did not show this time is not a change (layers can miss what they found before).
    if (a[field] === null && b[field] !== null && field !== 'endDate') continue;
    if (!same(b[field], a[field])) add('terms-changed', field, b[field], a[field]);
  }
  if (!same(b.status, a.status) && a.status !== null) {
    add(ENDED.test(a.status) && !ENDED.test(b.status ?? '') ? 'contract-ended' : 'status-changed', 'status', b.status, a.status);
  }
  const { pairs, added, removed } = matchMilestones(b.milestones, a.milestones);
  for (const m of added) add('milestone-added', 'milestone', null, m, m.id);
  for (const m of removed) add('milestone-removed', 'milestone', m, null, m.id);
  for (const [x, y] of pairs) {
    for (const field of MILESTONE_FIELDS) if (!same(x[field], y[field])) add('milestone-changed', field, x[field], y[field], y.id);
  }
  return out;
}
