import type { CasefileDb } from '../db/schema';
import { DisputeEvent, IsoUtc } from '../db/records';
import { CasefileError } from '../errors';
import { withAudit } from '../store';
import type { RuleId } from './rules';

/**
 * The events that start Upwork's clocks. Some Casefile sees in captures (system messages, milestone
 * and contract states); the others (a dispute filed, a mediator's proposal, a notice of
 * non-resolution) only the user knows, and adds from the popup. Every event records which it was
 * (`source: 'captured' | 'user'`).
 */
export interface EventType {
  label: string;
  /** The rules this event starts (all of them when the contract's type is unknown). */
  rules: RuleId[];
  /** Where the contract's type decides which clock starts. */
  rulesByType?: { hourly: RuleId[]; fixed: RuleId[] };
  /** Only on contracts of this type (a pause starts the hours-dispute clock on hourly contracts). */
  onlyFor?: 'hourly' | 'fixed';
  /** Offered in the popup's "Add event" (captured-only types are not). */
  userEntered: boolean;
  /** Shown beside deadlines the event starts. */
  caveat?: string;
}

export const EVENT_TYPES = {
  // A client's dispute is on hours for an hourly contract (3 days to respond, 211068588) and a
  // refund request on a fixed-price one (7 days to dispute it, 211068528); only freelancers file
  // fixed-price disputes (211062158), whose answer clock (5 days) is the client's.
  'client-dispute-filed': {
    label: 'Client filed a dispute',
    rules: ['hourly.freelancer-dispute-response', 'fixed.escrow-refund-response'],
    rulesByType: { hourly: ['hourly.freelancer-dispute-response'], fixed: ['fixed.escrow-refund-response'] },
    userEntered: true,
  },
  'freelancer-dispute-filed': {
    label: 'I filed a dispute (the client must respond)',
    rules: ['fixed.client-dispute-response'],
    userEntered: true,
  },
  'refund-requested': {
    label: 'Client requested a refund (or ended the contract with funds in escrow)',
    rules: ['fixed.escrow-refund-response'],
    userEntered: true,
  },
  'hours-disputed': {
    label: 'Client disputed hours',
    rules: ['hourly.freelancer-dispute-response'],
    userEntered: true,
  },
  'evidence-submitted': {
    label: 'Both sides submitted evidence to the mediator',
    rules: ['fixed.mediator-proposal'],
    userEntered: true,
  },
  'mediator-proposal': {
    label: "Mediator's proposal received",
    rules: ['fixed.proposal-accept'],
    userEntered: true,
  },
  'non-resolution-notice': {
    label: 'Notice of non-resolution received',
    rules: ['arbitration.accept'],
    userEntered: true,
  },
  'payment-released': {
    label: 'Payment released',
    rules: ['fixed.pending-available', 'mediation-assistance', 'refund.freelancer-can-refund'],
    userEntered: true,
  },
  'contract-ended': {
    label: 'Contract ended',
    rules: ['feedback.window'],
    userEntered: true,
  },
  // Recognised in captured system messages only.
  'dispute-filed': {
    label: 'A dispute was filed (system message)',
    rules: ['fixed.client-dispute-response'],
    userEntered: false,
  },
  'contract-paused': {
    label: 'Contract paused (system message)',
    rules: ['hourly.freelancer-dispute-response'],
    onlyFor: 'hourly',
    userEntered: false,
    caveat: 'A paused hourly contract usually means the client disputed hours; check the contract.',
  },
  'weekly-limit-zero': {
    label: 'Weekly limit set to 0 (system message)',
    rules: ['hourly.freelancer-dispute-response'],
    userEntered: false,
    caveat: 'A weekly limit set to 0 usually means the client disputed hours; check the contract.',
  },
  'limit-changed': {
    label: 'Weekly limit changed (system message)',
    rules: [],
    userEntered: false,
  },
} as const satisfies Record<string, EventType>;

export type EventTypeId = keyof typeof EVENT_TYPES;

export function eventType(id: string): EventType | undefined {
  return (EVENT_TYPES as Record<string, EventType>)[id];
}

/** The types offered in "Add event", in the order a dispute runs. */
export const USER_EVENT_TYPES = (Object.keys(EVENT_TYPES) as EventTypeId[]).filter((t) => EVENT_TYPES[t].userEntered);

export interface NewUserEvent {
  type: EventTypeId;
  contractId: string | null;
  occurredAt: string;
  note?: string;
}

/**
 * Records an event the user entered (Casefile could not see it), with its audit entry in the same
 * transaction. Deadlines follow at the next recompute.
 */
export async function addUserEvent(
  db: CasefileDb,
  input: NewUserEvent,
  options: { id?: string; at?: string } = {},
): Promise<DisputeEvent> {
  const type = eventType(input.type);
  if (!type?.userEntered) throw new CasefileError('invalid-request', `unknown event type ${input.type}`);
  const occurredAt = new Date(input.occurredAt);
  if (Number.isNaN(occurredAt.getTime())) throw new CasefileError('invalid-request', 'the event has no valid time');
  const at = options.at ?? new Date().toISOString();
  const event = DisputeEvent.parse({
    id: options.id ?? `user:${crypto.randomUUID()}`,
    contractId: input.contractId,
    caseId: null,
    type: input.type,
    occurredAt: IsoUtc.parse(occurredAt.toISOString()),
    source: 'user',
    captureId: null,
    note: (input.note ?? '').trim(),
  });
  await withAudit(db, ['disputeEvents'], at, async () => {
    await db.disputeEvents.add(event);
    return {
      result: undefined,
      audit: [
        {
          type: 'note',
          subject: `event:${event.id}`,
          details: { action: 'event-added', type: event.type, contractId: event.contractId, occurredAt: event.occurredAt, source: 'user' },
        },
      ],
    };
  });
  return event;
}
