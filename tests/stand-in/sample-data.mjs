// Fictional sample data for the stand-in marketplace: one freelancer, her client, a fixed-price and
// an hourly contract, and their message rooms. Every person, company, id and link is invented.
//
// Everything is deterministic: conversations are generated with a seeded PRNG (mulberry32) and
// ids are derived from SHA-256 of fixed labels, so every run serves the same bytes and tests can
// import the expected values from here.
//
// Two variants: `v1` (first visit) and `v2` (a later visit: one message edited, one removed, two new
// messages, milestones rewritten, weekly limit lowered). V2_CHANGES lists every difference.
import { createHash } from 'node:crypto';

// ---------------------------------------------------------------------------------------------
// Small deterministic helpers

/** mulberry32: a tiny seeded PRNG returning floats in [0, 1). */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 32 lowercase hex characters derived from fixed labels (stable whatever else changes). */
function hex32(...labels) {
  return createHash('sha256').update(labels.join('\u0000')).digest('hex').slice(0, 32);
}

const at = (iso) => Date.parse(iso);

/** "$2,400.00" */
export function formatUsd(amount) {
  return `$${amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** Upwork-style file size label: "2.4 MB", "312 KB". */
export function sizeLabel(bytes) {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** Money as Upwork's GraphQL returns it (REFERENCE §4 money fields). */
export function money(amount) {
  return { rawValue: amount.toFixed(2), currency: 'USD', displayValue: formatUsd(amount) };
}

export const VARIANTS = /** @type {const} */ (['v1', 'v2']);

// ---------------------------------------------------------------------------------------------
// People

export const PEOPLE = {
  maya: {
    userId: '1450932871234567890',
    orgId: '1450932871234560512',
    name: 'Maya Okafor',
    role: 'freelancer',
    title: 'Shopify developer and designer',
    location: 'Lagos, Nigeria',
  },
  daniel: {
    userId: '1387209456612908544',
    orgId: '1387209456612900864',
    name: 'Daniel Reyes',
    role: 'client',
    company: 'Harbor & Finch Studio',
    location: 'Portland, Maine, United States',
  },
  sofia: {
    userId: '1502938475610293847',
    orgId: '1502938475610290176',
    name: 'Sofia Lindqvist',
    role: 'client',
    company: 'Northbeam Analytics',
    location: 'Gothenburg, Sweden',
  },
};
const MAYA = PEOPLE.maya;
const DANIEL = PEOPLE.daniel;
const SOFIA = PEOPLE.sofia;

// ---------------------------------------------------------------------------------------------
// Ids

export const IDS = {
  fixedContractId: '38417205',
  hourlyContractId: '38420991',
  fixedRoomId: 'room_7c3e91a45b2d4f0e8a6b19d2c5f3e870',
  hourlyRoomId: 'room_2b8f4d6a9e1c43b7a05d8e2f6c91b4a3',
  interviewRoomId: 'room_e4a19c7b3d5f4e2a8b6c0d9f1a2b3c4d',
};

/** The milestone submitted through "Submit work": deadline code starts the 14-day clock here. */
export const SUBMITTED_MILESTONE = {
  contractId: IDS.fixedContractId,
  milestoneId: '51873003',
  sequence: 3,
  /** Unix ms, UTC: Friday 20 November 2026, 20:15 UTC (3:15 PM in New York). */
  lastSubmissionCreatedTime: at('2026-11-20T20:15:00Z'),
  iso: '2026-11-20T20:15:00.000Z',
  /** The visible label in New York time; other zones render their own local time. */
  labelNewYork: 'Submitted Nov 20, 2026 3:15 PM',
};

// ---------------------------------------------------------------------------------------------
// Contracts

const FIXED_TITLE = 'Shopify storefront redesign and product import';
const HOURLY_TITLE = 'Ongoing Shopify maintenance and app support';

/**
 * Milestones of the fixed-price contract. `title` is what the workroom shows as the milestone's
 * name; Upwork's API calls it `description`, and the longer text `instructions` (REFERENCE §4).
 */
function fixedMilestones(variant) {
  const v2 = variant === 'v2';
  const list = [
    {
      id: '51873001',
      sequence: 1,
      title: 'Design mockups and theme setup',
      description:
        'Moodboard, homepage wireframe and full mockups for the home, collection, product and cart pages; base theme installed on a preview copy of the store.',
      amountValue: 600,
      dueDate: '2026-09-21',
      state: 'PAID',
      status: 'Paid',
      fundedAt: at('2026-09-03T13:59:00Z'),
      submittedAt: at('2026-09-18T16:42:00Z'),
      submissionCount: 1,
      paidAt: at('2026-09-21T15:32:00Z'),
    },
    {
      id: '51873002',
      sequence: 2,
      title: 'Storefront build: home, collection and product pages',
      description:
        'Build the approved designs as a Shopify 2.0 theme: home, collection (with filters) and product templates, cart drawer, mobile navigation.',
      amountValue: 600,
      dueDate: '2026-10-19',
      state: 'PAID',
      status: 'Paid',
      fundedAt: at('2026-09-21T15:33:00Z'),
      submittedAt: at('2026-10-14T18:22:00Z'),
      submissionCount: 1,
      paidAt: at('2026-10-19T14:00:00Z'),
    },
    {
      id: SUBMITTED_MILESTONE.milestoneId,
      sequence: 3,
      title: 'Product import (480 SKUs) and QA',
      description: v2
        ? 'Import all products from the supplied spreadsheet, with every size and colour variant as its own SKU, plus images, prices and inventory; QA report listing every warning.'
        : 'Import all 480 SKUs (variants included) from the supplied spreadsheet, with images, prices and inventory; QA report listing every warning.',
      amountValue: 600,
      dueDate: '2026-11-23',
      state: 'ACTIVE',
      status: 'Active and funded',
      fundedAt: at('2026-10-19T14:01:00Z'),
      submittedAt: SUBMITTED_MILESTONE.lastSubmissionCreatedTime,
      submissionCount: 1,
      paidAt: null,
    },
    {
      id: '51873004',
      sequence: 4,
      title: 'Launch support and handover',
      description: 'Go-live, two weeks of launch fixes, and a recorded handover walkthrough of the theme and apps.',
      amountValue: v2 ? 450 : 600,
      dueDate: '2026-12-14',
      state: 'NOT_FUNDED',
      status: 'Not funded',
      fundedAt: null,
      submittedAt: null,
      submissionCount: 0,
      paidAt: null,
    },
  ];
  if (v2) {
    list.push({
      id: '51873005',
      sequence: 5,
      title: 'Size guide popup and winter lookbook page',
      description: 'A size guide popup on product pages and a winter lookbook landing page built from the supplied photos.',
      amountValue: 300,
      dueDate: '2026-12-21',
      state: 'NOT_FUNDED',
      status: 'Not funded',
      fundedAt: null,
      submittedAt: null,
      submissionCount: 0,
      paidAt: null,
    });
  }
  return list.map((m) => ({ ...m, amount: formatUsd(m.amountValue) }));
}

function fixedContract(variant) {
  const milestones = fixedMilestones(variant);
  const budgetValue = milestones.reduce((sum, m) => sum + m.amountValue, 0);
  const escrowValue = milestones.filter((m) => m.fundedAt !== null && m.paidAt === null).reduce((s, m) => s + m.amountValue, 0);
  const paidValue = milestones.filter((m) => m.paidAt !== null).reduce((s, m) => s + m.amountValue, 0);
  return {
    id: IDS.fixedContractId,
    type: 'fixed',
    title: FIXED_TITLE,
    status: 'active',
    statusLabel: 'Active',
    client: { userId: DANIEL.userId, orgId: DANIEL.orgId, name: DANIEL.name, company: DANIEL.company },
    freelancer: { userId: MAYA.userId, orgId: MAYA.orgId, name: MAYA.name },
    createDate: '2026-09-02',
    startDate: '2026-09-03',
    startDateTime: at('2026-09-03T13:58:00Z'),
    roomId: IDS.fixedRoomId,
    budgetValue,
    budget: formatUsd(budgetValue),
    escrowValue,
    escrow: formatUsd(escrowValue),
    paidValue,
    paid: formatUsd(paidValue),
    milestones,
  };
}

/** Billing weeks (Monday to Sunday, UTC) of the hourly contract, minutes per day Mon..Sun. */
const HOURLY_WEEKS = [
  { weekStart: '2026-10-12', minutes: [120, 90, 150, 60, 150, 0, 0] },
  { weekStart: '2026-10-19', minutes: [120, 120, 90, 150, 120, 0, 0] },
  { weekStart: '2026-10-26', minutes: [240, 180, 210, 180, 180, 60, 0] },
  { weekStart: '2026-11-02', minutes: [240, 240, 240, 210, 240, 0, 0] },
  { weekStart: '2026-11-09', minutes: [240, 240, 240, 240, 240, 0, 0] },
  { weekStart: '2026-11-16', minutes: [240, 210, 240, 240, 165, 0, 0] },
];

function hourlyContract(variant) {
  const weeklyLimitHours = variant === 'v2' ? 15 : 20;
  const rate = 45;
  return {
    id: IDS.hourlyContractId,
    type: 'hourly',
    title: HOURLY_TITLE,
    status: 'active',
    statusLabel: 'Active',
    client: { userId: DANIEL.userId, orgId: DANIEL.orgId, name: DANIEL.name, company: DANIEL.company },
    freelancer: { userId: MAYA.userId, orgId: MAYA.orgId, name: MAYA.name },
    createDate: '2026-10-09',
    startDate: '2026-10-12',
    startDateTime: at('2026-10-12T14:00:00Z'),
    roomId: IDS.hourlyRoomId,
    hourlyRateValue: rate,
    hourlyRate: `${formatUsd(rate)}/hr`,
    weeklyLimitHours,
    weeklyLimit: `${weeklyLimitHours} hrs/week`,
    timesheet: HOURLY_WEEKS.map((w) => {
      const total = w.minutes.reduce((a, b) => a + b, 0);
      return { ...w, totalMinutes: total, amount: formatUsd((total / 60) * rate) };
    }),
  };
}

/** Both contracts as seen in one variant. */
export function contracts(variant = 'v1') {
  return [fixedContract(variant), hourlyContract(variant)];
}

export function contractById(id, variant = 'v1') {
  return contracts(variant).find((c) => c.id === id) ?? null;
}

/**
 * A contract as Upwork's own API names things (REFERENCE §4: Contract, ContractDetails, Milestone),
 * as carried by the workroom's `__NUXT_DATA__` payload. Conventions of this stand-in (Low
 * confidence, invented): money is `{ rawValue, currency, displayValue }`; instants
 * (`startDateTime`, `lastSubmissionCreatedTime`, `submissionEvents[].createdDateTime`) are Unix ms
 * numbers; dates (`createDate`, `startDate`, `dueDateTime`) are "YYYY-MM-DD" strings; a milestone's
 * `description` is its short name and `instructions` its longer text; `state` is one of PAID,
 * ACTIVE (funded), NOT_FUNDED.
 */
export function contractApiJson(id, variant = 'v1') {
  const c = contractById(id, variant);
  if (!c) return null;
  const fixed = c.type === 'fixed';
  const milestones = fixed
    ? c.milestones.map((m) => ({
        id: m.id,
        sequenceId: m.sequence,
        description: m.title,
        instructions: m.description,
        dueDateTime: m.dueDate,
        state: m.state,
        depositAmount: money(m.amountValue),
        fundedAmount: money(m.fundedAt !== null ? m.amountValue : 0),
        currentEscrowAmount: money(m.fundedAt !== null && m.paidAt === null ? m.amountValue : 0),
        paid: money(m.paidAt !== null ? m.amountValue : 0),
        submissionCount: m.submissionCount,
        lastSubmissionCreatedTime: m.submittedAt,
        submissionEvents: m.submittedAt !== null ? [{ createdDateTime: m.submittedAt, type: 'SUBMITTED' }] : [],
      }))
    : [];
  return {
    contract: {
      id: c.id,
      contractType: fixed ? 'FIXED_PRICE' : 'HOURLY',
      hourlyChargeRate: fixed ? null : money(c.hourlyRateValue),
      weeklyHoursLimit: fixed ? null : c.weeklyLimitHours,
      status: 'ACTIVE',
      paused: false,
      startDateTime: c.startDateTime,
      endDateTime: null,
      clientCompany: { id: c.client.orgId, name: c.client.company },
      client: { id: c.client.userId, name: c.client.name },
      freelancer: { id: c.freelancer.userId, name: c.freelancer.name },
      milestones,
    },
    contractDetails: {
      id: c.id,
      title: c.title,
      status: 'ACTIVE',
      closingReason: null,
      createDate: c.createDate,
      startDate: c.startDate,
      endDate: null,
      terms: {
        fixedPriceTerms: fixed ? [{ fixedAmount: money(c.budgetValue), milestones }] : [],
        hourlyTerms: fixed ? [] : [{ hourlyRate: money(c.hourlyRateValue), weeklyHoursLimit: c.weeklyLimitHours }],
      },
    },
    room: { id: c.roomId, contractId: c.id },
  };
}

// ---------------------------------------------------------------------------------------------
// Rooms

const ROOMS = [
  {
    roomId: IDS.fixedRoomId,
    roomName: DANIEL.name,
    topic: FIXED_TITLE,
    roomType: 'ONE_ON_ONE',
    contractId: IDS.fixedContractId,
    counterpart: { userId: DANIEL.userId, name: DANIEL.name, orgId: DANIEL.orgId, company: DANIEL.company },
  },
  {
    roomId: IDS.hourlyRoomId,
    roomName: DANIEL.name,
    topic: HOURLY_TITLE,
    roomType: 'ONE_ON_ONE',
    contractId: IDS.hourlyContractId,
    counterpart: { userId: DANIEL.userId, name: DANIEL.name, orgId: DANIEL.orgId, company: DANIEL.company },
  },
  {
    roomId: IDS.interviewRoomId,
    roomName: SOFIA.name,
    topic: 'Shopify Plus dashboard integration',
    roomType: 'INTERVIEW',
    contractId: null,
    counterpart: { userId: SOFIA.userId, name: SOFIA.name, orgId: SOFIA.orgId, company: SOFIA.company },
  },
];

/** Room descriptions (without stories). */
export function rooms() {
  return ROOMS.map((r) => ({ ...r, counterpart: { ...r.counterpart } }));
}

export function roomById(roomId) {
  return rooms().find((r) => r.roomId === roomId) ?? null;
}

/** Display names by user id, for rendering senders. */
export const USER_NAMES = Object.fromEntries(Object.values(PEOPLE).map((p) => [p.userId, p.name]));

// ---------------------------------------------------------------------------------------------
// Attachments

/**
 * @param {string} name file name
 * @param {number} size exact byte length served
 * @param {string} mimeType
 * @param {{ deleted?: boolean }} [opts]
 */
function attachment(name, size, mimeType, opts = {}) {
  const id = hex32('attachment', name).slice(0, 24);
  const image = mimeType.startsWith('image/');
  const objectReferenceId = `att_${id}`;
  return {
    objectReferenceId,
    objectType: image ? 'IMAGE' : 'FILE',
    name,
    size,
    sizeLabel: sizeLabel(size),
    mimeType,
    // REFERENCE §2: attachment links contain `/messages/att` or `/messages/files`.
    url: image ? `/messages/files/${objectReferenceId}/${encodeURIComponent(name)}` : `/messages/att/${objectReferenceId}/${encodeURIComponent(name)}`,
    ...(image ? { thumbnailUrl: `/messages/files/${objectReferenceId}/thumbnail` } : {}),
    ...(opts.deleted ? { deleted: true } : {}),
  };
}

const MB = 1024 * 1024;
const KB = 1024;
export const ATTACHMENTS = {
  brandGuide: attachment('harbor-finch-brand-guide.pdf', Math.round(4.1 * MB), 'application/pdf'),
  catalog: attachment('product-catalog-2026.xlsx', 845 * KB, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
  moodboard: attachment('moodboard-directions.png', Math.round(1.3 * MB), 'image/png'),
  wireframe: attachment('homepage-wireframe.pdf', 980 * KB, 'application/pdf'),
  mockups: attachment('harbor-finch-mockups-v1.pdf', Math.round(2.4 * MB), 'application/pdf'),
  themeDraft: attachment('theme-export-draft.zip', Math.round(3.6 * MB), 'application/zip', { deleted: true }),
  theme: attachment('harbor-finch-theme-v0.3.zip', Math.round(3.2 * MB), 'application/zip'),
  previewShot: attachment('product-page-preview.png', 612 * KB, 'image/png'),
  importReport: attachment('product-import-report.csv', 312 * KB, 'text/csv'),
};

/** Every attachment (for the server's file routes). */
export function allAttachments() {
  return Object.values(ATTACHMENTS);
}

// ---------------------------------------------------------------------------------------------
// Conversations

/** The ~20,000-character message: a pasted import log. */
function longImportLog() {
  const colours = ['navy', 'sand', 'rust', 'moss', 'charcoal', 'oat'];
  const kinds = ['Crew tee', 'Wool scarf', 'Canvas tote', 'Field jacket', 'Beanie', 'Linen shirt', 'Chino', 'Rain shell'];
  const sizes = ['XS', 'S', 'M', 'L', 'XL'];
  const rand = seededRandom(4242);
  const lines = ['Dry run of the product import (first pass) — full log below so you can check the rows.', ''];
  let row = 1;
  let length = lines.join('\n').length;
  while (length < 19_900) {
    const kind = kinds[Math.floor(rand() * kinds.length)];
    const colour = colours[Math.floor(rand() * colours.length)];
    const size = sizes[Math.floor(rand() * sizes.length)];
    const r = rand();
    const result = r < 0.9 ? 'OK' : r < 0.97 ? 'WARN missing alt text' : 'WARN weight missing';
    const line = `row ${String(row).padStart(4, '0')}  HF-${String(100 + row).padStart(4, '0')}  ${kind} / ${colour} / ${size}  ${result}`;
    lines.push(line);
    length += line.length + 1;
    row += 1;
  }
  lines.push('', 'Summary: every row parsed; warnings are listed above.');
  return lines.join('\n');
}

/**
 * Scripted stories of the fixed-price room, in time order. `key` names a story that tests refer to;
 * its storyId is derived from the key, so it stays stable whatever the filler generator does.
 */
function fixedRoomScript() {
  const M = MAYA.userId;
  const D = DANIEL.userId;
  return [
    { key: 'contract-started', t: '2026-09-03T13:58:00Z', u: D, sys: 1, text: 'Contract started' },
    { key: 'm1-funded', t: '2026-09-03T13:59:00Z', u: D, sys: 1, text: 'Milestone 1 funded: Design mockups and theme setup ($600.00)' },
    {
      key: 'welcome',
      t: '2026-09-03T14:05:00Z',
      u: D,
      text: "Hi Maya, welcome aboard! 🎉 Really glad to have you on this.\n\nI've attached our brand guide and the current product spreadsheet. Let me know if anything is missing.",
      att: [ATTACHMENTS.brandGuide, ATTACHMENTS.catalog],
    },
    {
      key: 'plan',
      t: '2026-09-03T14:21:00Z',
      u: M,
      text: "Thanks Daniel, excited to start!\n\nHere's how I'd plan the first two weeks:\n- Audit the current theme and apps\n- Moodboard and homepage wireframe by Sep 9\n- Full mockups (home, collection, product, cart) by Sep 18\n\nDoes that work for you?",
    },
    { key: 'staff-account', t: '2026-09-03T14:24:30Z', u: M, text: "Also, could you add me as a staff account on the store? I'll need **Themes** and **Products** permissions." },
    { key: 'staff-sent', t: '2026-09-03T14:40:00Z', u: D, text: 'Works for me. Staff invite sent to your email.' },
    {
      key: 'scope-confirmation',
      t: '2026-09-04T15:10:00Z',
      u: D,
      text: 'Just to confirm scope for the import: it is 480 SKUs total, including all variants (sizes and colours). Nothing else on top of that.',
    },
    { key: 'scope-ack', t: '2026-09-04T15:18:00Z', u: M, text: "Perfect: 480 SKUs including variants. I'll plan the import around that." },
    {
      key: 'moodboard',
      t: '2026-09-09T16:02:00Z',
      u: M,
      text: 'Moodboard and homepage wireframe attached. Two directions:\n- **Harbor**: navy, serif headings, lots of white space\n- **Finch**: warm neutrals, rounded corners, bigger photography',
      att: [ATTACHMENTS.moodboard, ATTACHMENTS.wireframe],
    },
    { key: 'finch', t: '2026-09-10T13:45:00Z', u: D, text: 'Finch, definitely. Can the hero use the lifestyle photo from our autumn lookbook?' },
    {
      key: 'mockups',
      t: '2026-09-18T16:40:00Z',
      u: M,
      text: 'Full mockups are ready: https://www.figma.com/file/hf-storefront-mockups (view-only link)\n\nPDF export attached as well.',
      att: [ATTACHMENTS.mockups],
    },
    { key: 'm1-submitted', t: '2026-09-18T16:42:00Z', u: M, sys: 1, text: 'Milestone 1 submitted for review' },
    { key: 'm1-approved', t: '2026-09-21T15:30:00Z', u: D, text: 'These look great. Approving now.' },
    { key: 'm1-paid', t: '2026-09-21T15:32:00Z', u: D, sys: 1, text: 'Payment of $600.00 released for Milestone 1' },
    { key: 'm2-funded', t: '2026-09-21T15:33:00Z', u: D, sys: 1, text: 'Milestone 2 funded: Storefront build: home, collection and product pages ($600.00)' },
    { key: 'theme-draft', t: '2026-09-24T17:05:00Z', u: M, text: 'Uploading the theme export.', att: [ATTACHMENTS.themeDraft] },
    { key: 'theme-fixed', t: '2026-09-24T17:07:00Z', u: M, text: 'Sorry, wrong file — ignore that zip. The correct one is attached here.', att: [ATTACHMENTS.theme] },
    {
      key: 'hostile-img',
      t: '2026-10-05T15:12:00Z',
      u: M,
      text: "Found this inside one of the old product descriptions, I'll strip it during the import:\n<img src=x onerror=alert(1)>",
    },
    { key: 'hostile-script', t: '2026-10-06T14:02:00Z', u: D, text: 'Our previous developer left this in the theme. Safe to delete?\n\n<script>alert("x")</script>' },
    { key: 'hostile-script-answer', t: '2026-10-06T14:20:00Z', u: M, text: "Yes, it does nothing useful. I'll remove it from `layout/theme.liquid`." },
    { key: 'deleted-v1', t: '2026-10-08T19:44:00Z', u: D, text: '', deleted: 1 },
    {
      key: 'bidi',
      t: '2026-10-09T13:31:00Z',
      u: D,
      text: 'Our accountant sent the supplier invoice, the file is called invoice_2026_10\u202Efdp.exe — can you check it opens?',
    },
    { key: 'bidi-answer', t: '2026-10-09T13:50:00Z', u: M, text: "Careful: that name is reversed with a control character, it's really an .exe file. Please don't open it." },
    {
      key: 'preview-link',
      t: '2026-10-14T17:50:00Z',
      u: M,
      text: 'Collection and product templates are live on the preview theme: https://harbor-finch.myshopify.com/?preview_theme_id=128734 — let me know what you think.',
      att: [ATTACHMENTS.previewShot],
    },
    {
      key: 'm2-approval',
      t: '2026-10-14T18:05:00Z',
      u: D,
      text: "Approved — the collection and product pages look great. Go ahead and submit milestone 2 whenever you're ready.",
    },
    { key: 'm2-thanks', t: '2026-10-14T18:20:00Z', u: M, text: 'Thank you! Submitting milestone 2 now.' },
    { key: 'm2-submitted', t: '2026-10-14T18:22:00Z', u: M, sys: 1, text: 'Milestone 2 submitted for review' },
    { key: 'm2-paid', t: '2026-10-19T14:00:00Z', u: D, sys: 1, text: 'Payment of $600.00 released for Milestone 2' },
    { key: 'm3-funded', t: '2026-10-19T14:01:00Z', u: D, sys: 1, text: 'Milestone 3 funded: Product import (480 SKUs) and QA ($600.00)' },
    // US daylight saving time ends on 1 November 2026: both of these read "1:30 AM" in New York.
    { key: 'dst-first', t: '2026-11-01T05:30:00Z', u: D, text: "Can't sleep. Random thought: could we add a size guide popup on product pages?" },
    { key: 'dst-second', t: '2026-11-01T06:30:00Z', u: D, text: 'Not urgent, just writing it down before I forget 😅' },
    { key: 'long-log', t: '2026-11-10T16:20:00Z', u: M, text: longImportLog() },
    {
      key: 'm3-delivery',
      t: '2026-11-20T20:10:00Z',
      u: M,
      text: "I've submitted milestone 3 through **Submit work**. Import report attached: 480 SKUs imported, 0 errors, 12 warnings (missing alt text, all listed in the report).",
      att: [ATTACHMENTS.importReport],
    },
    { key: 'm3-submitted', t: SUBMITTED_MILESTONE.iso, u: M, sys: 1, text: 'Milestone 3 submitted for review' },
    {
      key: 'scope-creep',
      t: '2026-11-21T14:30:00Z',
      u: D,
      text: 'Thanks. Before I approve: could you also import the 60 new winter SKUs and the size variants? I thought those were included.',
    },
    {
      key: 'scope-reply',
      t: '2026-11-21T15:02:00Z',
      u: M,
      text: 'The agreed scope was 480 SKUs including variants (your message of Sep 4). Happy to do the winter SKUs as a separate milestone; I can send a quote today.',
    },
    { key: 'last-v1', t: '2026-11-23T16:00:00Z', u: D, text: 'Let me check with my partner and get back to you.' },
    // Only in v2 (a later visit):
    { key: 'v2-new-1', v2: true, t: '2026-11-24T15:00:00Z', u: D, text: "We've adjusted the milestones, please take a look at the contract." },
    {
      key: 'v2-new-2',
      v2: true,
      t: '2026-11-24T15:40:00Z',
      u: M,
      text: "I see milestone 3's description changed after I submitted it. My submission stands as delivered; the original scope is in our messages above.",
    },
  ];
}

const EDITED_TEXT_V2 =
  'Just to confirm scope for the import: it is 480 SKUs total, not counting variants — sizes and colours come on top of that.';
const EDITED_AT_V2 = at('2026-11-23T02:14:00Z');

function hourlyRoomScript() {
  const M = MAYA.userId;
  const D = DANIEL.userId;
  return [
    { key: 'contract-started', t: '2026-10-12T14:00:00Z', u: D, sys: 1, text: 'Contract started' },
    {
      key: 'kickoff',
      t: '2026-10-12T14:05:00Z',
      u: D,
      text: "Hi Maya, this one is for ongoing maintenance while the redesign wraps up. Let's start at 10 hrs/week and see how it goes.",
    },
    { key: 'kickoff-ack', t: '2026-10-12T14:30:00Z', u: M, text: "Sounds good. I'll log time with the desktop app and add a memo to every segment." },
    { key: 'limit-raised', t: '2026-10-26T13:00:00Z', u: D, sys: 1, text: 'Old limit: 10 hrs/week New limit: 20 hrs/week' },
    { key: 'limit-raised-note', t: '2026-10-26T13:04:00Z', u: D, text: 'Raised the limit to 20 hours for the holiday preparations.' },
    { key: 'last-v1', t: '2026-11-23T17:10:00Z', u: M, text: 'Weekly summary:\n- Holiday banner scheduled\n- Gift card product added\n- Checkout tested on Safari and Chrome' },
    // Only in v2:
    { key: 'v2-limit-lowered', v2: true, t: '2026-11-24T16:10:00Z', u: D, sys: 1, text: 'Old limit: 20 hrs/week New limit: 15 hrs/week' },
  ];
}

function interviewRoomScript() {
  const M = MAYA.userId;
  const S = SOFIA.userId;
  return [
    {
      key: 'intro',
      t: '2026-11-16T09:12:00Z',
      u: S,
      text: 'Hi Maya, I came across your profile. We need a Shopify Plus store connected to our sales dashboard. Would you be available in December?',
    },
    { key: 'reply', t: '2026-11-16T10:40:00Z', u: M, text: 'Hi Sofia, thanks for reaching out! I could start in the second week of December. Which dashboard do you use?' },
    { key: 'details', t: '2026-11-16T11:02:00Z', u: S, text: 'Our own, built on PostgreSQL. We need orders and refunds synced every hour.' },
    { key: 'details-2', t: '2026-11-16T11:03:10Z', u: S, text: 'Budget is around $3,000 for the first phase.' },
    { key: 'call', t: '2026-11-17T08:30:00Z', u: M, text: 'That works. Could we have a 30-minute call on Thursday to go through the data model?' },
    { key: 'call-ok', t: '2026-11-17T09:15:00Z', u: S, text: 'Thursday 14:00 CET works. Talk then!' },
  ];
}

/** Lines for the generated part of the conversations, by phase and sender. */
const FILLER = {
  acks: {
    maya: ['Thanks!', 'Will do.', 'On it.', 'Got it, thanks.', 'Sounds good 👍', 'Noted.', 'Perfect, thank you.'],
    daniel: ['Thanks!', 'Great, thanks Maya!', 'Sounds good.', 'No rush.', '👍', 'Perfect.', 'Ok, makes sense.'],
  },
  design: {
    maya: [
      "Quick update: I'm auditing the current theme today. You have 14 apps installed; at least 5 look unused.",
      'Working on the collection page layout now. Will share a preview tomorrow.',
      'Could you send the high-resolution logo? The one in the brand guide is only 400 px wide.',
      "Which fonts do you have licences for? I'd like **Fraunces** for headings if that's OK.",
      "Here are the colour tokens I'm using:\n- Navy `#1F2A44`\n- Sand `#E9DFCF`\n- Finch orange `#E07A3F`",
      'Mobile menu is done, testing on iOS and Android now.',
      'The current theme loads 2.1 MB of JavaScript on the home page. The new one should be well under half of that.',
      "I'll keep the existing URLs for collections so your SEO isn't affected.",
      'Do you want the newsletter signup in the footer only, or also as a popup?',
      'Cart mockup updated: the free shipping bar is now above the line items.',
    ],
    daniel: [
      'Love where this is going.',
      'Can we make the announcement bar a bit less loud?',
      "My partner Ana asked whether we can keep the old 'Our story' page. It gets a lot of traffic.",
      'Logo files are in our shared folder: https://files.harborandfinch.example/brand/logo-pack',
      'Footer only, please. We hate popups.',
      'Could you use the photo of the harbour at dusk somewhere? It tested really well on Instagram.',
      'Ana says the product page feels a bit crowded on mobile.',
      'We have licences for Fraunces and Inter.',
    ],
  },
  build: {
    maya: [
      'Pushed the new product template to the preview theme.',
      'The product page now shows stock per size; sold-out sizes are greyed out.',
      'Cart drawer is in. The free shipping bar uses the $75 threshold you mentioned.',
      'Lighthouse on the preview theme: performance 91 on mobile, up from 48.',
      'Found a conflict between the reviews app and the new product template; fixed by moving their snippet into `snippets/product-reviews.liquid`.',
      'Question: should sold-out products stay visible in collections, or be hidden?',
      "Filters done:\n- size\n- colour\n- price range\n- in stock only\n\nThey're powered by Shopify's Search & Discovery app, no extra cost.",
      'Heads-up: the preview theme will be slow for about an hour while I re-index the collections.',
      'Breadcrumbs and related products are live on the preview.',
      "I've added alt text fields to the image blocks so you can edit them in the theme editor.",
    ],
    daniel: [
      'Looks good on my phone. The filters on the collection page are super handy.',
      'Could the product images be a bit larger on desktop?',
      "Ana spotted a typo on the About page: 'sustainibly'.",
      "Hidden please, unless they're coming back in stock within a week.",
      'The cart drawer is great. Can we show the estimated delivery date in it?',
      "I showed the preview to two customers at the shop today; they loved the photography.",
      "What's the easiest way for us to change the homepage banner ourselves?",
    ],
  },
  import: {
    maya: [
      'Import batch 2 of 6 done: 80 SKUs, 3 warnings (missing weights).',
      'Some rows have prices with commas ("1.250,00"). I\'m normalising them to 1250.00.',
      "Images: 37 products reference files that aren't in the folder. First few:\n- HF-SCARF-014\n- HF-SCARF-015\n- HF-BAG-002",
      'All 480 SKUs are in the staging store. Starting QA tomorrow.',
      'QA checklist:\n- prices match the sheet\n- every SKU has at least one image\n- inventory synced\n- SEO titles under 60 characters',
      'Inventory sync is scheduled every 15 minutes from your warehouse sheet.',
      "I've redirected the 42 old product URLs to the new ones, so existing links keep working.",
      'Batch 5 of 6 done. Only the accessories left.',
    ],
    daniel: [
      'Sending the missing images this afternoon.',
      'We changed the price of the wool scarves to $48, sheet updated.',
      'How long will the import take once we go live?',
      'Can you check the Navy Crew Tee? It shows 0 in stock but we have 40.',
      "Missing images are in the folder now, sorry for the delay.",
      'Ana will go through the product descriptions this weekend.',
    ],
  },
  hourly: {
    maya: [
      'Logged 2 hrs today: fixed the checkout button on Safari and updated the shipping rates.',
      'Weekly summary:\n- Theme updates (3 hrs)\n- App review (1.5 hrs)\n- Product uploads (4 hrs)',
      'The holiday banner is scheduled for Nov 27, 00:00 ET.',
      'The inventory app sync failed overnight; I re-ran it manually and everything is in order now.',
      'Removed two unused apps, which saves you $38/month.',
      "Updated the shipping profile: Canada now at $14 flat, as you asked.",
      'Backed up the theme before the app update, just in case.',
    ],
    daniel: [
      'Can you add the gift card product before Black Friday?',
      "Please keep this week under 10 hours, we're tight on budget.",
      'Thanks, all looks good.',
      "We'll need extra hours in late November for the holiday sale.",
      'A customer says the discount code HARBOR10 is not working, can you take a look?',
    ],
  },
};

