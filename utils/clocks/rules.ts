/**
 * Upwork's deadline rules as data (REFERENCE §5). Each rule says how long, what starts it, where
 * Upwork says so and how sure we are. Where Upwork's own help pages disagree across versions, the
 * older wording is kept in `alternatives` and the tracker uses the EARLIER of the deadlines they
 * give, showing `caveat`, so a freelancer is never told a later date than the strictest reading.
 *
 * All arithmetic is in UTC: Upwork's clocks are UTC ("midnight UTC of day 14"; hourly billing
 * weeks run Monday 00:00 to Sunday 23:59 UTC).
 */

/** Bump when any rule's timing, source or wording changes; stored beside computed deadlines. */
export const RULESET_VERSION = '2026-11-25.1';

export type Confidence = 'High' | 'Medium' | 'Low';

export interface RuleSource {
  /** support.upwork.com article id, or the community release note's id. */
  id: string;
  label: string;
  url: string;
}

/**
 * How a rule's moment follows from what starts it.
 * - `after`: start + N days (calendar days, or business days Monday–Friday in UTC); the time of
 *   day is kept.
 * - `utc-midnight`: 00:00 UTC at the start of the Nth UTC day after the day it starts on.
 * - `week`: relative to the END of an hourly billing week (the Monday 00:00 UTC after it): the rule
 *   opens `opensAfterHours` after it and closes `closesAfterHours` after it; the deadline shown is
 *   the last second before it closes ("Friday 23:59").
 */
export type Timing =
  | { kind: 'after'; days: number; businessDays?: boolean }
  | { kind: 'utc-midnight'; days: number }
  | { kind: 'week'; opensAfterHours: number; closesAfterHours: number };

export interface DeadlineRule {
  id: RuleId;
  /** A short name for lists and notifications. */
  title: string;
  /** The deadline as REFERENCE §5 states it. */
  deadline: string;
  startsWhen: string;
  timing: Timing;
  /** Older or conflicting versions of the rule: the earliest resulting moment is used. */
  alternatives?: Timing[];
  /** Shown with every deadline of this rule (disagreeing versions, unknowns). */
  caveat?: string;
  /** What the freelancer should do before the moment. */
  action: string;
  sources: RuleSource[];
  confidence: Confidence;
  /**
   * A moment to know about rather than act on (someone else's window, money becoming available):
   * listed, but neither announced by notification nor counted on the badge.
   */
  informational?: boolean;
}

const article = (id: string, label: string): RuleSource => ({ id, label, url: `https://support.upwork.com/hc/en-us/articles/${id}` });
const RELEASE_NOTE_1478163: RuleSource = {
  id: '1478163',
  label: 'Upwork Community release note 1478163 (2023-12-05): fixed-price dispute changes',
  url: 'https://community.upwork.com/t5/Announcements/bd-p/Announcements',
};

const DAY_HOURS = 24;

