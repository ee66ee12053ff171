import type { ContractData, ExtractionStatus, Milestone, Money } from '../db/records';
import { detectPage } from '../page-kinds';
import { parseIsoWithZone, parseLocalTimestamp } from './local-time';
import { first, textOf, WORKROOM } from './selectors';

/**
 * Contract workrooms (REFERENCE §3), in layers: the page's own JSON (`__NUXT_DATA__`, or an
 * observed GraphQL response) where present, then data-test/data-qa attributes, then visible labels.
 * Each field takes the first layer that has it; the raw page is kept whatever this finds.
 */
export interface ExtractedWorkroom {
  contract: ContractData | null;
  status: ExtractionStatus;
}

const CURRENCY: Record<string, string> = { $: 'USD', '€': 'EUR', '£': 'GBP' };

/**
 * "$1,200.00" → { amount: "1200.00", currency: "USD" }: the digits and decimals exactly as
 * displayed; only the thousands separators go (they are formatting, not value).
 */
export function parseMoney(text: string | null | undefined): Money | null {
  if (!text) return null;
  const m = /(-)?\s*([$€£])\s*(-)?([\d,]+(?:\.\d+)?)/.exec(text) ?? /(-)?([A-Z]{3})\s*(-)?([\d,]+(?:\.\d+)?)/.exec(text);
  if (!m) return null;
  const currency = CURRENCY[m[2]!] ?? m[2]!;
  return { amount: `${m[1] || m[3] ? '-' : ''}${m[4]!.replace(/,/g, '')}`, currency };
}