function fixedPhase(ms) {
  if (ms < at('2026-09-21T00:00:00Z')) return 'design';
  if (ms < at('2026-10-19T00:00:00Z')) return 'build';
  return 'import';
}

/**
 * Adds generated messages between the scripted ones: sessions of several messages on working days,
 * in runs of one to three messages by the same sender, never within 90 minutes of a scripted story.
 */
function generateFiller({ seed, count, from, to, phase, scripted, userA, userB }) {
  const rand = seededRandom(seed);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const DAY = 86_400_000;
  const days = [];
  for (let d = at(from); d <= at(to); d += DAY) {
    const weekday = new Date(d).getUTCDay();
    const weight = (weekday === 0 || weekday === 6 ? 0.25 : 1) * (0.3 + rand() * 1.4);
    days.push({ d, weight });
  }
  const totalWeight = days.reduce((s, x) => s + x.weight, 0);
  // Largest-remainder allocation so the total is exactly `count`.
  const alloc = days.map((x) => ({ ...x, exact: (x.weight / totalWeight) * count }));
  alloc.forEach((x) => (x.n = Math.floor(x.exact)));
  let rest = count - alloc.reduce((s, x) => s + x.n, 0);
  [...alloc].sort((a, b) => b.exact - b.n - (a.exact - a.n)).forEach((x) => {
    if (rest > 0) {
      x.n += 1;
      rest -= 1;
    }
  });
  const busy = scripted.map((s) => s.t);
  const endLimit = at(to) + DAY;
  const out = [];
  const recent = [];
  for (const day of alloc) {
    let remaining = day.n;
    while (remaining > 0) {
      const size = Math.min(remaining, 2 + Math.floor(rand() * 6));
      // A session starts between 12:30 and 21:00 UTC and must keep clear of the scripted stories.
      let start = 0;
      for (let attempt = 0; attempt < 20; attempt++) {
        const candidate = day.d + Math.floor((12.5 + rand() * 8.5) * 3_600_000);
        const end = candidate + size * 15 * 60_000;
        if (end < endLimit && !busy.some((b) => b > candidate - 90 * 60_000 && b < end + 90 * 60_000)) {
          start = candidate;
          break;
        }
      }
      if (start === 0) {
        // No free slot that day: move the messages to the next day.
        const next = alloc[alloc.indexOf(day) + 1];
        if (next) next.n += remaining;
        break;
      }
      busy.push(start);
      let t = start;
      let sender = rand() < 0.5 ? userA : userB;
      let left = size;
      while (left > 0) {
        const run = Math.min(left, 1 + Math.floor(rand() * rand() * 3.5));
        for (let i = 0; i < run; i++) {
          const pool = FILLER[phase(t)];
          const who = sender === userA ? 'a' : 'b';
          const lines = who === 'a' ? pool.maya : pool.daniel;
          const acks = who === 'a' ? FILLER.acks.maya : FILLER.acks.daniel;
          let text = i === 0 && rand() < 0.25 ? pick(acks) : pick(lines);
          // Avoid repeating a line that was used a moment ago.
          for (let retry = 0; retry < 6 && recent.includes(text); retry++) text = pick(lines);
          recent.push(text);
          if (recent.length > 8) recent.shift();
          out.push({ t, u: sender.userId, text });
          t += (1 + Math.floor(rand() * 11)) * 60_000 + Math.floor(rand() * 50) * 1000;
        }
        left -= run;
        sender = sender === userA ? userB : userA;
      }
      remaining -= size;
    }
  }
  return out;
}

