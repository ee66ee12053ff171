import type { ContractChange, ContractRecord, DisputeEvent, MessageRecord, Milestone, MilestoneRecord, RoomRecord } from '../db/records';
import { eventType, type EventTypeId } from './events';
import { billingWeekStart, dueFor, ruleById, RULESET_VERSION, weekRuleOpens, type DeadlineRule, type RuleId } from './rules';

/**
 * From what Casefile holds (contracts and milestones, messages, dispute events) and the time now,
 * the deadlines Upwork's rules give, the events recognised in system messages, and warnings. Pure:
 * the same inputs always give the same result, and every deadline's id is its rule plus its
 * subject, so recomputing finds the same deadline again.
 */
export interface ClockInputs {
  contracts: readonly ContractRecord[];
  /** The milestones table; merged over each contract's own list by id. */
  milestones?: readonly MilestoneRecord[];
  contractChanges?: readonly ContractChange[];
  rooms?: readonly RoomRecord[];
  messages?: readonly MessageRecord[];
  events?: readonly DisputeEvent[];
  now: Date;
}

export interface ComputedDeadline {
  /** `<ruleId>:<subject>`: stable across recomputes. */
  id: string;
  ruleId: RuleId;
  contractId: string | null;
  eventId: string | null;
  milestoneId: string | null;
  /** What started the clock (UTC). */
  startedAt: string;
  dueAt: string;
  /** For windows that open later (the hourly dispute window). */
  opensAt: string | null;
  /** What the deadline is about, in words ("Milestone 3 "Product import""). */
  subject: string;
  caveats: string[];
  /** Whether what started it was captured or entered by the user. */
  source: 'captured' | 'user';
  informational: boolean;
}

export interface ClockWarning {
  id: string;
  kind: 'unsubmitted-delivery';
  contractId: string;
  milestoneId: string;
  milestoneTitle: string;
  /** The latest message with attachments sent after the milestone was funded. */
  messageId: string;
  sentAt: string;
  attachmentNames: string[];
  message: string;
}

export interface ClockResult {
  rulesetVersion: string;
  deadlines: ComputedDeadline[];
  warnings: ClockWarning[];
  /** Events recognised in system messages (ids `msg:<messageId>`), to be stored as captured. */
  capturedEvents: DisputeEvent[];
}

// Milestone states as the page shows them (REFERENCE §3: "Active and funded", "Paid"; "Escrow" is
// being renamed "Project funds").
const SETTLED = /\b(paid|approved|released|refunded|cancell?ed)\b/i;
const SUBMITTED = /submitted|in review|pending (review|approval)|awaiting (review|approval)/i;
const FUNDED = /\bfunded\b|escrow|project funds/i;
const NOT_FUNDED = /\bnot funded\b|\bunfunded\b/i;
const ENDED = /\b(ended|closed|completed|cancell?ed|finished)\b/i;

// System messages (REFERENCE §2: "contract started", "milestone funded", "Old limit: X hrs/week New
// limit: Y hrs/week"). Wording beyond those is not verified, so the patterns are broad.
const RE_MILESTONE_FUNDED = /\bmilestone\s+#?(\d+)\s+(?:was\s+|has\s+been\s+)?funded\b/i;
const RE_MILESTONE_SUBMITTED = /\bmilestone\s+#?(\d+)\s+(?:was\s+|has\s+been\s+)?(?:re)?submitted\b/i;
const RE_PAYMENT_RELEASED = /\bpayment\b.*\breleased\b|\breleased\b.*\bpayment\b/i;
const RE_HOURS_DISPUTED = /\bdisputed?\s+(?:the\s+|your\s+|these\s+|some\s+)?hours\b|\bhours\s+(?:were|have\s+been|has\s+been)\s+disputed\b/i;
const RE_REFUND_REQUEST = /\brefund\s+request|\brequest(?:ed|s)?\s+(?:a\s+)?refund/i;
const RE_DISPUTE_FILED = /\b(?:filed|opened|started|submitted|created)\s+(?:a\s+)?dispute\b|\bdispute\s+(?:was\s+|has\s+been\s+)?(?:filed|opened|started|submitted|created)\b/i;
const RE_PAUSED = /\bpaused\b/i;
const RE_LIMIT = /old limit:\s*(?:[\d.]+|no limit)\s*(?:hrs?|hours)?\s*\/?\s*week\s*new limit:\s*([\d.]+)/i;

const DAY_MS = 86_400_000;

function time(value: string | null | undefined): Date | null {
  if (!value) return null;
  const t = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.UTC(+value.slice(0, 4), +value.slice(5, 7) - 1, +value.slice(8, 10)) : Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t);
}

