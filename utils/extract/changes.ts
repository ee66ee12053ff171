import type { ContractChange, ContractData, ContractSnapshot, Milestone, MessageRecord, MessageRevision } from '../db/records';
import { hashRecord } from '../hashing';
import type { ObservedMessage } from '../protocol';
import { isSyntheticMilestoneId } from './milestone-id';

/**
 * Change detection across visits, as pure functions: what the store holds, what the page shows
 * now, and out come the records to write. Nothing here reads a clock or the database.
 */

// --- Hashes (shared with export verification: do not change what they cover) --------------------

/** What a message's hash covers: everything it says, not when Casefile happened to see it. */
export function messageHash(m: Pick<MessageRecord, 'id' | 'roomId' | 'senderName' | 'senderId' | 'sentAt' | 'sentAtDisplayed' | 'text' | 'jsonText' | 'attachments' | 'kind' | 'deleted'>): string {
  const { id, roomId, senderName, senderId, sentAt, sentAtDisplayed, text, jsonText, attachments, kind, deleted } = m;
  return hashRecord({ id, roomId, senderName, senderId, sentAt, sentAtDisplayed, text, jsonText, attachments, kind, deleted });
}

export function revisionHash(r: Pick<MessageRevision, 'id' | 'messageId' | 'roomId' | 'text' | 'attachments' | 'seenAt' | 'captureId'>): string {
  const { id, messageId, roomId, text, attachments, seenAt, captureId } = r;
  return hashRecord({ id, messageId, roomId, text, attachments, seenAt, captureId });
}

// --- Messages ------------------------------------------------------------------------------------

export interface ReconcileInput {
  /** What the store holds for the room (any order). */
  stored: readonly MessageRecord[];
  /** What this capture read (page and page JSON merged), in rendered order then JSON-only. */
  observed: readonly ObservedMessage[];
  /** storyIds rendered in the conversation pane now, top to bottom. */
  renderedIds: readonly string[];
  captureId: string;
  /** The capture time (ISO UTC). */
  seenAt: string;
}

export interface Reconciled {
  /** Records to put: new messages, messages seen again, and messages now marked deleted. */
  upserts: MessageRecord[];
  /** Earlier versions of edited messages, each with when it was last seen. */
  revisions: MessageRevision[];
  editedIds: string[];
  deletedIds: string[];
  /** Messages marked deleted by absence earlier that are rendered again (the absence was not a deletion). */
  restoredIds: string[];
}

type Unhashed = Omit<MessageRecord, 'sha256'>;
const finish = (m: Unhashed): MessageRecord => ({ ...m, sha256: messageHash(m) });
const fromPage = (source: MessageRecord['source']) => source !== 'json';
const attachmentNames = (list: MessageRecord['attachments']) => JSON.stringify(list.map((a) => a.name));

/**
 * Compares what the page shows now with what the store holds for the room:
 * - **Edits.** A storyId seen again with different text keeps its earlier version as a revision
 *   (with when it was last seen) and is marked edited. Text is compared source by source: the
 *   rendered text with the rendered text, the JSON text with the JSON text (they differ in
 *   formatting, so comparing across would invent edits). A different set of attachment names
 *   (rendered) is an edit too.
 * - **Deletion by flag.** A message the page's data flags deleted is marked deleted; its last known
 *   text and attachments are kept.
 * - **Deletion by absence.** A stored message that is not rendered now, although a stored message
 *   before it and one after it (by time) are both rendered now, was removed from the middle of the
 *   conversation: it is marked deleted, its content kept. A message that scrolled out of view or
 *   was unmounted by a virtualized list lies outside the rendered run, so it is never deleted this
 *   way; nor is one the page's data still lists, nor one whose time is unknown, nor one sharing
 *   its time with a rendered neighbour (the order between them is not known).
 * - A message marked deleted by absence that is rendered again is restored (`restoredIds`).
 */