const FILLER_PLAN = {
  [IDS.fixedRoomId]: { seed: 20260903, count: 268, from: '2026-09-03T00:00:00Z', to: '2026-11-22T00:00:00Z', phase: fixedPhase },
  [IDS.hourlyRoomId]: { seed: 20261012, count: 38, from: '2026-10-12T00:00:00Z', to: '2026-11-22T00:00:00Z', phase: () => 'hourly' },
};

const SCRIPTS = {
  [IDS.fixedRoomId]: fixedRoomScript,
  [IDS.hourlyRoomId]: hourlyRoomScript,
  [IDS.interviewRoomId]: interviewRoomScript,
};

const storyCache = new Map();

/**
 * Every story of a room in one variant, oldest first, as the stories API returns them
 * (REFERENCE §2: storyId, userId, message, created in Unix ms UTC, isSystemStory 0/1, deleted 0/1;
 * plus `attachments` when present and `updated` when edited). Deleted stories are included with
 * `deleted: 1` and an empty message; the page does not render them.
 *
 * @param {string} roomId
 * @param {'v1'|'v2'} [variant]
 */
export function stories(roomId, variant = 'v1') {
  const cacheKey = `${roomId}/${variant}`;
  if (!storyCache.has(cacheKey)) storyCache.set(cacheKey, buildStories(roomId, variant));
  return JSON.parse(JSON.stringify(storyCache.get(cacheKey)));
}

