import type { CaseRecord, ContractChange, ContractRecord, MessageRecord, NoteRecord } from './db/records';

/**
 * What Upwork support looks at for each kind of dispute (shared/upwork/REFERENCE.md §6: scope of
 * work, dates, proof of delivery, the messages on Upwork, revision requests, requests beyond scope,
 * a chronology), as data: each item says how to tell whether Casefile already holds it and, if
 * not, how to capture it.
 */
export interface CaseEvidence {
  contract: ContractRecord | null;
  snapshots: number;
  changes: ContractChange[];
  messages: MessageRecord[];
  notes: NoteRecord[];
  screenshots: number;
}

export interface ChecklistItem {
  id: string;
  label: string;
  present: (e: CaseEvidence) => boolean;
  /** Where to look in Casefile when present (a dashboard route). */
  link: (e: CaseEvidence) => string | null;
  howToCapture: string;
}

const contractLink = (e: CaseEvidence) => (e.contract ? `contracts/${e.contract.id}` : null);
const firstMessageLink = (pick: (m: MessageRecord) => boolean) => (e: CaseEvidence) => {
  const m = e.messages.find(pick);
  return m ? `rooms/${m.roomId}/${m.id}` : null;
};
const hasAttachment = (m: MessageRecord) => m.attachments.length > 0;
const system = (re: RegExp) => (m: MessageRecord) => m.kind === 'system' && re.test(m.text);
const SUBMITTED = /submitted|submission|request(ed)? payment/i;

const common: ChecklistItem[] = [
  {
    id: 'contract-terms',
    label: 'The contract’s terms as first recorded',
    present: (e) => e.snapshots > 0,
    link: contractLink,
    howToCapture: 'Open the contract’s workroom (Overview) on Upwork; Casefile records it on arrival.',
  },
  {
    id: 'conversation',
    label: 'The conversation on Upwork, complete from its first message',
    present: (e) => e.messages.length > 0,
    link: firstMessageLink(() => true),
    howToCapture: 'Open the message room and use “Capture whole conversation” in the Casefile popup.',
  },
  {
    id: 'chronology',
    label: 'A chronology of what happened',
    present: (e) => e.messages.length > 0 || e.changes.length > 0,
    link: () => null,
    howToCapture: 'Built from what Casefile holds: see the Timeline of this case.',
  },
];

export const CHECKLISTS: Record<CaseRecord['type'], ChecklistItem[]> = {
  'scope-creep': [
    ...common,
    {
      id: 'original-milestones',
      label: 'The original milestone descriptions',
      present: (e) => (e.contract?.milestones.some((m) => m.description.trim() !== '') ?? false) && e.snapshots > 0,
      link: contractLink,
      howToCapture: 'Open the workroom early, before milestones change; every later visit is compared with it.',
    },
    {
      id: 'changed-milestones',
      label: 'Milestones that changed after they were agreed',
      present: (e) => e.changes.some((c) => c.kind.startsWith('milestone') || c.kind === 'terms-changed'),
      link: contractLink,
      howToCapture: 'Visit the workroom again after a change; Casefile records the before and after.',
    },
    {
      id: 'requests-beyond-scope',
      label: 'Messages asking for work beyond the agreed scope',
      present: (e) => e.notes.some((n) => /scope/i.test(n.text)) || e.messages.some((m) => /(also|extra|additional|one more|could you add)/i.test(m.text) && m.kind === 'message'),
      link: firstMessageLink((m) => /(also|extra|additional|one more|could you add)/i.test(m.text) && m.kind === 'message'),
      howToCapture: 'Capture the conversation, then add a note to this case pointing at the requests.',
    },
  ],
  billing: [
    ...common,
    {
      id: 'funded-milestones',
      label: 'Funded milestones (money in escrow / project funds)',
      present: (e) => e.contract?.milestones.some((m) => /fund|escrow|active/i.test(m.status ?? '')) ?? false,
      link: contractLink,
      howToCapture: 'Open the workroom Overview, where milestones show “Active and funded”.',
    },
    {
      id: 'submissions',
      label: 'Proof of submission through “Submit work”',
      present: (e) => (e.contract?.milestones.some((m) => m.submittedAt !== null || SUBMITTED.test(m.status ?? '')) ?? false) || e.messages.some(system(SUBMITTED)),
      link: firstMessageLink(system(SUBMITTED)),
      howToCapture: 'Submit through “Submit work” (not only by message), then open the workroom so Casefile records it.',
    },
    {
      id: 'payments',
      label: 'Payments released or refused',
      present: (e) => e.messages.some(system(/payment|released|paid/i)) || (e.contract?.milestones.some((m) => m.paidAt !== null || /paid/i.test(m.status ?? '')) ?? false),
      link: firstMessageLink(system(/payment|released|paid/i)),
      howToCapture: 'Open the workroom and the conversation; payment events appear in both.',
    },
    {
      id: 'work-diary',
      label: 'For hourly contracts: the Work Diary of the disputed week',
      present: (e) => e.contract?.type !== 'hourly' || e.screenshots > 0,
      link: () => null,
      howToCapture: 'Open the workroom’s Timesheet for the week; Casefile keeps the page.',
    },
  ],
  quality: [
    ...common,
    {
      id: 'agreed-scope',
      label: 'What was agreed: milestone descriptions and instructions',
      present: (e) => e.contract?.milestones.some((m) => m.description.trim() !== '') ?? false,
      link: contractLink,
      howToCapture: 'Open the workroom Overview with its milestones.',
    },
    {
      id: 'deliveries',
      label: 'Delivered files (attachments in the conversation)',
      present: (e) => e.messages.some(hasAttachment),
      link: firstMessageLink(hasAttachment),
      howToCapture: 'Capture the whole conversation so every attachment you sent is listed with its time.',
    },
    {
      id: 'revisions',
      label: 'Revision requests and your answers',
      present: (e) => e.messages.some((m) => /revis|change request|feedback/i.test(m.text)),
      link: firstMessageLink((m) => /revis|change request|feedback/i.test(m.text)),
      howToCapture: 'Capture the conversation; add a note naming the revision rounds.',
    },
  ],
  other: common,
};
