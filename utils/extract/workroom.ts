import type { ContractData, ExtractionStatus, Milestone, Money } from '../db/records';
import { detectPage } from '../page-kinds';
import { parseDatetimeAttribute, parseIsoWithZone, parseLocalDateTime } from './local-time';
import { isSyntheticMilestoneId, syntheticMilestoneId } from './milestone-id';
import { readNuxtData, unflattenNuxt } from './page-data';
import { all, first, MILESTONE_STATUS_WORDS, textOf, WORKROOM, WORKROOM_LABELS } from './selectors';
import { plainText } from './text';

export { isSyntheticMilestoneId, syntheticMilestoneId, unflattenNuxt };

/**
 * Contract workrooms: `/nx/wm/workroom/<contractId>/…` (REFERENCE §3). No verified selectors exist
 * for them, so every field is read in layers, and each field takes the first layer that has it:
 *  1. the page's own JSON: the `__NUXT_DATA__` payload, or GraphQL responses the page received
 *     (observed by the MAIN-world script and passed in), with the field names of §4;
 *  2. `data-test` / `data-qa` attributes (public automation's guesses, §3 Low);
 *  3. visible labels ("Hourly rate", "Weekly limit", "Project funds" or "Escrow", "Milestone N",
 *     "Due …"; §3 High), and the page's h1 for the title.
 * Statuses are the exception: the page's own wording ("Active and funded") is preferred to the
 * JSON's state codes, since it is what the user saw. The raw page is kept whatever this finds.
 */

/** json: the page's data; attributes: data-test/data-qa; classes: known class names; labels: visible text; inferred: from other fields. */
export type Layer = 'json' | 'attributes' | 'classes' | 'labels' | 'inferred';

/** What the extractor read that ContractData has no field for yet. */
export interface WorkroomExtras {
  /** Money held for the contract: "Project funds", formerly "Escrow" (§3). */
  projectFunds: Money | null;
}

export interface ExtractedWorkroom {
  contract: ContractData | null;
  extras: WorkroomExtras;
  /** Which layer each field came from (fields not found are absent). */
  sources: Partial<Record<keyof ContractData | keyof WorkroomExtras, Layer>>;
  status: ExtractionStatus;
}

// --- Values --------------------------------------------------------------------------------------

const SYMBOLS: Record<string, string> = { $: 'USD', US$: 'USD', '€': 'EUR', '£': 'GBP', '₹': 'INR', '¥': 'JPY', A$: 'AUD', C$: 'CAD', CA$: 'CAD' };

/**
 * Money as displayed → `{ amount, currency }` with the digits and decimals exactly as shown:
 * "$1,200.00" → "1200.00", "$1,200" → "1200", "-$50.00" and "($50.00)" → "-50.00". Thousands
 * separators (",", or a space / no-break space between groups of three digits) are formatting and
 * are dropped; decimals are never added, removed or rounded. "$" is read as USD (Upwork bills in
 * US dollars); a three-letter code before or after the number is used as written. A number whose
 * separators do not follow that pattern ("1.200,00") is refused (null), not guessed.
 */
export function parseMoney(text: string | null | undefined): Money | null {
  if (!text) return null;
  const t = text.replace(/[\u00a0\u202f\u2009]/g, ' ');
  const m = /(\()?\s*(-|−)?\s*(US\$|CA\$|[AC]\$|[$€£₹¥]|\b[A-Z]{3}\b)?\s*(-|−)?\s*(\d{1,3}(?:[, ]\d{3})+|\d+)(\.\d+)?(?![\d,.]*\d)\s*(\b[A-Z]{3}\b)?(\))?/.exec(t);
  if (!m) return null;
  const [, open, minus1, symbol, minus2, whole, fraction, codeAfter, close] = m;
  const currency = symbol ? (SYMBOLS[symbol] ?? symbol) : codeAfter;
  if (!currency || !/^[A-Z]{3}$/.test(currency)) return null;
  // "1.200,00" style: a comma right after the matched number means the separators mean something else.
  const after = t.slice(m.index + m[0].length);
  if (!fraction && /^,\d/.test(after)) return null;
  const negative = Boolean(minus1 || minus2 || (open && close));
  return { amount: `${negative ? '-' : ''}${whole!.replace(/[, ]/g, '')}${fraction ?? ''}`, currency };
}