export const RULES = [
  {
    id: 'fixed.review-autorelease',
    title: 'Client review of submitted work',
    deadline: 'Submission + 14 days; with no client action the funds are released. A change request restarts it on resubmission.',
    startsWhen: 'The freelancer clicks "Submit work" / "Request payment" (delivering by message does not start it).',
    timing: { kind: 'after', days: 14 },
    action: 'Nothing to file: if the client neither approves nor asks for changes by then, Upwork releases the payment. If changes are requested, resubmit with "Submit work" (the 14 days start again).',
    sources: [
      article('211063718', 'Fixed-price payment protection and milestone review'),
      article('211068218', 'Submit work for a fixed-price milestone'),
      article('17974824831507', 'Automatic release of milestone payments'),
    ],
    confidence: 'High',
  },
  {
    id: 'fixed.pending-available',
    title: 'Payment becomes available',
    deadline: 'Release + 5 days (security period before withdrawal).',
    startsWhen: 'A payment is released.',
    timing: { kind: 'after', days: 5 },
    action: 'Nothing to do: the released payment can be withdrawn after this security period.',
    sources: [article('211063698', 'When will my payment be available?')],
    confidence: 'High',
    informational: true,
  },
  {
    id: 'fixed.escrow-refund-response',
    title: 'Dispute the refund request',
    deadline: '7 days to dispute the client\'s refund request; otherwise the funds return to the client automatically.',
    startsWhen: 'The client ends the contract with funds in escrow (project funds) or sends a refund request.',
    timing: { kind: 'after', days: 7 },
    action: 'Accept the refund, or dispute it from the contract before this time: otherwise the escrowed funds go back to the client automatically.',
    sources: [article('211068528', 'Refund requests on fixed-price contracts'), RELEASE_NOTE_1478163],
    confidence: 'High',
  },
  {
    id: 'fixed.client-dispute-response',
    title: 'Respond to the dispute',
    deadline: '5 days to respond (older versions: "5 business days" or "7 days").',
    startsWhen: 'A dispute is filed (the other side then has this long to respond).',
    timing: { kind: 'after', days: 5 },
    alternatives: [
      { kind: 'after', days: 5, businessDays: true },
      { kind: 'after', days: 7 },
    ],
    caveat: 'Upwork\'s pages say 5 days, 5 business days or 7 days; this uses the earliest (5 calendar days).',
    action: 'Respond in the dispute (accept, or submit your evidence) before this time: the side that does not respond loses the dispute.',
    sources: [RELEASE_NOTE_1478163, article('211062068', 'Fixed-price disputes')],
    confidence: 'Medium',
  },
  {
    id: 'fixed.mediator-proposal',
    title: 'Mediator\'s proposal due',
    deadline: 'The mediator proposes within 2 days.',
    startsWhen: 'Both sides have submitted their evidence.',
    timing: { kind: 'after', days: 2 },
    action: 'Watch for the mediator\'s proposal by email and in the dispute; once it arrives you have 2 days to accept or decline it.',
    sources: [RELEASE_NOTE_1478163],
    confidence: 'High',
    informational: true,
  },
  {
    id: 'fixed.proposal-accept',
    title: 'Accept or decline the mediator\'s proposal',
    deadline: '2 days to accept or decline the proposal.',
    startsWhen: 'The mediator\'s proposal is emailed.',
    timing: { kind: 'after', days: 2 },
    action: 'Accept or decline the mediator\'s proposal before this time.',
    sources: [RELEASE_NOTE_1478163],
    confidence: 'High',
  },
  {
    id: 'arbitration.accept',
    title: 'Accept arbitration and pay its fee',
    deadline: '7 days to accept arbitration and pay the fee; if only one side pays, that side gets the funds.',
    startsWhen: 'A notice of non-resolution is received.',
    timing: { kind: 'after', days: 7 },
    action: 'Decide on arbitration and pay the fee before this time if you want the funds: if only the client pays, the client gets them.',
    sources: [article('14044146250259', 'Arbitration after mediation')],
    confidence: 'High',
  },
  {
    id: 'hourly.freelancer-review',
    title: 'Last edits to the Work Diary',
    deadline: 'Monday 00:00–11:59 UTC after the billing week: last edits to the Work Diary.',
    startsWhen: 'The billing week ends (weeks run Monday 00:00 to Sunday 23:59 UTC).',
    timing: { kind: 'week', opensAfterHours: 0, closesAfterHours: 12 },
    action: 'Check last week\'s Work Diary (memos, manual time, segments) and make any final edits before this time.',
    sources: [article('211063698', 'Hourly billing and payment schedule')],
    confidence: 'High',
  },
  {
    id: 'hourly.client-dispute-window',
    title: 'Client may dispute last week\'s hours',
    deadline: 'Monday 12:00 to Friday 23:59 UTC after the billing week; open even after the contract ends.',
    startsWhen: 'The billing week ends.',
    timing: { kind: 'week', opensAfterHours: 12, closesAfterHours: 5 * DAY_HOURS },
    action: 'Nothing to file: until then the client may dispute last week\'s hours. Keep the Work Diary screenshots and memos for those hours.',
    sources: [article('211062158', 'Hourly disputes')],
    confidence: 'High',
    informational: true,
  },
  {
    id: 'hourly.funds-available',
    title: 'Hourly earnings become available',
    deadline: 'The Wednesday after the review week (about 10 days after the billing week ends).',
    startsWhen: 'The billing week ends.',
    timing: { kind: 'week', opensAfterHours: 9 * DAY_HOURS, closesAfterHours: 9 * DAY_HOURS },
    action: 'Nothing to do: last week\'s earnings become available to withdraw.',
    sources: [article('211063698', 'Hourly billing and payment schedule')],
    confidence: 'High',
    informational: true,
  },
  {
    id: 'hourly.freelancer-dispute-response',
    title: 'Respond to the hours dispute',
    deadline: '3 calendar days (older: 3 business days).',
    startsWhen: 'The client disputes hours (the contract is paused and its weekly limit set to 0).',
    timing: { kind: 'after', days: 3 },
    alternatives: [{ kind: 'after', days: 3, businessDays: true }],
    caveat: 'Older pages say 3 business days; this uses the earlier, 3 calendar days.',
    action: 'Respond to the hours dispute (with Work Diary evidence) before this time.',
    sources: [article('211068588', 'When a client disputes hours')],
    confidence: 'High',
  },
  {
    id: 'mediation-assistance',
    title: 'Ask Upwork to mediate released funds',
    deadline: '30 days to ask support to mediate already-released funds.',
    startsWhen: 'A payment is released (counted from the last payment).',
    timing: { kind: 'after', days: 30 },
    action: 'If something about the released payments is in dispute, contact Upwork support for mediation assistance before this time.',
    sources: [article('360000361107', 'Mediation assistance for released funds')],
    confidence: 'High',
  },
  {
    id: 'refund.freelancer-can-refund',
    title: 'Last day you can refund this payment',
    deadline: 'Freelancers can refund payments of the last 180 days.',
    startsWhen: 'The payment date.',
    timing: { kind: 'after', days: 180 },
    action: 'Nothing to do unless you mean to give a refund: after this, the payment can no longer be refunded from Upwork.',
    sources: [article('211062088', 'Give a refund')],
    confidence: 'High',
    informational: true,
  },
  {
    id: 'feedback.window',
    title: 'Feedback window closes',
    deadline: '14 days, ending at midnight UTC of day 14; double-blind.',
    startsWhen: 'The contract ends.',
    timing: { kind: 'utc-midnight', days: 14 },
    caveat: '"Midnight UTC of day 14" is read as the START of day 14 (the earlier reading).',
    action: 'Leave feedback for the client before this time (neither side sees the other\'s until both have left it or the window closes).',
    sources: [article('211068438', 'Feedback on completed contracts')],
    confidence: 'High',
  },
  {
    id: 'fixed.dormant',
    title: 'Contract becomes dormant',
    deadline: '90 days without activity.',
    startsWhen: 'The last activity on a funded fixed-price contract.',
    timing: { kind: 'after', days: 90 },
    caveat: 'Activity is counted from the last message or submission Casefile saw; there may be later activity.',
    action: 'Message the client or submit work before this time, or the contract may be closed as dormant.',
    sources: [article('360000990208', 'Dormant fixed-price contracts')],
    confidence: 'High',
  },
] as const satisfies readonly DeadlineRuleData[];