function buildStories(roomId, variant) {
  const script = SCRIPTS[roomId];
  if (!script) return [];
  const scripted = script()
    .filter((s) => variant === 'v2' || !s.v2)
    .map((s) => ({ ...s, t: at(s.t) }));
  const plan = FILLER_PLAN[roomId];
  const room = roomById(roomId);
  const filler = plan
    ? generateFiller({ ...plan, scripted, userA: MAYA, userB: room.counterpart.userId === DANIEL.userId ? DANIEL : SOFIA })
    : [];
  const all = [
    ...scripted.map((s) => ({ ...s, id: `story_${hex32(roomId, 'key', s.key)}` })),
    ...filler.map((f, i) => ({ ...f, id: `story_${hex32(roomId, 'filler', String(i))}` })),
  ].sort((a, b) => a.t - b.t);
  return all.map((s) => {
    const created = s.t;
    /** @type {Record<string, unknown>} */
    const story = {
      storyId: s.id,
      roomId,
      userId: s.u,
      message: s.deleted ? '' : s.text,
      created,
      isSystemStory: s.sys ? 1 : 0,
      deleted: s.deleted ? 1 : 0,
    };
    if (s.att && !s.deleted) story.attachments = s.att.map((a) => ({ ...a, createdDateTime: created }));
    if (variant === 'v2' && roomId === IDS.fixedRoomId) {
      if (s.key === 'scope-confirmation') {
        story.message = EDITED_TEXT_V2;
        story.updated = EDITED_AT_V2;
      }
      if (s.key === 'm2-approval') {
        story.message = '';
        story.deleted = 1;
      }
    }
    return story;
  });
}