/** Money as Upwork's API gives it (§4 money fields): `{ rawValue | amount, currency, displayValue }`. */
function moneyFromJson(v: unknown): Money | null {
  if (typeof v === 'string') return parseMoney(v) ?? (/^-?\d+(\.\d+)?$/.test(v) ? { amount: v, currency: 'USD' } : null);
  if (!v || typeof v !== 'object') return null;
  const o = v as Record<string, unknown>;
  const currency = typeof o.currency === 'string' && /^[A-Z]{3}$/.test(o.currency) ? o.currency : 'USD';
  // The display value is what the page shows; the raw value when there is none.
  if (typeof o.displayValue === 'string') {
    const shown = parseMoney(o.displayValue);
    if (shown) return { amount: shown.amount, currency: typeof o.currency === 'string' ? currency : shown.currency };
  }
  const raw = o.rawValue ?? o.amount ?? o.value;
  if (typeof raw === 'string' && /^-?\d+(\.\d+)?$/.test(raw)) return { amount: raw, currency };
  // A bare number has lost its displayed decimals; Upwork shows cents, so two are written.
  if (typeof raw === 'number' && Number.isFinite(raw)) return { amount: raw.toFixed(2), currency };
  return null;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * A calendar date → "YYYY-MM-DD": "Sep 21, 2026", "Due Sep 21, 2026", "September 21, 2026",
 * "2026-09-21", and the date part of an ISO time ("2026-09-21T00:00:00Z" → "2026-09-21"; due and
 * start dates are days, not instants). Null when there is no such date.
 */
export function parseDay(text: string | null | undefined): string | null {
  if (!text) return null;
  const iso = /(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  const m = /\b([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})\b/.exec(text);
  if (!m) return null;
  const mo = MONTHS.indexOf(m[1]!.slice(0, 3).toLowerCase());
  if (mo < 0) return null;
  const day = Number(m[2]);
  if (day < 1 || day > new Date(Date.UTC(Number(m[3]), mo + 1, 0)).getUTCDate()) return null;
  return `${m[3]}-${String(mo + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** An instant from JSON: Unix ms (number or digits) or ISO with a zone; a bare date stays a date. */
function instantFromJson(v: unknown): string | null {
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) return new Date(v).toISOString();
  if (typeof v !== 'string') return null;
  if (/^\d{10,16}$/.test(v)) return new Date(Number(v)).toISOString();
  return parseIsoWithZone(v) ?? (/^\d{4}-\d{2}-\d{2}$/.test(v) ? v : null);
}

/** "40 hrs/week", "30 hours per week" → 40; "No limit" → null (with `noLimit`). */
function parseWeeklyLimit(text: string | null): { hours: number | null } | null {
  if (!text) return null;
  const m = /(\d+(?:\.\d+)?)\s*(?:hrs?|hours?)\b/i.exec(text);
  if (m) return { hours: Number(m[1]) };
  if (/no limit|unlimited/i.test(text)) return { hours: null };
  return null;
}

function typeOf(text: string | null): ContractData['type'] | undefined {
  if (!text) return undefined;
  if (/hourly/i.test(text)) return 'hourly';
  if (/fixed/i.test(text)) return 'fixed';
  return undefined;
}

// --- Layer 1: the page's own JSON ----------------------------------------------------------------

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

/**
 * Objects shaped like §4's Contract (contractType, hourlyChargeRate, milestones…) and
 * ContractDetails (title, terms…) for this contract: with its id, or without an id under a key
 * named contract / contractDetails (how a GraphQL response nests them).
 */
function findContractJson(root: unknown, contractId: string): { contract?: Obj; details?: Obj } {
  const found: { contract?: Obj; details?: Obj } = {};
  const seen = new Set<unknown>();
  const visit = (v: unknown, key: string, depth: number) => {
    if (!v || typeof v !== 'object' || seen.has(v) || depth > 16) return;
    seen.add(v);
    const o = obj(v);
    if (o) {
      const ours = o.id === undefined ? /^contract(details)?$/i.test(key) : String(o.id) === contractId;
      if (ours) {
        if ('terms' in o || 'title' in o || 'closingReason' in o) found.details ??= o;
        if ('contractType' in o || 'milestones' in o || 'hourlyChargeRate' in o || 'weeklyHoursLimit' in o) found.contract ??= o;
      }
    }
    for (const [k, x] of Object.entries(v as object)) visit(x, Array.isArray(v) ? key : k, depth + 1);
  };
  visit(root, '', 0);
  return found;
}

function eventTime(m: Obj, types: RegExp): string | null {
  const events = Array.isArray(m.submissionEvents) ? (m.submissionEvents as unknown[]).map(obj).filter((e): e is Obj => e !== undefined) : [];
  const times = events.filter((e) => types.test(String(e.type ?? e.eventType ?? ''))).map((e) => instantFromJson(e.createdDateTime ?? e.created));
  return times.filter((t): t is string => t !== null).sort().at(-1) ?? null;
}

function milestoneFromJson(m: Obj, index: number): Milestone {
  const sequence = typeof m.sequenceId === 'number' ? m.sequenceId : Number.isInteger(Number(m.sequenceId)) && m.sequenceId !== null && m.sequenceId !== undefined ? Number(m.sequenceId) : index + 1;
  return {
    id: m.id !== undefined && m.id !== null && String(m.id) !== '' ? String(m.id) : syntheticMilestoneId(sequence),
    sequence,
    // Upwork's API calls the milestone's name `description` and its longer text `instructions` (§4).
    title: str(m.description) ?? str(m.title) ?? '',
    description: str(m.instructions) ?? '',
    amount: moneyFromJson(m.depositAmount ?? m.amount),
    dueDate: parseDay(str(m.dueDateTime) ?? str(m.dueDate)) ?? (typeof m.dueDateTime === 'number' ? new Date(m.dueDateTime).toISOString().slice(0, 10) : null),
    status: str(m.state) ?? str(m.status),
    submittedAt: instantFromJson(m.lastSubmissionCreatedTime) ?? eventTime(m, /SUBMIT/i),
    approvedAt: instantFromJson(m.approvedDateTime) ?? eventTime(m, /APPROV|ACCEPT/i),
    paidAt: instantFromJson(m.paidDateTime) ?? eventTime(m, /PAID|RELEASE/i),
  };
}

interface LayerResult {
  fields: Partial<ContractData>;
  projectFunds?: Money | null;
}

function fromJson(json: unknown, contractId: string): LayerResult {
  const { contract: c, details: d } = findContractJson(json, contractId);
  if (!c && !d) return { fields: {} };
  const out: Partial<ContractData> = {};
  const type = typeOf(str(c?.contractType) ?? str(d?.contractType));
  if (type) out.type = type;
  const title = str(d?.title) ?? str(c?.title);
  if (title) out.title = title;
  const client = str(obj(c?.client)?.name) ?? str(obj(c?.clientCompany)?.name) ?? str(obj(d?.client)?.name);
  if (client) out.clientName = client;
  const freelancer = str(obj(c?.freelancer)?.name) ?? str(obj(d?.freelancer)?.name);
  if (freelancer) out.freelancerName = freelancer;
  const terms = obj(d?.terms);
  const hourlyTerms = Array.isArray(terms?.hourlyTerms) ? (terms.hourlyTerms as unknown[]).map(obj).filter((x): x is Obj => x !== undefined) : [];
  const fixedTerms = Array.isArray(terms?.fixedPriceTerms) ? (terms.fixedPriceTerms as unknown[]).map(obj).filter((x): x is Obj => x !== undefined) : [];
  const rate = moneyFromJson(c?.hourlyChargeRate) ?? moneyFromJson(hourlyTerms[0]?.hourlyRate);
  if (rate) out.hourlyRate = rate;
  const limit = c?.weeklyHoursLimit ?? hourlyTerms[0]?.weeklyHoursLimit;
  if (typeof limit === 'number' && Number.isFinite(limit)) out.weeklyLimitHours = limit;
  const budget = moneyFromJson(fixedTerms[0]?.fixedAmount);
  if (budget) out.budget = budget;
  const status = str(d?.status) ?? str(c?.status);
  if (status) out.status = c?.paused === true && /^active$/i.test(status) ? 'PAUSED' : status;
  const start = d?.startDate ?? c?.startDateTime;
  const startDay = typeof start === 'string' ? parseDay(start) : typeof start === 'number' ? new Date(start).toISOString().slice(0, 10) : null;
  if (startDay) out.startDate = startDay;
  const end = d?.endDate !== undefined ? d.endDate : c?.endDateTime;
  if (end === null) out.endDate = null;
  else if (typeof end === 'string' || typeof end === 'number') out.endDate = typeof end === 'string' ? parseDay(end) : new Date(end).toISOString().slice(0, 10);
  const lists = [c?.milestones, ...fixedTerms.map((t) => t.milestones)].filter((l): l is unknown[] => Array.isArray(l) && l.length > 0);
  if (lists[0]) out.milestones = lists[0].map(obj).filter((m): m is Obj => m !== undefined).map(milestoneFromJson);
  const funds = moneyFromJson(c?.projectFunds ?? c?.escrowAmount ?? c?.currentEscrowAmount);
  return { fields: out, ...(funds ? { projectFunds: funds } : {}) };
}

// --- Layers 2 and 3: attributes, then visible labels ---------------------------------------------

/** Leaf-ish elements whose whole text is short enough to be a label. */
function labelCandidates(root: ParentNode): Element[] {
  return Array.from(root.querySelectorAll('dt, th, label, span, div, p, strong, b, h2, h3, h4, h5, h6, li')).filter((el) => {
    if (el.closest('script, style, template, nav')) return false;
    if (el.children.length > 0 && !(el.children.length === 1 && el.firstElementChild?.tagName === 'BR')) return false;
    const t = el.textContent ?? '';
    return t.length > 0 && t.length <= 120;
  });
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim().replace(/:$/, '').trim().toLowerCase();

/**
 * The value shown beside a visible label: `<dt>Label</dt><dd>value</dd>`, `<th>Label</th><td>…`,
 * `<label for>`, a label element followed by its value (or its parent followed by one), and
 * "Label: value" in one piece of text. Labels are matched whole and case-insensitively.
 */
function byLabel(candidates: readonly Element[], labels: readonly string[], doc: Document): string | null {
  const wanted = labels.map((l) => l.toLowerCase());
  for (const el of candidates) {
    const raw = el.textContent ?? '';
    const text = norm(raw);
    if (wanted.includes(text)) {
      // A label comes first in its wrapper (a <dt> may follow other pairs in its <dl>): an element
      // after a sibling is a value that happens to read like a label ("Status" → "Ended").
      if (el.tagName !== 'DT' && el.previousElementSibling) continue;
      let value: Element | null = null;
      if (el.tagName === 'LABEL' && el.getAttribute('for')) value = doc.getElementById(el.getAttribute('for')!);
      // Beside it; or, when it is alone in its wrapper, the wrapper's next sibling.
      value ??= el.nextElementSibling ?? (el.parentElement?.children.length === 1 ? el.parentElement.nextElementSibling : null);
      const t = textOf(value);
      if (t && !wanted.includes(norm(t))) return t;
      continue;
    }
    for (const label of labels) {
      const m = new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*:\\s*(.+)$`, 'is').exec(raw);
      if (m) return m[1]!.replace(/\s+/g, ' ').trim();
    }
  }
  return null;
}