const iso = (d: Date) => d.toISOString();
const latest = (dates: (Date | null)[]): Date | null =>
  dates.reduce<Date | null>((best, d) => (d && (!best || d.getTime() > best.getTime()) ? d : best), null);

function milestoneNumber(m: Milestone): number | null {
  if (m.sequence !== undefined) return m.sequence;
  const n = /^#?(\d{1,3})$/.exec(m.id);
  return n ? Number(n[1]) : null;
}

function milestoneLabel(m: Milestone): string {
  const n = milestoneNumber(m);
  return `Milestone ${n ?? m.id}${m.title ? ` "${m.title}"` : ''}`;
}

/** Whether the contract is over, from its status (or a past end date when no status was read). */
export function contractEnded(contract: ContractRecord, now: Date): boolean {
  if (contract.status) return ENDED.test(contract.status);
  const end = time(contract.endDate);
  return !!end && end.getTime() <= now.getTime();
}

/** When the contract ended: its end date, else when Casefile first saw it ended (with a caveat). */
function endedAt(contract: ContractRecord, changes: readonly ContractChange[]): { at: Date; caveat: string | null } {
  const end = time(contract.endDate);
  if (end) return { at: end, caveat: null };
  const seen = changes
    .filter((c) => c.contractId === contract.id && (c.kind === 'contract-ended' || (c.kind === 'status-changed' && ENDED.test(String(c.after)))))
    .map((c) => time(c.afterCapturedAt));
  const at = seen.reduce<Date | null>((best, d) => (d && (!best || d < best) ? d : best), null) ?? time(contract.firstCapturedAt)!;
  return { at, caveat: `The end time is when Casefile first saw the contract ended (${iso(at)}); it may have ended earlier.` };
}

function milestonesOf(contract: ContractRecord, table: readonly MilestoneRecord[]): Milestone[] {
  const byId = new Map<string, Milestone>(contract.milestones.map((m) => [m.id, m]));
  // The milestones table keys rows as "<contractId>:<milestone id>" (ids read from the page alone,
  // like "#3", are unique only within their contract).
  const prefix = `${contract.id}:`;
  for (const m of table) {
    if (m.contractId !== contract.id) continue;
    const id = m.id.startsWith(prefix) ? m.id.slice(prefix.length) : m.id;
    byId.set(id, { ...byId.get(id), ...m, id });
  }
  return [...byId.values()];
}

const settled = (m: Milestone) => (m.status !== null && SETTLED.test(m.status)) || m.paidAt !== null || m.approvedAt !== null;
const funded = (m: Milestone) => m.status !== null && FUNDED.test(m.status) && !NOT_FUNDED.test(m.status) && !settled(m);
const submitted = (m: Milestone) => m.submittedAt !== null || (m.status !== null && SUBMITTED.test(m.status));

/** Recognises a system message that starts a clock, as a captured event. */
export function eventFromSystemMessage(message: MessageRecord, contractId: string | null, contractType: 'hourly' | 'fixed' | null): DisputeEvent | null {
  if (message.kind !== 'system' || message.deleted || !message.sentAt) return null;
  const text = message.text.replace(/\s+/g, ' ').trim();
  let type: EventTypeId | null = null;
  const limit = RE_LIMIT.exec(text);
  if (limit) type = Number(limit[1]) === 0 ? 'weekly-limit-zero' : 'limit-changed';
  else if (RE_HOURS_DISPUTED.test(text)) type = 'hours-disputed';
  else if (RE_REFUND_REQUEST.test(text)) type = 'refund-requested';
  else if (RE_DISPUTE_FILED.test(text)) type = contractType === 'hourly' ? 'hours-disputed' : 'dispute-filed';
  else if (RE_PAUSED.test(text)) type = 'contract-paused';
  if (!type) return null;
  return {
    id: `msg:${message.id}`,
    contractId,
    caseId: null,
    type,
    occurredAt: message.sentAt,
    source: 'captured',
    captureId: message.captureId,
    note: text.slice(0, 500),
  };
}

interface Ctx {
  now: Date;
  out: Map<string, ComputedDeadline>;
}

function add(
  ctx: Ctx,
  rule: DeadlineRule,
  subjectKey: string,
  fields: Omit<ComputedDeadline, 'id' | 'ruleId' | 'dueAt' | 'caveats' | 'informational' | 'opensAt'> & { caveats?: (string | null)[]; opensAt?: string | null },
  due?: Date,
) {
  const dueAt = due ?? dueFor(rule, new Date(fields.startedAt));
  const id = `${rule.id}:${subjectKey}`;
  const caveats = [rule.caveat ?? null, ...(fields.caveats ?? [])].filter((c): c is string => !!c);
  ctx.out.set(id, { ...fields, id, ruleId: rule.id as RuleId, dueAt: iso(dueAt), opensAt: fields.opensAt ?? null, caveats, informational: rule.informational === true });
}