export function reconcileMessages(input: ReconcileInput): Reconciled {
  const { renderedIds, captureId, seenAt } = input;
  const stored = new Map(input.stored.map((m) => [m.id, m]));
  const rendered = new Set(renderedIds);
  const observed = new Map<string, ObservedMessage>();
  for (const o of input.observed) if (!observed.has(o.id)) observed.set(o.id, o);

  const upserts = new Map<string, MessageRecord>();
  const revisions: MessageRevision[] = [];
  const editedIds: string[] = [];
  const deletedIds: string[] = [];
  const restoredIds: string[] = [];

  for (const o of observed.values()) {
    const s = stored.get(o.id);
    if (!s) {
      upserts.set(o.id, finish({ ...o, edited: false, firstSeenAt: seenAt, lastSeenAt: seenAt, captureId }));
      if (o.deleted) deletedIds.push(o.id);
      continue;
    }
    const bothPage = fromPage(s.source) && fromPage(o.source);
    const pageEdited = bothPage && !o.deleted && o.text !== '' && s.text !== o.text;
    const jsonEdited = !o.deleted && s.jsonText !== null && o.jsonText !== null && o.jsonText !== '' && s.jsonText !== o.jsonText;
    const attachmentsEdited = bothPage && !o.deleted && attachmentNames(s.attachments) !== attachmentNames(o.attachments);
    const edited = pageEdited || jsonEdited || attachmentsEdited;
    const newlyDeleted = o.deleted && !s.deleted;
    // Deleted by absence earlier, on the page again now and not flagged: that absence was not a deletion.
    const restored = s.deleted && !o.deleted && rendered.has(o.id);
    if (edited) {
      const base = { id: `${s.id}@${s.lastSeenAt}`, messageId: s.id, roomId: s.roomId, text: s.text, attachments: s.attachments, seenAt: s.lastSeenAt, captureId: s.captureId };
      revisions.push({ ...base, sha256: revisionHash(base) });
      editedIds.push(s.id);
    }
    if (newlyDeleted) deletedIds.push(s.id);
    if (restored) restoredIds.push(s.id);

    // Text: keep the last known content of a deleted message; a JSON-only sighting does not
    // replace rendered text unless the JSON text itself changed.
    let text = o.text;
    if (o.deleted && o.text === '') text = s.text;
    else if (!fromPage(o.source) && fromPage(s.source) && !jsonEdited) text = s.text;
    else if (o.text === '') text = s.text;
    let attachments = o.attachments;
    if ((o.deleted && o.attachments.length === 0) || (!fromPage(o.source) && fromPage(s.source) && s.attachments.length > 0) || (o.attachments.length === 0 && !edited)) attachments = s.attachments;
    // Exact times (from the JSON) are not replaced by minute-precision page times.
    const sentAt = (o.source !== 'dom' ? o.sentAt : null) ?? (s.source !== 'dom' ? s.sentAt : null) ?? o.sentAt ?? s.sentAt;
    const next: Unhashed = {
      ...s,
      senderName: o.senderName ?? s.senderName,
      senderId: o.senderId ?? s.senderId,
      sentAt,
      sentAtDisplayed: o.sentAtDisplayed ?? s.sentAtDisplayed,
      sentAtUnparsed: sentAt === null,
      text,
      source: s.source === o.source ? s.source : 'both',
      jsonText: o.deleted && !o.jsonText ? s.jsonText : (o.jsonText ?? s.jsonText),
      attachments,
      // The JSON's system flag is authoritative; the page's is read from the markup.
      kind: o.source === 'dom' && s.source !== 'dom' ? s.kind : o.kind,
      edited: s.edited || edited,
      deleted: restored ? false : s.deleted || o.deleted,
      lastSeenAt: seenAt,
      captureId: edited || newlyDeleted || restored ? captureId : s.captureId,
    };
    upserts.set(o.id, finish(next));
  }

  for (const id of deletedByAbsence({ stored, upserts, observed, renderedIds })) {
    const current = upserts.get(id) ?? stored.get(id)!;
    upserts.set(id, finish({ ...current, deleted: true, captureId }));
    deletedIds.push(id);
  }
  return { upserts: [...upserts.values()], revisions, editedIds, deletedIds, restoredIds };
}