const STATUS_WORDS = MILESTONE_STATUS_WORDS.map((w) => w.toLowerCase());

/** The text directly inside an element (not inside its children), on one line. */
function ownText(el: Element): string {
  return Array.from(el.childNodes, (n) => (n.nodeType === 3 ? (n.nodeValue ?? '') : ' '))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The date after a word in a milestone row ("Submitted Nov 20, 2026 3:15 PM", "Paid Sep 30, 2026",
 * "Submitted <time datetime=…>"): an instant when a time is shown (a `datetime` attribute, or a
 * local date and time read in `timeZone`), else the calendar day "YYYY-MM-DD". A word followed by
 * no date ("Paid" as a status badge, "Submitted for review") gives nothing.
 */
function stampAfter(row: Element, word: RegExp, timeZone: string): string | null {
  for (const el of [row, ...Array.from(row.querySelectorAll('*'))]) {
    if (!word.test(ownText(el))) continue;
    const time = el.querySelector('time[datetime]');
    if (time) {
      const parsed = parseDatetimeAttribute(time.getAttribute('datetime') ?? '', timeZone)?.iso;
      if (parsed) return parsed;
    }
    const full = textOf(el) ?? '';
    const rest = full.replace(word, '').replace(/^\s*(?:on\s+)?/i, '').trim();
    const found = parseLocalDateTime(rest, timeZone)?.iso ?? parseDay(rest);
    if (found) return found;
  }
  return null;
}

/** Text that is nothing but an amount of money ("$600.00", "USD 1,200"), not a sentence with one in it. */
function isMoneyOnly(text: string): boolean {
  return /^[-−(]?\s*(?:US\$|CA\$|[AC]\$|[$€£₹¥]|[A-Z]{3})?\s*[-−]?\s*\d[\d, ]*(?:\.\d+)?\s*(?:[A-Z]{3})?\)?$/.test(text.trim()) && parseMoney(text) !== null;
}

/** Milestone rows: by attribute, then class (§3, Low), else list items / blocks that read "Milestone N". */
function milestoneRows(doc: Document): { rows: Element[]; layer: Layer } {
  const byAttribute = all(doc, WORKROOM.milestone);
  if (byAttribute.length > 0) return { rows: byAttribute, layer: 'attributes' };
  const byClass = all(doc, WORKROOM.milestoneByClass);
  if (byClass.length > 0) return { rows: byClass, layer: 'classes' };
  const labelled = Array.from(doc.querySelectorAll('li, tr, article, section > div, [role="listitem"]')).filter((el) => {
    if (el.closest('nav, script, template')) return false;
    return labelCandidates(el).some((c) => /^Milestone\s+\d+$/i.test((c.textContent ?? '').trim()));
  });
  // Keep the innermost: a row must not contain another row.
  return { rows: labelled.filter((el) => !labelled.some((o) => o !== el && el.contains(o))), layer: 'labels' };
}

function milestoneFromRow(row: Element, index: number, timeZone: string): Milestone {
  const leaves = labelCandidates(row);
  const leafText = (el: Element) => (el.textContent ?? '').replace(/\s+/g, ' ').trim();
  const label = leaves.map(leafText).map((t) => /^Milestone\s+(\d+)$/i.exec(t)).find((m) => m !== null);
  const sequence = label ? Number(label[1]) : index + 1;
  const statusEl = first(row, WORKROOM.milestoneStatus) ?? leaves.find((el) => STATUS_WORDS.includes(leafText(el).toLowerCase())) ?? null;
  const titleEl =
    first(row, WORKROOM.milestoneTitle) ??
    row.querySelector('h2, h3, h4, h5, h6') ??
    leaves.find((el) => el.tagName === 'STRONG' && !/^Milestone\s+\d+$/i.test(leafText(el)) && el !== statusEl) ??
    null;
  const descriptionEl = first(row, WORKROOM.milestoneDescription) ?? Array.from(row.querySelectorAll('p')).find((p) => !p.closest(WORKROOM.milestoneSubmission.join(',')) && p !== titleEl) ?? null;
  const amountText = textOf(first(row, WORKROOM.milestoneAmount)) ?? leaves.map(leafText).find(isMoneyOnly) ?? null;
  const dueText = textOf(first(row, WORKROOM.milestoneDue)) ?? leaves.map(leafText).find((t) => /^Due\b/i.test(t)) ?? null;
  const submission = first(row, WORKROOM.milestoneSubmission);
  const submittedAt = stampAfter(submission ?? row, /^Submitted\b/, timeZone);
  const id = row.getAttribute('data-milestone-id') ?? row.getAttribute('data-test-milestone-id');
  return {
    id: id && id.trim() !== '' ? id.trim() : syntheticMilestoneId(sequence),
    sequence,
    title: textOf(titleEl) ?? `Milestone ${sequence}`,
    description: descriptionEl ? plainText(descriptionEl) : '',
    amount: parseMoney(amountText),
    dueDate: parseDay(dueText),
    status: textOf(statusEl),
    submittedAt,
    approvedAt: stampAfter(row, /^Approved\b/, timeZone),
    paidAt: stampAfter(row, /^Paid\b/, timeZone),
  };
}

interface DomLayers {
  attributes: LayerResult;
  labels: LayerResult;
  milestones: { list: Milestone[]; layer: Layer } | null;
}

function fromDom(doc: Document, timeZone: string): DomLayers {
  const a: Partial<ContractData> = {};
  const l: Partial<ContractData> = {};
  const attr = (alternatives: readonly string[]) => textOf(first(doc, alternatives));
  const candidates = labelCandidates(doc);
  const label = (labels: readonly string[]) => byLabel(candidates, labels, doc);

  const set = <K extends keyof ContractData>(k: K, fromAttr: ContractData[K] | undefined, fromLabel: ContractData[K] | undefined) => {
    if (fromAttr !== undefined) a[k] = fromAttr;
    if (fromLabel !== undefined) l[k] = fromLabel;
  };
  const orUndefined = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

  set('title', orUndefined(attr(WORKROOM.title.filter((s) => s !== 'h1'))), orUndefined(textOf(doc.querySelector('main h1, h1'))));
  set('clientName', orUndefined(attr(WORKROOM.clientName)), orUndefined(label(WORKROOM_LABELS.client)));
  set('freelancerName', orUndefined(attr(WORKROOM.freelancerName)), orUndefined(label(WORKROOM_LABELS.freelancer)));
  set('type', typeOf(attr(WORKROOM.contractType)), typeOf(label(WORKROOM_LABELS.contractType)));
  set('hourlyRate', orUndefined(parseMoney(attr(WORKROOM.rate))), orUndefined(parseMoney(label(WORKROOM_LABELS.hourlyRate))));
  const limitA = parseWeeklyLimit(attr(WORKROOM.weeklyLimit));
  const limitL = parseWeeklyLimit(label(WORKROOM_LABELS.weeklyLimit));
  set('weeklyLimitHours', limitA ? limitA.hours : undefined, limitL ? limitL.hours : undefined);
  set('budget', orUndefined(parseMoney(attr(WORKROOM.budget))), orUndefined(parseMoney(label(WORKROOM_LABELS.budget))));
  set('status', orUndefined(attr(WORKROOM.status)), orUndefined(label(WORKROOM_LABELS.status)));
  set('startDate', orUndefined(parseDay(attr(WORKROOM.startDate))), orUndefined(parseDay(label(WORKROOM_LABELS.startDate))));
  set('endDate', orUndefined(parseDay(attr(WORKROOM.endDate))), orUndefined(parseDay(label(WORKROOM_LABELS.endDate))));

  const { rows, layer } = milestoneRows(doc);
  const milestones = rows.length > 0 ? { list: rows.map((row, i) => milestoneFromRow(row, i, timeZone)), layer } : null;
  const fundsA = parseMoney(attr(WORKROOM.projectFunds));
  const fundsL = parseMoney(label(WORKROOM_LABELS.projectFunds));
  return {
    attributes: { fields: a, ...(fundsA ? { projectFunds: fundsA } : {}) },
    labels: { fields: l, ...(fundsL ? { projectFunds: fundsL } : {}) },
    milestones,
  };
}

/**
 * JSON milestones keep their ids and exact values; the page's rows add what the JSON lacks and
 * their status wording, matched by sequence number, then by title.
 */
function mergeMilestones(json: Milestone[] | undefined, dom: Milestone[] | undefined): Milestone[] {
  if (!json) return dom ?? [];
  if (!dom) return json;
  const left = [...dom];
  const take = (test: (d: Milestone) => boolean) => {
    const i = left.findIndex(test);
    return i < 0 ? undefined : left.splice(i, 1)[0];
  };
  return json.map((j) => {
    const d = take((x) => x.sequence !== undefined && x.sequence === j.sequence) ?? take((x) => x.title !== '' && x.title === j.title);
    if (!d) return j;
    return {
      ...j,
      title: j.title || d.title,
      description: j.description || d.description,
      amount: j.amount ?? d.amount,
      dueDate: j.dueDate ?? d.dueDate,
      status: d.status ?? j.status,
      submittedAt: j.submittedAt ?? d.submittedAt,
      approvedAt: j.approvedAt ?? d.approvedAt,
      paidAt: j.paidAt ?? d.paidAt,
    };
  });
}

// --- The workroom ----------------------------------------------------------------------------------

export interface ExtractWorkroomOptions {
  /** Parsed JSON responses the page received (GraphQL, §2 table), observed by the MAIN-world script. */
  observedJson?: unknown[];
}

/**
 * Reads a contract workroom. `observedJson` may also be passed as the fourth argument directly
 * (an array of parsed responses), as the capture pipeline does.
 */
export function extractWorkroom(doc: Document, url: string, timeZone: string, observed: unknown[] | ExtractWorkroomOptions = []): ExtractedWorkroom {
  const observedJson = Array.isArray(observed) ? observed : (observed.observedJson ?? []);
  const none: ExtractedWorkroom = { contract: null, extras: { projectFunds: null }, sources: {}, status: { status: 'failed', detail: 'no contract id in the address' } };
  const contractId = detectPage(url).contractId;
  if (!contractId) return none;

  let json: LayerResult = { fields: {} };
  const nuxt = readNuxtData(doc, WORKROOM.nuxtData);
  for (const source of [nuxt, ...observedJson]) {
    if (source === null || source === undefined) continue;
    const found = fromJson(source, contractId);
    if (Object.keys(found.fields).length > 0) {
      json = found;
      break;
    }
  }
  const dom = fromDom(doc, timeZone);
  const layers: [Layer, LayerResult][] = [
    ['json', json],
    ['attributes', dom.attributes],
    ['labels', dom.labels],
  ];
  const sources: ExtractedWorkroom['sources'] = {};
  const pick = <K extends keyof ContractData>(k: K, order: readonly Layer[] = ['json', 'attributes', 'labels']): ContractData[K] | null => {
    for (const layer of order) {
      const fields = layers.find(([name]) => name === layer)![1].fields;
      if (fields[k] !== undefined) {
        sources[k] = layer;
        return fields[k] as ContractData[K];
      }
    }
    return null;
  };

  const milestones = mergeMilestones(json.fields.milestones, dom.milestones?.list);
  if (json.fields.milestones) sources.milestones = 'json';
  else if (dom.milestones) sources.milestones = dom.milestones.layer;

  const hourlyRate = pick('hourlyRate');
  const budget = pick('budget');
  let type = pick('type');
  if (type === null && (hourlyRate !== null || budget !== null || milestones.length > 0)) {
    // Only fixed-price contracts have milestones and a project price; only hourly ones a rate.
    type = hourlyRate !== null ? 'hourly' : 'fixed';
    sources.type = 'inferred';
  }

  const contract: ContractData = {
    id: contractId,
    title: pick('title'),
    clientName: pick('clientName'),
    freelancerName: pick('freelancerName'),
    type,
    hourlyRate,
    weeklyLimitHours: pick('weeklyLimitHours'),
    budget,
    // The page's wording first: it is what the user saw.
    status: pick('status', ['attributes', 'labels', 'json']),
    startDate: pick('startDate'),
    endDate: pick('endDate'),
    milestones,
  };
  let projectFunds: Money | null = null;
  for (const [layer, result] of layers) {
    if (result.projectFunds) {
      projectFunds = result.projectFunds;
      sources.projectFunds = layer;
      break;
    }
  }

  const found = [contract.title, contract.type, contract.hourlyRate, contract.budget, contract.status].filter((v) => v !== null).length + milestones.length;
  if (found === 0) {
    return {
      contract: null,
      extras: { projectFunds },
      sources,
      status: { status: 'failed', detail: 'structured extraction failed: no contract details were recognised on this page (no page data, no known attributes, no known labels); the raw page is kept' },
    };
  }
  const missing: string[] = [];
  if (!contract.title) missing.push('title');
  if (!contract.type) missing.push('contract type');
  if (!contract.status) missing.push('status');
  if (contract.type === 'hourly' && !contract.hourlyRate) missing.push('hourly rate');
  if (contract.type === 'fixed' && milestones.length === 0 && !contract.budget) missing.push('milestones or project price');
  const layersUsed = [...new Set(Object.values(sources))].sort().join(', ');
  return {
    contract,
    extras: { projectFunds },
    sources,
    status: missing.length === 0 ? { status: 'ok', detail: `read from: ${layersUsed}` } : { status: 'partial', detail: `not found: ${missing.join(', ')} (read from: ${layersUsed})` },
  };
}
