// Types of sample-data.mjs for the TypeScript tests (the project does not compile JavaScript).
export type Variant = 'v1' | 'v2';
export declare const VARIANTS: readonly ['v1', 'v2'];

export interface Person {
  userId: string;
  orgId: string;
  name: string;
  role: 'freelancer' | 'client';
  company?: string;
  title?: string;
  location: string;
}
export declare const PEOPLE: { maya: Person; daniel: Person & { company: string }; sofia: Person & { company: string } };
export declare const USER_NAMES: Record<string, string>;

export declare const IDS: {
  fixedContractId: '38417205';
  hourlyContractId: '38420991';
  fixedRoomId: string;
  hourlyRoomId: string;
  interviewRoomId: string;
};

export declare const SUBMITTED_MILESTONE: {
  contractId: string;
  milestoneId: string;
  sequence: number;
  /** Unix ms, UTC */
  lastSubmissionCreatedTime: number;
  iso: string;
  labelNewYork: string;
};

export interface Milestone {
  id: string;
  sequence: number;
  /** shown as the milestone's name; the API's `description` */
  title: string;
  /** the longer text; the API's `instructions` */
  description: string;
  amountValue: number;
  /** "$600.00" */
  amount: string;
  /** "YYYY-MM-DD" */
  dueDate: string;
  state: 'PAID' | 'ACTIVE' | 'NOT_FUNDED';
  /** visible badge: "Paid", "Active and funded", "Not funded" */
  status: string;
  fundedAt: number | null;
  submittedAt: number | null;
  submissionCount: number;
  paidAt: number | null;
}

interface Party {
  userId: string;
  orgId: string;
  name: string;
}
interface ContractBase {
  id: string;
  title: string;
  status: 'active';
  statusLabel: string;
  client: Party & { company: string };
  freelancer: Party;
  createDate: string;
  startDate: string;
  startDateTime: number;
  roomId: string;
}
export interface FixedContract extends ContractBase {
  type: 'fixed';
  budgetValue: number;
  budget: string;
  escrowValue: number;
  escrow: string;
  paidValue: number;
  paid: string;
  milestones: Milestone[];
}
export interface TimesheetWeek {
  weekStart: string;
  minutes: number[];
  totalMinutes: number;
  amount: string;
}
export interface HourlyContract extends ContractBase {
  type: 'hourly';
  hourlyRateValue: number;
  /** "$45.00/hr" */
  hourlyRate: string;
  weeklyLimitHours: number;
  /** "20 hrs/week" */
  weeklyLimit: string;
  timesheet: TimesheetWeek[];
}
export type Contract = FixedContract | HourlyContract;

export interface Money {
  rawValue: string;
  currency: 'USD';
  displayValue: string;
}
export interface ApiMilestone {
  id: string;
  sequenceId: number;
  description: string;
  instructions: string;
  dueDateTime: string;
  state: Milestone['state'];
  depositAmount: Money;
  fundedAmount: Money;
  currentEscrowAmount: Money;
  paid: Money;
  submissionCount: number;
  lastSubmissionCreatedTime: number | null;
  submissionEvents: { createdDateTime: number; type: 'SUBMITTED' }[];
}
export interface ContractApiJson {
  contract: {
    id: string;
    contractType: 'FIXED_PRICE' | 'HOURLY';
    hourlyChargeRate: Money | null;
    weeklyHoursLimit: number | null;
    status: 'ACTIVE';
    paused: boolean;
    startDateTime: number;
    endDateTime: number | null;
    clientCompany: { id: string; name: string };
    client: { id: string; name: string };
    freelancer: { id: string; name: string };
    milestones: ApiMilestone[];
  };
  contractDetails: {
    id: string;
    title: string;
    status: 'ACTIVE';
    closingReason: string | null;
    createDate: string;
    startDate: string;
    endDate: string | null;
    terms: {
      fixedPriceTerms: { fixedAmount: Money; milestones: ApiMilestone[] }[];
      hourlyTerms: { hourlyRate: Money; weeklyHoursLimit: number }[];
    };
  };
  room: { id: string; contractId: string };
}

