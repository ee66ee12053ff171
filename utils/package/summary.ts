import type * as R from '../db/records';
import { formatMoney, stakeOf, type Stake } from './money';
import { cmp, messageTime, type PackageModel } from './model';
import { formatUtc, oneLine } from './text';

/**
 * What the report and the ticket both say: the money at stake, the key dates, and one
 * chronology of everything recorded. Plain data here; each renderer escapes it its own way.
 */

export interface ContractStake {
  contract: R.ContractRecord;
  stake: Stake;
}

export function contractStakes(model: PackageModel): ContractStake[] {
  return model.input.contracts.map((contract) => ({ contract, stake: stakeOf(contract.milestones) }));
}

export interface KeyDate {
  /** As recorded: an ISO time, or a date as the page showed it. */
  at: string;
  what: string;
  contractId: string | null;
}

/** A date that sorts: ISO times and dates as they are; anything else after them. */
const sortable = (at: string) => (/^\d{4}-\d{2}-\d{2}/.test(at) ? at : `~${at}`);

export function keyDates(model: PackageModel): KeyDate[] {
  const dates: KeyDate[] = [];
  for (const c of model.input.contracts) {
    const name = c.title ? `“${oneLine(c.title, 80)}”` : c.id;
    if (c.startDate) dates.push({ at: c.startDate, what: `Contract ${name} started`, contractId: c.id });
    if (c.endDate) dates.push({ at: c.endDate, what: `Contract ${name} ended`, contractId: c.id });
    for (const m of c.milestones) {
      const title = `Milestone “${oneLine(m.title, 80)}”${m.amount ? ` (${formatMoney(m.amount)})` : ''}`;
      if (m.dueDate) dates.push({ at: m.dueDate, what: `${title} due`, contractId: c.id });
      if (m.submittedAt) dates.push({ at: m.submittedAt, what: `${title} submitted`, contractId: c.id });
      if (m.approvedAt) dates.push({ at: m.approvedAt, what: `${title} approved`, contractId: c.id });
      if (m.paidAt) dates.push({ at: m.paidAt, what: `${title} paid`, contractId: c.id });
    }
  }
  for (const e of model.input.disputeEvents) {
    dates.push({ at: e.occurredAt, what: `${oneLine(e.type, 80)}${e.source === 'user' ? ' (entered by the freelancer)' : ''}`, contractId: e.contractId });
  }
  return dates.sort((a, b) => cmp(sortable(a.at), sortable(b.at)) || cmp(a.what, b.what));
}

export function deadlineLabel(model: PackageModel, d: R.DeadlineRecord): string {
  const words = model.input.deadlineRules[d.ruleId];
  return words ? `${words} (${d.ruleId})` : d.ruleId;
}

export function openDeadlines(model: PackageModel): R.DeadlineRecord[] {
  return model.input.deadlines.filter((d) => d.status === 'open');
}

export type ChronologyKind = 'message' | 'system' | 'contract-change' | 'capture' | 'event' | 'note';

export interface ChronologyItem {
  at: string;
  kind: ChronologyKind;
  /** Who or what: a sender, "Upwork", "Casefile", "Freelancer's note". */
  actor: string;
  text: string;
  captureId: string | null;
  /** Anchor of the full item in report.html (a message in the transcript). */
  anchor: string | null;
  flags: string[];
  /** Set when the time shown is not when it happened (a message whose time could not be read). */
  timeNote: string | null;
}

const KIND_ORDER: Record<ChronologyKind, number> = { event: 0, 'contract-change': 1, system: 2, message: 3, note: 4, capture: 5 };

export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object' && value !== null && 'amount' in value && 'currency' in value) {
    const { amount, currency } = value as { amount: unknown; currency: unknown };
    if (typeof amount === 'string' && typeof currency === 'string') return formatMoney({ amount, currency });
  }
  return JSON.stringify(value);
}

/** Words for a contract change, e.g. `Milestone “Design”: amount changed`. */
export function describeChange(model: PackageModel, change: R.ContractChange): string {
  const contract = model.input.contracts.find((c) => c.id === change.contractId);
  const milestone = change.milestoneId ? contract?.milestones.find((m) => m.id === change.milestoneId) : undefined;
  const subject = change.milestoneId ? `Milestone “${oneLine(milestone?.title ?? change.milestoneId, 80)}”` : 'Contract';
  const kinds: Record<R.ContractChange['kind'], string> = {
    'milestone-added': 'added',
    'milestone-removed': 'removed',
    'milestone-changed': `${change.field} changed`,
    'terms-changed': `${change.field} changed`,
    'contract-ended': 'ended',
    'status-changed': 'status changed',
  };
  return `${subject}: ${kinds[change.kind]}`;
}

export function chronology(model: PackageModel): ChronologyItem[] {
  const items: ChronologyItem[] = [];
  for (const room of model.rooms) {
    for (const m of room.messages) {
      const flags = [...(m.edited ? ['edited'] : []), ...(m.deleted ? ['deleted'] : [])];
      items.push({
        at: messageTime(m),
        kind: m.kind === 'system' ? 'system' : 'message',
        actor: m.kind === 'system' ? 'Upwork' : (m.senderName ?? 'Unknown sender'),
        text: oneLine(m.text, 200) + (m.attachments.length ? ` [${m.attachments.length} attachment${m.attachments.length === 1 ? '' : 's'}]` : ''),
        captureId: m.captureId,
        anchor: model.messageAnchor.get(m.id) ?? null,
        flags,
        timeNote: m.sentAt ? null : `time not readable (shown as “${m.sentAtDisplayed ?? ''}”); placed when first seen`,
      });
    }
  }
  for (const change of model.input.contractChanges) {
    const after = model.snapshotById.get(change.afterSnapshotId);
    items.push({
      at: change.afterCapturedAt,
      kind: 'contract-change',
      actor: 'Contract terms',
      text: `${describeChange(model, change)}: ${oneLine(describeValue(change.before), 120)} → ${oneLine(describeValue(change.after), 120)} (between captures of ${formatUtc(change.beforeCapturedAt)} and ${formatUtc(change.afterCapturedAt)})`,
      captureId: after?.captureId ?? null,
      anchor: null,
      flags: [],
      timeNote: 'when Casefile first saw the change',
    });
  }
  for (const e of model.input.disputeEvents) {
    items.push({
      at: e.occurredAt,
      kind: 'event',
      actor: e.source === 'user' ? 'Entered by the freelancer' : 'Recorded from Upwork',
      text: oneLine(`${e.type}${e.note ? `: ${e.note}` : ''}`, 240),
      captureId: e.captureId,
      anchor: null,
      flags: [],
      timeNote: null,
    });
  }
  for (const n of model.input.notes) {
    items.push({ at: n.createdAt, kind: 'note', actor: 'Freelancer’s note', text: oneLine(n.text, 240), captureId: null, anchor: null, flags: [], timeNote: null });
  }
  for (const exhibit of model.exhibits) {
    const c = exhibit.capture;
    items.push({
      at: c.capturedAt,
      kind: 'capture',
      actor: 'Casefile',
      text: oneLine(`Captured ${c.scope === 'fragment' ? 'part of ' : ''}${c.pageKind} page “${c.title}” (${exhibit.files.length} files)`, 240),
      captureId: c.id,
      anchor: null,
      flags: c.extraction.status === 'failed' ? ['structured extraction failed'] : [],
      timeNote: null,
    });
  }
  return items.sort((a, b) => cmp(a.at, b.at) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || cmp(a.anchor, b.anchor) || cmp(a.text, b.text));
}