/** Used only to check RULES' shape before `RuleId` exists. */
type DeadlineRuleData = Omit<DeadlineRule, 'id'> & { id: string };

export type RuleId = (typeof RULES)[number]['id'];

export const RULES_BY_ID: ReadonlyMap<string, DeadlineRule> = new Map((RULES as readonly DeadlineRule[]).map((r) => [r.id, r]));

export function ruleById(id: string): DeadlineRule | undefined {
  return RULES_BY_ID.get(id);
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** N business days (Monday–Friday, judged in UTC) after `start`, keeping its time of day. */
export function addBusinessDays(start: Date, days: number): Date {
  let t = start.getTime();
  let left = days;
  while (left > 0) {
    t += DAY_MS;
    const weekday = new Date(t).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left -= 1;
  }
  return new Date(t);
}

/** The moment one timing gives for a start (for `week`: the start is the billing week's end). */
export function applyTiming(timing: Timing, start: Date): Date {
  switch (timing.kind) {
    case 'after':
      // Days are counted in UTC as 24-hour steps: no daylight-saving change applies in UTC.
      return timing.businessDays ? addBusinessDays(start, timing.days) : new Date(start.getTime() + timing.days * DAY_MS);
    case 'utc-midnight':
      return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate() + timing.days));
    case 'week': {
      const closes = start.getTime() + timing.closesAfterHours * HOUR_MS;
      // A window that "ends at 23:59" or "11:59" closes at the next full hour: its last second is shown.
      return new Date(timing.closesAfterHours > timing.opensAfterHours ? closes - 1000 : closes);
    }
  }
}

/**
 * The deadline a rule gives for a start: the earliest over the rule and its older versions, and
 * whether an older version gave the earliest (the caveat then matters even more).
 */
export function dueFor(rule: DeadlineRule, start: Date): Date {
  let earliest = applyTiming(rule.timing, start);
  for (const alt of rule.alternatives ?? []) {
    const t = applyTiming(alt, start);
    if (t.getTime() < earliest.getTime()) earliest = t;
  }
  return earliest;
}

/** The start of the UTC billing week (Monday 00:00 UTC) that contains `at`. */
export function billingWeekStart(at: Date): Date {
  const day = at.getUTCDay(); // 0 = Sunday
  const sinceMonday = (day + 6) % 7;
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() - sinceMonday));
}

/** When a `week` rule opens, for the billing week that ended at `weekEnd`. */
export function weekRuleOpens(rule: DeadlineRule, weekEnd: Date): Date | null {
  return rule.timing.kind === 'week' ? new Date(weekEnd.getTime() + rule.timing.opensAfterHours * HOUR_MS) : null;
}

/**
 * The hourly client-dispute window in force at `at`, or the next one: Monday 12:00:00 to Friday
 * 23:59:59 UTC after a billing week (REFERENCE §5, article 211062158). `open` says whether `at`
 * falls inside it.
 */
export function clientDisputeWindow(at: Date): { weekEnd: Date; opensAt: Date; closesAt: Date; open: boolean } {
  const rule = RULES_BY_ID.get('hourly.client-dispute-window')!;
  let weekEnd = billingWeekStart(at);
  if (at.getTime() > dueFor(rule, weekEnd).getTime()) weekEnd = new Date(weekEnd.getTime() + 7 * DAY_MS);
  const opensAt = weekRuleOpens(rule, weekEnd)!;
  const closesAt = dueFor(rule, weekEnd);
  return { weekEnd, opensAt, closesAt, open: at.getTime() >= opensAt.getTime() && at.getTime() <= closesAt.getTime() };
}