/** The stories a reader sees (not deleted), oldest first. */
export function visibleStories(roomId, variant = 'v1') {
  return stories(roomId, variant).filter((s) => s.deleted !== 1);
}

/** storyId of a scripted story: `storyIdOf(IDS.fixedRoomId, 'm3-submitted')`. */
export function storyIdOf(roomId, key) {
  return `story_${hex32(roomId, 'key', key)}`;
}

// ---------------------------------------------------------------------------------------------
// What tests look for

const F = IDS.fixedRoomId;
/** Stories of the fixed-price room that tests single out. */
export const KEY_STORIES = {
  contractStarted: storyIdOf(F, 'contract-started'),
  scopeConfirmation: storyIdOf(F, 'scope-confirmation'),
  m1Submitted: storyIdOf(F, 'm1-submitted'),
  m1Paid: storyIdOf(F, 'm1-paid'),
  m2Approval: storyIdOf(F, 'm2-approval'),
  m3Delivery: storyIdOf(F, 'm3-delivery'),
  m3Submitted: storyIdOf(F, 'm3-submitted'),
  scopeCreep: storyIdOf(F, 'scope-creep'),
  hostileImg: storyIdOf(F, 'hostile-img'),
  hostileScript: storyIdOf(F, 'hostile-script'),
  bidi: storyIdOf(F, 'bidi'),
  longMessage: storyIdOf(F, 'long-log'),
  deletedInV1: storyIdOf(F, 'deleted-v1'),
  deletedAttachment: storyIdOf(F, 'theme-draft'),
  imageAttachment: storyIdOf(F, 'moodboard'),
  dstFirst: storyIdOf(F, 'dst-first'),
  dstSecond: storyIdOf(F, 'dst-second'),
  lastV1: storyIdOf(F, 'last-v1'),
  hourlyLimitRaised: storyIdOf(IDS.hourlyRoomId, 'limit-raised'),
  hourlyLimitLoweredV2: storyIdOf(IDS.hourlyRoomId, 'v2-limit-lowered'),
};