/** The next occurrence of a weekly (hourly billing) rule that has not yet closed at `now`. */
function nextWeekly(rule: DeadlineRule, now: Date): { weekEnd: Date; due: Date } {
  const thisWeek = billingWeekStart(now).getTime();
  for (let k = -2; k <= 2; k++) {
    const weekEnd = new Date(thisWeek + k * 7 * DAY_MS);
    const due = dueFor(rule, weekEnd);
    if (due.getTime() >= now.getTime()) return { weekEnd, due };
  }
  throw new Error(`rule ${rule.id} has no weekly occurrence`);
}

export function computeClocks(inputs: ClockInputs): ClockResult {
  const { now } = inputs;
  const changes = inputs.contractChanges ?? [];
  const rooms = inputs.rooms ?? [];
  const messages = inputs.messages ?? [];
  const ctx: Ctx = { now, out: new Map() };
  const warnings: ClockWarning[] = [];
  const contractsById = new Map(inputs.contracts.map((c) => [c.id, c]));
  const roomContract = new Map(rooms.map((r) => [r.id, r.contractId]));
  const messagesByContract = new Map<string, MessageRecord[]>();
  for (const m of messages) {
    const c = roomContract.get(m.roomId);
    if (!c) continue;
    const list = messagesByContract.get(c) ?? [];
    list.push(m);
    messagesByContract.set(c, list);
  }
  const rule = (id: RuleId) => ruleById(id)!;

  for (const contract of inputs.contracts) {
    const milestones = milestonesOf(contract, inputs.milestones ?? []);
    const contractMessages = (messagesByContract.get(contract.id) ?? []).filter((m) => !m.deleted && m.sentAt);
    const systemTimes = (re: RegExp, n?: number | null) =>
      contractMessages.filter((m) => m.kind === 'system' && re.test(m.text) && (n === undefined || Number(re.exec(m.text)?.[1]) === n)).map((m) => time(m.sentAt));
    const lastPayment = latest([...milestones.map((m) => time(m.paidAt)), ...systemTimes(RE_PAYMENT_RELEASED)]);
    const ended = contractEnded(contract, now);
    const end = ended ? endedAt(contract, changes) : null;

    // fixed.review-autorelease: 14 days from "Submit work"; a resubmission (a later submission
    // time) restarts it, and the same id carries the new due time.
    for (const m of milestones) {
      if (settled(m) || !submitted(m)) continue;
      const n = milestoneNumber(m);
      const submittedAt = latest([time(m.submittedAt), ...(n !== null ? systemTimes(RE_MILESTONE_SUBMITTED, n) : [])]);
      if (!submittedAt) continue;
      add(ctx, rule('fixed.review-autorelease'), `${contract.id}:${m.id}`, {
        contractId: contract.id,
        eventId: null,
        milestoneId: m.id,
        startedAt: iso(submittedAt),
        subject: `${milestoneLabel(m)} submitted`,
        source: 'captured',
      });
    }

    if (end) {
      // fixed.escrow-refund-response: ended with funds still in escrow.
      const inEscrow = milestones.filter(funded);
      if (inEscrow.length > 0) {
        add(ctx, rule('fixed.escrow-refund-response'), contract.id, {
          contractId: contract.id,
          eventId: null,
          milestoneId: null,
          startedAt: iso(end.at),
          subject: `Contract ended with ${inEscrow.length === 1 ? milestoneLabel(inEscrow[0]!) : `${inEscrow.length} milestones`} still funded`,
          source: 'captured',
          caveats: [end.caveat, 'Applies if the client asked for the escrowed funds back; check the contract.'],
        });
      }
      add(ctx, rule('feedback.window'), contract.id, {
        contractId: contract.id,
        eventId: null,
        milestoneId: null,
        startedAt: iso(end.at),
        subject: 'Contract ended',
        source: 'captured',
        caveats: [end.caveat],
      });
      if (lastPayment) {
        add(ctx, rule('mediation-assistance'), contract.id, {
          contractId: contract.id,
          eventId: null,
          milestoneId: null,
          startedAt: iso(lastPayment),
          subject: 'Last payment on an ended contract',
          source: 'captured',
        });
      }
    }

    // Hourly contracts: the weekly windows, while the contract runs and for the week it ended in
    // (the client's window stays open after the end, article 211062158).
    if (contract.type === 'hourly') {
      for (const id of ['hourly.freelancer-review', 'hourly.client-dispute-window', 'hourly.funds-available'] as const) {
        const r = rule(id);
        const { weekEnd, due } = nextWeekly(r, now);
        const billingWeekStarted = new Date(weekEnd.getTime() - 7 * DAY_MS);
        if (end && end.at.getTime() < billingWeekStarted.getTime()) continue;
        add(
          ctx,
          r,
          `${contract.id}:${iso(billingWeekStarted).slice(0, 10)}`,
          {
            contractId: contract.id,
            eventId: null,
            milestoneId: null,
            startedAt: iso(weekEnd),
            opensAt: iso(weekRuleOpens(r, weekEnd)!),
            subject: `Billing week of ${iso(billingWeekStarted).slice(0, 10)} (Monday–Sunday UTC)`,
            source: 'captured',
            caveats: ['Casefile cannot see billed hours: this shows for every active hourly contract.'],
          },
          due,
        );
      }
    }

    // fixed.dormant: 90 days after the last activity Casefile saw on a funded fixed-price contract
    // (a submitted milestone is on the review clock instead, which releases it within 14 days).
    if (contract.type === 'fixed' && !ended && milestones.some((m) => funded(m) && !submitted(m))) {
      const lastActivity = latest([
        ...contractMessages.map((m) => time(m.sentAt)),
        ...milestones.flatMap((m) => [time(m.submittedAt), time(m.paidAt)]),
      ]);
      if (lastActivity) {
        add(ctx, rule('fixed.dormant'), contract.id, {
          contractId: contract.id,
          eventId: null,
          milestoneId: null,
          startedAt: iso(lastActivity),
          subject: 'Last activity on a funded contract',
          source: 'captured',
        });
      }
    }

    // Warning: work delivered by message does not start the review clock (REFERENCE §5).
    const freelancer = contract.freelancerName?.trim().toLowerCase() || null;
    for (const m of milestones) {
      if (!funded(m) || submitted(m)) continue;
      const n = milestoneNumber(m);
      const fundedAt = latest(n !== null ? systemTimes(RE_MILESTONE_FUNDED, n) : []) ?? lastPayment;
      const deliveries = contractMessages
        .filter((msg) => msg.kind === 'message' && msg.attachments.length > 0)
        .filter((msg) => !fundedAt || time(msg.sentAt)!.getTime() > fundedAt.getTime())
        .filter((msg) => !freelancer || !msg.senderName || msg.senderName.trim().toLowerCase() === freelancer)
        .sort((a, b) => (a.sentAt! < b.sentAt! ? -1 : 1));
      const delivery = deliveries[deliveries.length - 1];
      if (!delivery) continue;
      warnings.push({
        id: `unsubmitted-delivery:${contract.id}:${m.id}`,
        kind: 'unsubmitted-delivery',
        contractId: contract.id,
        milestoneId: m.id,
        milestoneTitle: m.title,
        messageId: delivery.id,
        sentAt: delivery.sentAt!,
        attachmentNames: delivery.attachments.map((a) => a.name),
        message: `${milestoneLabel(m)} is funded and files were sent in messages, but the work was never submitted: the 14-day review clock has not started. Use "Submit work" on the contract to start it.`,
      });
    }
  }

  // Events: the stored ones, and those recognised in system messages now.
  const capturedEvents: DisputeEvent[] = [];
  const events = new Map((inputs.events ?? []).map((e) => [e.id, e]));
  for (const m of messages) {
    const contractId = roomContract.get(m.roomId) ?? null;
    const event = eventFromSystemMessage(m, contractId, contractId ? (contractsById.get(contractId)?.type ?? null) : null);
    if (!event) continue;
    capturedEvents.push(event);
    if (!events.has(event.id)) events.set(event.id, event);
  }
  for (const event of events.values()) {
    const type = eventType(event.type);
    const start = time(event.occurredAt);
    if (!type || !start) continue;
    const contract = event.contractId ? contractsById.get(event.contractId) : undefined;
    if (type.onlyFor && contract?.type && contract.type !== type.onlyFor) continue;
    const ruleIds = (contract?.type ? type.rulesByType?.[contract.type] : undefined) ?? type.rules;
    for (const ruleId of ruleIds) {
      add(ctx, rule(ruleId), `event:${event.id}`, {
        contractId: event.contractId,
        eventId: event.id,
        milestoneId: null,
        startedAt: iso(start),
        subject: `${type.label}${event.note && event.source === 'user' ? `: ${event.note}` : ''}`,
        source: event.source,
        caveats: [type.caveat ?? null],
      });
    }
  }

  const deadlines = [...ctx.out.values()].sort((a, b) => (a.dueAt === b.dueAt ? (a.id < b.id ? -1 : 1) : a.dueAt < b.dueAt ? -1 : 1));
  warnings.sort((a, b) => (a.id < b.id ? -1 : 1));
  capturedEvents.sort((a, b) => (a.id < b.id ? -1 : 1));
  return { rulesetVersion: RULESET_VERSION, deadlines, warnings, capturedEvents };
}