/** The stored messages that vanished from between two rendered neighbours (see reconcileMessages). */
function deletedByAbsence(r: { stored: Map<string, MessageRecord>; upserts: Map<string, MessageRecord>; observed: Map<string, ObservedMessage>; renderedIds: readonly string[] }): string[] {
  if (r.renderedIds.length < 2) return [];
  const position = new Map(r.renderedIds.map((id, i) => [id, i]));
  const current = new Map([...r.stored, ...r.upserts]);
  const timed = [...current.values()].filter((m) => m.sentAt !== null).map((m) => ({ m, t: Date.parse(m.sentAt!) }));
  // Rendered messages with a known time, by time: the run the page shows now.
  const anchors = timed.filter((x) => position.has(x.m.id)).sort((a, b) => a.t - b.t);
  if (anchors.length < 2) return [];
  const out: string[] = [];
  for (const { m, t } of timed) {
    if (position.has(m.id) || m.deleted || r.observed.has(m.id)) continue;
    // The latest rendered message strictly before it and the earliest strictly after it.
    let lo = 0;
    let hi = anchors.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (anchors[mid]!.t < t) lo = mid + 1;
      else hi = mid;
    }
    const before = anchors[lo - 1];
    let k = lo;
    while (k < anchors.length && anchors[k]!.t === t) k++;
    const after = anchors[k];
    if (!before || !after || k !== lo) continue; // outside the rendered run, or tied with a rendered message
    // The page must list them in the same order as their times (else the order is not trustworthy).
    if (position.get(before.m.id)! >= position.get(after.m.id)!) continue;
    out.push(m.id);
  }
  return out;
}

// --- Contracts -----------------------------------------------------------------------------------

const TERMS = ['title', 'clientName', 'freelancerName', 'type', 'hourlyRate', 'weeklyLimitHours', 'budget', 'startDate'] as const satisfies readonly (keyof ContractData)[];
const MILESTONE_FIELDS = ['title', 'description', 'amount', 'dueDate', 'status', 'submittedAt', 'approvedAt', 'paidAt'] as const satisfies readonly (keyof Milestone)[];
/** Statuses that mean the contract is over (page wording or API state codes). */
const ENDED = /\b(ended|closed|completed|cancell?ed|terminated)\b/i;

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const blank = (v: unknown) => v === null || v === undefined || v === '';
/** "ACTIVE", "Active" and "active " are one status; wording differences ("Active and funded") are not. */
const sameStatus = (a: string | null, b: string | null) => (a ?? '').replace(/[_\s]+/g, ' ').trim().toLowerCase() === (b ?? '').replace(/[_\s]+/g, ' ').trim().toLowerCase();

export interface MilestoneMatch {
  pairs: [before: Milestone, after: Milestone][];
  added: Milestone[];
  removed: Milestone[];
}

/**
 * Pairs the milestones of two visits: by id; then, where one side only has a page-made id
 * (`#<sequence>`, when no page data was found), by title, then by sequence number. Two different
 * real ids are two different milestones (one removed, one added), whatever their titles.
 */
export function matchMilestones(before: readonly Milestone[], after: readonly Milestone[]): MilestoneMatch {
  const left = [...before];
  const pairs: [Milestone, Milestone][] = [];
  const unpaired: Milestone[] = [];
  for (const m of after) {
    // Page-made ids are only sequence numbers: they take part in the fallbacks below, not here.
    const i = isSyntheticMilestoneId(m.id) ? -1 : left.findIndex((x) => x.id === m.id);
    if (i >= 0) pairs.push([left.splice(i, 1)[0]!, m]);
    else unpaired.push(m);
  }
  const added: Milestone[] = [];
  const fallback = (m: Milestone, test: (x: Milestone) => boolean) => left.findIndex((x) => (isSyntheticMilestoneId(x.id) || isSyntheticMilestoneId(m.id)) && test(x));
  const stillUnpaired: Milestone[] = [];
  for (const m of unpaired) {
    const i = m.title !== '' ? fallback(m, (x) => x.title === m.title) : -1;
    if (i >= 0) pairs.push([left.splice(i, 1)[0]!, m]);
    else stillUnpaired.push(m);
  }
  for (const m of stillUnpaired) {
    const i = m.sequence !== undefined ? fallback(m, (x) => x.sequence === m.sequence) : -1;
    if (i >= 0) pairs.push([left.splice(i, 1)[0]!, m]);
    else added.push(m);
  }
  return { pairs, added, removed: left };
}