export interface Room {
  roomId: string;
  roomName: string;
  topic: string;
  roomType: 'ONE_ON_ONE' | 'INTERVIEW';
  contractId: string | null;
  counterpart: { userId: string; name: string; orgId: string; company: string };
}

export interface Attachment {
  objectReferenceId: string;
  objectType: 'FILE' | 'IMAGE';
  name: string;
  /** exact byte length served */
  size: number;
  /** "2.4 MB" */
  sizeLabel: string;
  mimeType: string;
  url: string;
  thumbnailUrl?: string;
  deleted?: true;
  createdDateTime?: number;
}

/** A story as the stories API returns it. */
export interface Story {
  storyId: string;
  roomId: string;
  userId: string;
  message: string;
  /** Unix ms, UTC */
  created: number;
  isSystemStory: 0 | 1;
  deleted: 0 | 1;
  attachments?: Attachment[];
  /** Unix ms of the last edit (v2's edited story only) */
  updated?: number;
}

export declare function seededRandom(seed: number): () => number;
export declare function formatUsd(amount: number): string;
export declare function sizeLabel(bytes: number): string;
export declare function money(amount: number): Money;
export declare function contracts(variant?: Variant): [FixedContract, HourlyContract];
export declare function contractById(id: string, variant?: Variant): Contract | null;
export declare function contractApiJson(id: string, variant?: Variant): ContractApiJson | null;
export declare function rooms(): Room[];
export declare function roomById(roomId: string): Room | null;
export declare const ATTACHMENTS: Record<
  'brandGuide' | 'catalog' | 'moodboard' | 'wireframe' | 'mockups' | 'themeDraft' | 'theme' | 'previewShot' | 'importReport',
  Attachment
>;
export declare function allAttachments(): Attachment[];
/** Every story of a room, oldest first, deleted ones included. */
export declare function stories(roomId: string, variant?: Variant): Story[];
/** The stories a reader sees (deleted ones left out), oldest first. */
export declare function visibleStories(roomId: string, variant?: Variant): Story[];
export declare function storyIdOf(roomId: string, key: string): string;

export declare const KEY_STORIES: {
  contractStarted: string;
  scopeConfirmation: string;
  m1Submitted: string;
  m1Paid: string;
  m2Approval: string;
  m3Delivery: string;
  m3Submitted: string;
  scopeCreep: string;
  hostileImg: string;
  hostileScript: string;
  bidi: string;
  longMessage: string;
  deletedInV1: string;
  deletedAttachment: string;
  imageAttachment: string;
  dstFirst: string;
  dstSecond: string;
  lastV1: string;
  hourlyLimitRaised: string;
  hourlyLimitLoweredV2: string;
};

export declare const V2_CHANGES: {
  editedStory: { roomId: string; storyId: string; textV1: string; textV2: string; updated: number };
  removedStory: { roomId: string; storyId: string; textV1: string; previousStoryId: string; nextStoryId: string };
  addedStories: { roomId: string; storyId: string }[];
  milestoneAmountChanged: { contractId: string; milestoneId: string; from: string; to: string };
  milestoneDescriptionChanged: { contractId: string; milestoneId: string; from: string; to: string };
  milestoneAdded: { contractId: string; milestoneId: string; title: string; amount: string };
  budgetChanged: { contractId: string; from: string; to: string };
  weeklyLimitChanged: { contractId: string; from: number; to: number };
};

export declare const SAMPLE: {
  freelancer: Person;
  client: Person & { company: string };
  people: typeof PEOPLE;
  ids: typeof IDS;
  contracts: { fixed: FixedContract; hourly: HourlyContract };
  contractsV2: { fixed: FixedContract; hourly: HourlyContract };
  rooms: { fixed: Room; hourly: Room; interview: Room };
  submittedMilestone: typeof SUBMITTED_MILESTONE;
  keyStories: typeof KEY_STORIES;
  v2Changes: typeof V2_CHANGES;
  pageSize: number;
};