/** Money as Upwork's API gives it: { rawValue | amount, currency } (REFERENCE §4; shape Low). */
function moneyFromJson(v: unknown): Money | null {
  if (!v || typeof v !== 'object') return typeof v === 'string' ? parseMoney(v) : null;
  const o = v as Record<string, unknown>;
  const raw = o.rawValue ?? o.amount ?? o.value;
  const currency = typeof o.currency === 'string' ? o.currency : 'USD';
  if (typeof raw === 'number' && Number.isFinite(raw)) return { amount: raw.toFixed(2), currency };
  if (typeof raw === 'string' && /^-?\d+(\.\d+)?$/.test(raw)) return { amount: raw, currency };
  return typeof o.displayValue === 'string' ? parseMoney(o.displayValue) : null;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** "Sep 21, 2026" / "Due Sep 21, 2026" / "2026-09-21" → "2026-09-21"; calendar dates carry no zone. */
export function parseDay(text: string | null | undefined): string | null {
  if (!text) return null;
  const iso = /(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  const m = /([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})/.exec(text);
  if (!m) return null;
  const mo = MONTHS.indexOf(m[1]!.toLowerCase());
  return mo < 0 ? null : `${m[3]}-${String(mo + 1).padStart(2, '0')}-${m[2]!.padStart(2, '0')}`;
}

function instantFromJson(v: unknown): string | null {
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) return new Date(v).toISOString();
  if (typeof v === 'string') return parseIsoWithZone(v) ?? (/^\d+$/.test(v) ? new Date(Number(v)).toISOString() : null);
  return null;
}

// --- Layer 1: the page's own JSON -------------------------------------------------------------

/** Nuxt 3 payloads are devalue-flattened arrays (index 0 is the root); plain JSON is accepted too. */
export function unflattenNuxt(text: string): unknown {
  const values = JSON.parse(text) as unknown;
  if (!Array.isArray(values)) return values;
  const done = new Map<number, unknown>();
  const hydrate = (i: number, depth: number): unknown => {
    if (typeof i !== 'number' || i < 0 || depth > 200) return undefined;
    if (done.has(i)) return done.get(i);
    const v = values[i];
    if (v === null || typeof v !== 'object') {
      done.set(i, v);
      return v;
    }
    if (Array.isArray(v)) {
      if (typeof v[0] === 'string' && v.length === 2 && /^(Reactive|ShallowReactive|Ref|ShallowRef|EmptyRef|EmptyShallowRef|NuxtError|Island)$/.test(v[0])) {
        const inner = hydrate(v[1] as number, depth + 1);
        done.set(i, inner);
        return inner;
      }
      if (v[0] === 'Date' && typeof v[1] === 'string') {
        done.set(i, v[1]);
        return v[1];
      }
      const arr: unknown[] = [];
      done.set(i, arr);
      for (const x of v) arr.push(hydrate(x as number, depth + 1));
      return arr;
    }
    const obj: Record<string, unknown> = {};
    done.set(i, obj);
    for (const [k, x] of Object.entries(v)) obj[k] = hydrate(x as number, depth + 1);
    return obj;
  };
  return hydrate(0, 0);
}

/** Finds objects shaped like REFERENCE §4's Contract and ContractDetails for this contract id. */
function findContractJson(root: unknown, contractId: string): { contract?: Record<string, unknown>; details?: Record<string, unknown> } {
  const found: { contract?: Record<string, unknown>; details?: Record<string, unknown> } = {};
  const seen = new Set<unknown>();
  const visit = (v: unknown, depth: number) => {
    if (!v || typeof v !== 'object' || seen.has(v) || depth > 12) return;
    seen.add(v);
    if (!Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      if (String(o.id ?? '') === contractId) {
        if ('terms' in o || 'title' in o) found.details ??= o;
        if ('contractType' in o || 'milestones' in o || 'hourlyChargeRate' in o) found.contract ??= o;
      }
    }
    for (const x of Object.values(v as object)) visit(x, depth + 1);
  };
  visit(root, 0);
  return found;
}

function fromJson(json: unknown, contractId: string): Partial<ContractData> {
  const { contract: c, details: d } = findContractJson(json, contractId);
  if (!c && !d) return {};
  const out: Partial<ContractData> = {};
  const type = String(c?.contractType ?? '').toUpperCase();
  if (type.includes('HOURLY')) out.type = 'hourly';
  else if (type.includes('FIXED')) out.type = 'fixed';
  if (typeof d?.title === 'string') out.title = d.title;
  const client = c?.client as Record<string, unknown> | undefined;
  const company = c?.clientCompany as Record<string, unknown> | undefined;
  if (typeof client?.name === 'string') out.clientName = client.name;
  else if (typeof company?.name === 'string') out.clientName = company.name;
  const freelancer = c?.freelancer as Record<string, unknown> | undefined;
  if (typeof freelancer?.name === 'string') out.freelancerName = freelancer.name;
  const terms = d?.terms as { fixedPriceTerms?: { fixedAmount?: unknown }[]; hourlyTerms?: { hourlyRate?: unknown; weeklyHoursLimit?: unknown }[] } | undefined;
  const rate = moneyFromJson(c?.hourlyChargeRate) ?? moneyFromJson(terms?.hourlyTerms?.[0]?.hourlyRate);
  if (rate) out.hourlyRate = rate;
  const limit = c?.weeklyHoursLimit ?? terms?.hourlyTerms?.[0]?.weeklyHoursLimit;
  if (typeof limit === 'number') out.weeklyLimitHours = limit;
  const budget = moneyFromJson(terms?.fixedPriceTerms?.[0]?.fixedAmount);
  if (budget) out.budget = budget;
  const status = d?.status ?? c?.status;
  if (typeof status === 'string') out.status = status.toLowerCase() === 'active' && c?.paused === true ? 'paused' : status;
  const start = d?.startDate ?? c?.startDateTime;
  if (typeof start === 'string' || typeof start === 'number') out.startDate = parseDay(String(start)) ?? instantFromJson(start);
  const end = d?.endDate ?? c?.endDateTime;
  if (end !== undefined) out.endDate = end === null ? null : (parseDay(String(end)) ?? instantFromJson(end));
  const list = (Array.isArray(c?.milestones) ? c.milestones : (terms?.fixedPriceTerms?.[0] as { milestones?: unknown } | undefined)?.milestones) as Record<string, unknown>[] | undefined;
  if (Array.isArray(list)) {
    out.milestones = list.map((m, i) => {
      const submittedAt = instantFromJson(m.lastSubmissionCreatedTime);
      const state = typeof m.state === 'string' ? m.state : null;
      return {
        id: String(m.id ?? i + 1),
        sequence: typeof m.sequenceId === 'number' ? m.sequenceId : i + 1,
        // Upwork's API calls the milestone's name `description` and its longer text `instructions`.
        title: String(m.description ?? m.title ?? ''),
        description: String(m.instructions ?? ''),
        amount: moneyFromJson(m.depositAmount ?? m.amount),
        dueDate: parseDay(typeof m.dueDateTime === 'string' ? m.dueDateTime : null) ?? instantFromJson(m.dueDateTime),
        status: state && submittedAt && !/PAID|APPROVED|RELEASED/i.test(state) ? `${state} (submitted)` : state,
        submittedAt,
        approvedAt: instantFromJson(m.approvedDateTime),
        paidAt: instantFromJson(m.paidDateTime),
      } satisfies Milestone;
    });
  }
  return out;
}

// --- Layers 2 and 3: attributes, then visible labels -------------------------------------------

/** The value shown beside a visible label ("Hourly rate" → "$45.00/hr"), in summaries and <dl>s. */
function byLabel(doc: Document, labels: readonly string[]): string | null {
  const wanted = labels.map((l) => l.toLowerCase());
  for (const el of Array.from(doc.querySelectorAll('dt, .summary-label, th, label, span, div'))) {
    if (el.children.length > 0) continue;
    const text = (el.textContent ?? '').trim().toLowerCase().replace(/:$/, '');
    if (!wanted.includes(text)) continue;
    const value = el.tagName === 'DT' ? el.nextElementSibling : (el.nextElementSibling ?? el.parentElement?.nextElementSibling ?? null);
    const t = textOf(value);
    if (t) return t;
  }
  return null;
}

function milestonesFromDom(doc: Document, timeZone: string): Milestone[] {
  const rows = (() => {
    for (const s of WORKROOM.milestone) {
      const found = Array.from(doc.querySelectorAll(s));
      if (found.length > 0) return found;
    }
    // Labels only: list items that read "Milestone N".
    return Array.from(doc.querySelectorAll('li')).filter((li) => /^\s*Milestone\s+\d+/i.test(li.textContent ?? ''));
  })();
  return rows.map((row, i) => {
    const label = /Milestone\s+(\d+)/i.exec(row.textContent ?? '');
    const sequence = label ? Number(label[1]) : i + 1;
    const submission = first(row, WORKROOM.milestoneSubmission) ?? Array.from(row.querySelectorAll('*')).find((e) => /^Submitted\s/i.test(e.textContent ?? '') && e.children.length <= 1) ?? null;
    const time = submission?.querySelector('time[datetime]');
    const submittedAt = time ? parseIsoWithZone(time.getAttribute('datetime') ?? '') : submission ? parseLocalTimestamp((textOf(submission) ?? '').replace(/^.*?Submitted\s+/i, '').replace(/\s+UTC$/, ''), timeZone) : null;
    const statusEl = first(row, WORKROOM.milestoneStatus);
    const amountText = textOf(first(row, WORKROOM.milestoneAmount)) ?? (/\$[\d,]+(\.\d+)?/.exec(row.textContent ?? '')?.[0] ?? null);
    const dueText = textOf(first(row, WORKROOM.milestoneDue)) ?? (/Due\s+[A-Za-z]{3,9}\.?\s+\d{1,2},?\s+\d{4}/.exec(row.textContent ?? '')?.[0] ?? null);
    const status = textOf(statusEl);
    return {
      id: row.getAttribute('data-milestone-id') ?? String(sequence),
      sequence,
      title: textOf(first(row, WORKROOM.milestoneTitle)) ?? `Milestone ${sequence}`,
      description: textOf(first(row, WORKROOM.milestoneDescription)) ?? '',
      amount: parseMoney(amountText),
      dueDate: parseDay(dueText),
      status: submittedAt && status && !/paid|approved/i.test(status) ? `${status} (submitted)` : status,
      submittedAt,
      approvedAt: null,
      paidAt: null,
    } satisfies Milestone;
  });
}

function fromDom(doc: Document, timeZone: string): Partial<ContractData> {
  const out: Partial<ContractData> = {};
  const pick = (attrs: readonly string[], labels: readonly string[]) => textOf(first(doc, attrs)) ?? byLabel(doc, labels);
  const title = textOf(first(doc, WORKROOM.title));
  if (title) out.title = title;
  const client = textOf(first(doc, WORKROOM.clientName));
  if (client) out.clientName = client;
  const type = pick(WORKROOM.contractType, ['Contract type']);
  if (type) out.type = /hour/i.test(type) ? 'hourly' : /fixed/i.test(type) ? 'fixed' : null;
  const rate = parseMoney(pick(WORKROOM.rate, ['Hourly rate', 'Rate']));
  if (rate) out.hourlyRate = rate;
  const limit = pick(WORKROOM.weeklyLimit, ['Weekly limit']);
  const hours = limit ? /(\d+(?:\.\d+)?)\s*hrs?/i.exec(limit) : null;
  if (hours) out.weeklyLimitHours = Number(hours[1]);
  else if (limit && /no limit/i.test(limit)) out.weeklyLimitHours = null;
  const budget = parseMoney(pick(WORKROOM.budget, ['Project price', 'Budget', 'Fixed price']));
  if (budget) out.budget = budget;
  const status = textOf(first(doc, WORKROOM.status));
  if (status) out.status = status;
  const start = parseDay(pick(WORKROOM.startDate, ['Started', 'Start date']));
  if (start) out.startDate = start;
  const end = parseDay(byLabel(doc, ['Ended', 'End date']));
  if (end) out.endDate = end;
  const milestones = milestonesFromDom(doc, timeZone);
  if (milestones.length > 0) out.milestones = milestones;
  if (!out.type && milestones.length > 0) out.type = 'fixed';
  return out;
}

/** JSON milestones keep their real ids; the page's rows add what the JSON lacks, matched by sequence. */
function mergeMilestones(json: Milestone[] | undefined, dom: Milestone[] | undefined): Milestone[] {
  if (!json) return dom ?? [];
  if (!dom) return json;
  return json.map((j) => {
    const d = dom.find((x) => x.sequence === j.sequence);
    if (!d) return j;
    return {
      ...j,
      title: j.title || d.title,
      description: j.description || d.description,
      amount: j.amount ?? d.amount,
      dueDate: j.dueDate ?? d.dueDate,
      // The page's words for the status are what the user saw ("Active and funded").
      status: d.status ?? j.status,
      submittedAt: j.submittedAt ?? d.submittedAt,
    };
  });
}

export function extractWorkroom(doc: Document, url: string, timeZone: string, observedJson: unknown[] = []): ExtractedWorkroom {
  const contractId = detectPage(url).contractId;
  if (!contractId) return { contract: null, status: { status: 'failed', detail: 'no contract id in the address' } };
  let json: Partial<ContractData> = {};
  const sources: unknown[] = [...observedJson];
  const nuxt = first(doc, WORKROOM.nuxtData)?.textContent;
  if (nuxt) {
    try {
      sources.unshift(unflattenNuxt(nuxt));
    } catch {
      // An unreadable payload is still in the raw capture; the other layers take over.
    }
  }
  for (const s of sources) {
    json = fromJson(s, contractId);
    if (Object.keys(json).length > 0) break;
  }
  const dom = fromDom(doc, timeZone);
  const pick = <K extends keyof ContractData>(k: K, fallback: ContractData[K]): ContractData[K] => (json[k] !== undefined ? json[k] : dom[k] !== undefined ? dom[k] : fallback) as ContractData[K];
  const contract: ContractData = {
    id: contractId,
    title: pick('title', null),
    clientName: pick('clientName', null),
    freelancerName: pick('freelancerName', null),
    type: pick('type', null),
    hourlyRate: pick('hourlyRate', null),
    weeklyLimitHours: pick('weeklyLimitHours', null),
    budget: pick('budget', null),
    // The status as the page words it ("Active") when shown.
    status: dom.status ?? json.status ?? null,
    startDate: pick('startDate', null),
    endDate: pick('endDate', null),
    milestones: mergeMilestones(json.milestones, dom.milestones),
  };
  const missing = (['title', 'type', 'status'] as const).filter((k) => contract[k] === null);
  const fromJsonLayer = Object.keys(json).length > 0;
  if (!contract.title && !contract.type && contract.milestones.length === 0) {
    return { contract: null, status: { status: 'failed', detail: 'no contract details were recognised on this page (title, type and milestones all missing)' } };
  }
  return {
    contract,
    status: missing.length === 0 ? { status: 'ok', ...(fromJsonLayer ? {} : { detail: 'read from the page (no page data found)' }) } : { status: 'partial', detail: `not found: ${missing.join(', ')}` },
  };
}