/** Everything that differs between v1 and v2. */
export const V2_CHANGES = {
  editedStory: {
    roomId: F,
    storyId: KEY_STORIES.scopeConfirmation,
    textV1: fixedRoomScript().find((s) => s.key === 'scope-confirmation').text,
    textV2: EDITED_TEXT_V2,
    updated: EDITED_AT_V2,
  },
  /** Removed from the middle: `deleted: 1` in the JSON and no longer rendered; both neighbours (Maya's) still are. */
  removedStory: {
    roomId: F,
    storyId: KEY_STORIES.m2Approval,
    textV1: fixedRoomScript().find((s) => s.key === 'm2-approval').text,
    previousStoryId: storyIdOf(F, 'preview-link'),
    nextStoryId: storyIdOf(F, 'm2-thanks'),
  },
  addedStories: [
    { roomId: F, storyId: storyIdOf(F, 'v2-new-1') },
    { roomId: F, storyId: storyIdOf(F, 'v2-new-2') },
    { roomId: IDS.hourlyRoomId, storyId: KEY_STORIES.hourlyLimitLoweredV2 },
  ],
  milestoneAmountChanged: { contractId: IDS.fixedContractId, milestoneId: '51873004', from: '$600.00', to: '$450.00' },
  milestoneDescriptionChanged: {
    contractId: IDS.fixedContractId,
    milestoneId: SUBMITTED_MILESTONE.milestoneId,
    from: fixedMilestones('v1')[2].description,
    to: fixedMilestones('v2')[2].description,
  },
  milestoneAdded: { contractId: IDS.fixedContractId, milestoneId: '51873005', title: 'Size guide popup and winter lookbook page', amount: '$300.00' },
  budgetChanged: { contractId: IDS.fixedContractId, from: '$2,400.00', to: '$2,550.00' },
  weeklyLimitChanged: { contractId: IDS.hourlyContractId, from: 20, to: 15 },
};

/** The whole sample in one object, v1 unless said otherwise. */
export const SAMPLE = {
  freelancer: MAYA,
  client: DANIEL,
  people: PEOPLE,
  ids: IDS,
  contracts: { fixed: fixedContract('v1'), hourly: hourlyContract('v1') },
  contractsV2: { fixed: fixedContract('v2'), hourly: hourlyContract('v2') },
  rooms: {
    fixed: ROOMS[0],
    hourly: ROOMS[1],
    interview: ROOMS[2],
  },
  submittedMilestone: SUBMITTED_MILESTONE,
  keyStories: KEY_STORIES,
  v2Changes: V2_CHANGES,
  pageSize: 40,
};