/**
 * The differences between two snapshots of one contract, each with both values and both capture
 * times: milestones added or removed; a milestone's title, description, amount, due date, status
 * or submitted/approved/paid dates changed; rate, weekly limit, budget or other terms changed; the
 * status changed; the contract ended (status now ended/closed, or an end date appeared).
 *
 * Only values both visits showed are compared. Extraction layers differ from visit to visit (the
 * Contract details tab shows no milestones; a page without its data shows no freelancer name), so
 * a value missing on one side is not a change, in either direction: not shown now is not
 * "removed", and first seen now is not "changed" (a richer visit after a poorer one would otherwise
 * date a September milestone to today). The same holds for the milestone list as a whole: an empty
 * list on either side means the milestones were not shown. The one exception is the end date: an
 * end date appearing where there was none is the contract ending. Statuses are compared ignoring
 * case and underscores ("ACTIVE" from the page's data is the page's "Active").
 */
export function contractChanges(before: ContractSnapshot, after: ContractSnapshot): ContractChange[] {
  const out: ContractChange[] = [];
  const add = (kind: ContractChange['kind'], field: string, b: unknown, a: unknown, milestoneId?: string) => {
    const id = hashRecord({ from: before.id, to: after.id, kind, field, milestoneId: milestoneId ?? null }).slice(0, 32);
    out.push({
      id,
      contractId: after.contractId,
      kind,
      field,
      ...(milestoneId !== undefined ? { milestoneId } : {}),
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
  const alreadySettled = (m: Milestone) => !blank(m.paidAt) || !blank(m.approvedAt) || /paid|approved|released|completed/i.test(m.status ?? '');
  for (const field of TERMS) {
    if (blank(a[field]) || blank(b[field])) continue;
    if (!same(b[field], a[field])) add('terms-changed', field, b[field], a[field]);
  }
  if (!blank(a.endDate) && a.endDate !== b.endDate) add(blank(b.endDate) ? 'contract-ended' : 'terms-changed', 'endDate', b.endDate, a.endDate);
  if (!blank(a.status) && !blank(b.status) && !sameStatus(b.status, a.status)) {
    add(ENDED.test(a.status!) && !ENDED.test(b.status!) ? 'contract-ended' : 'status-changed', 'status', b.status, a.status);
  }

  if (a.milestones.length === 0 || b.milestones.length === 0) return out;
  const { pairs, added, removed } = matchMilestones(b.milestones, a.milestones);
  for (const m of added) add('milestone-added', 'milestone', null, m, m.id);
  for (const m of removed) add('milestone-removed', 'milestone', m, null, m.id);
  for (const [x, y] of pairs) {
    for (const field of MILESTONE_FIELDS) {
      // A submission, approval or payment appearing on a milestone that was still open is news
      // (the 14-day review clock starts at submission). On one already paid or approved, a date
      // appearing only means this visit's page showed more than the last one did.
      const eventDate = field === 'submittedAt' || field === 'approvedAt' || field === 'paidAt';
      if (eventDate && blank(x[field]) && !blank(y[field]) && !alreadySettled(x)) {
        add('milestone-changed', field, x[field], y[field], y.id);
        continue;
      }
      if (blank(x[field]) || blank(y[field])) continue;
      if (field === 'status' ? sameStatus(x.status, y.status) : same(x[field], y[field])) continue;
      add('milestone-changed', field, x[field], y[field], y.id);
    }
  }
  return out;
}
