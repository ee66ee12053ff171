import type * as R from '../db/records';
import { FORMAT_ID, SOFTWARE_NAME } from './format';
import { exhibitRef, htmlPage, transcriptHtml } from './html';
import { formatMoney, formatTotals, milestoneState, type Stake } from './money';
import type { PackageModel } from './model';
import { chronology, contractStakes, deadlineLabel, describeChange, describeValue, keyDates } from './summary';
import { escapeAttr, escapeHtml, formatInZone, formatSize, formatUtc } from './text';

/**
 * data/report.html: the page a reviewer reads first, printable, with no script. Every value that
 * came from a page or a person goes through escapeHtml.
 */

const e = escapeHtml;

function dash(value: string | null | undefined): string {
  return value === null || value === undefined || value === '' ? '—' : e(value);
}

function factList(rows: [string, string][]): string {
  return `<dl class="facts">${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

function header(model: PackageModel, packageId: string): string {
  const { input, subject } = model;
  const contract = input.contracts[0];
  const title = subject.title ?? `${subject.kind} ${subject.id}`;
  const rows: [string, string][] = [];
  if (input.case) {
    rows.push(['Case', `${e(input.case.title)} <span class="muted">(${e(input.case.type)}, opened ${formatUtc(input.case.createdAt)})</span>`]);
    if (input.case.amountInDispute) rows.push(['Amount in dispute', e(formatMoney(input.case.amountInDispute))]);
  }
  for (const c of input.contracts) {
    rows.push(['Contract', `${dash(c.title)} <span class="muted">(Upwork contract ${e(c.id)})</span>`]);
  }
  if (contract) {
    rows.push(['Client', dash(contract.clientName)]);
    rows.push(['Freelancer', dash(contract.freelancerName)]);
  }
  const participants = [...new Set(model.rooms.flatMap((r) => r.room?.participants.map((p) => p.name) ?? []))];
  if (participants.length > 0) rows.push(['People in the conversations', e(participants.join(', '))]);
  rows.push(['Exported', `${formatUtc(model.exportedAt)} · ${e(formatInZone(model.exportedAt, model.timeZone))}`]);
  rows.push(['Package ID', `<span class="hash">${e(packageId)}</span>`]);
  rows.push(['Made by', `${SOFTWARE_NAME} ${e(model.softwareVersion)} · format ${FORMAT_ID}`]);
  return `<h1>Evidence package: ${e(title)}</h1>
<p class="muted">Recorded by the freelancer with ${SOFTWARE_NAME}, a browser extension that keeps timestamped, hashed copies of Upwork pages as they were shown. Times are in UTC unless marked otherwise.</p>
${factList(rows)}
<p class="notice">To check that nothing in this package changed since it was made, open <b>verify.html</b> (in the folder above this one). The package digest is in <b>bag-info.txt</b>.</p>`;
}

function stakeTable(stake: Stake): string {
  const row = (label: string, list: R.Money[], note = '') => `<tr><th>${label}</th><td class="num">${e(formatTotals(list))}</td><td class="muted">${note}</td></tr>`;
  return `<table><tbody>
${row('All milestones', stake.total)}
${row('Paid', stake.paid, 'released to the freelancer')}
${row('Funded, not paid', stake.funded, 'in escrow (status says funded, submitted, in review or approved)')}
${row('Not funded', stake.unfunded)}
${stake.unknown.length ? row('Status not recognised', stake.unknown, 'see the status column below') : ''}
${row('Unpaid in total', stake.unpaid)}
</tbody></table>`;
}

function stakeSection(model: PackageModel): string {
  const parts = ['<h2 id="stake">What is at stake</h2>'];
  if (model.input.case?.amountInDispute) parts.push(`<p><b>Amount in dispute:</b> ${e(formatMoney(model.input.case.amountInDispute))}</p>`);
  for (const { contract, stake } of contractStakes(model)) {
    parts.push(`<h3>${dash(contract.title)} <span class="muted">(contract ${e(contract.id)})</span></h3>`);
    if (contract.type === 'hourly') {
      parts.push(
        `<p>Hourly contract at ${e(formatMoney(contract.hourlyRate))} per hour${contract.weeklyLimitHours !== null ? `, weekly limit ${contract.weeklyLimitHours} hours` : ''}. What is at stake are the hours in question (see the chronology).</p>`,
      );
    }
    if (contract.milestones.length > 0) parts.push(stakeTable(stake));
    else if (contract.type !== 'hourly') parts.push('<p class="muted">No milestones were recorded for this contract.</p>');
  }
  if (model.input.contracts.length === 0 && !model.input.case?.amountInDispute) parts.push('<p class="muted">No contract was recorded with this package.</p>');
  return parts.join('\n');
}

function datesSection(model: PackageModel): string {
  const dates = keyDates(model);
  const rows = dates.map((d) => `<tr><td>${e(formatUtc(d.at))}</td><td>${e(d.what)}</td></tr>`);
  const deadlines = model.input.deadlines;
  const deadlineRows = deadlines.map(
    (d) => `<tr><td>${formatUtc(d.dueAt)}</td><td><b>${e(d.status.toUpperCase())}</b></td><td>${e(deadlineLabel(model, d))}</td><td>${dash(d.contractId)}</td></tr>`,
  );
  return `<h2 id="dates">Key dates and deadlines</h2>
${rows.length ? `<table><thead><tr><th>Date</th><th>What</th></tr></thead><tbody>${rows.join('')}</tbody></table>` : '<p class="muted">No dates recorded.</p>'}
<h3>Deadlines</h3>
${
  deadlineRows.length
    ? `<p class="muted">From Upwork's published rules, computed by Casefile from the recorded events (see data/deadlines.json${model.input.deadlinesIcs !== undefined ? ' and data/deadlines.ics' : ''}).</p><table><thead><tr><th>Due (UTC)</th><th>Status</th><th>Rule</th><th>Contract</th></tr></thead><tbody>${deadlineRows.join('')}</tbody></table>`
    : '<p class="muted">No deadlines recorded.</p>'
}`;
}

function termsSection(model: PackageModel): string {
  const parts = ['<h2 id="terms">Contract terms and milestones</h2>'];
  if (model.input.contracts.length === 0) parts.push('<p class="muted">No contract was recorded with this package.</p>');
  for (const c of model.input.contracts) {
    const snapshots = model.input.contractSnapshots.filter((s) => s.contractId === c.id);
    parts.push(`<h3>${dash(c.title)} <span class="muted">(contract ${e(c.id)})</span></h3>`);
    parts.push(
      factList([
        ['Type', c.type === 'fixed' ? 'Fixed price' : c.type === 'hourly' ? 'Hourly' : '—'],
        ['Status', dash(c.status)],
        ...(c.budget ? ([['Budget', e(formatMoney(c.budget))]] as [string, string][]) : []),
        ...(c.hourlyRate ? ([['Hourly rate', e(formatMoney(c.hourlyRate))]] as [string, string][]) : []),
        ...(c.weeklyLimitHours !== null ? ([['Weekly limit', `${c.weeklyLimitHours} hours`]] as [string, string][]) : []),
        ['Start', dash(c.startDate)],
        ['End', dash(c.endDate)],
        ['Client', dash(c.clientName)],
        ['Freelancer', dash(c.freelancerName)],
        ['Recorded', `${snapshots.length} snapshot${snapshots.length === 1 ? '' : 's'}, first ${formatUtc(c.firstCapturedAt)}, last ${formatUtc(c.lastCapturedAt)}`],
        ['Data', `<a href="${escapeAttr(model.contractPath.get(c.id)!.slice('data/'.length))}">${e(model.contractPath.get(c.id)!)}</a> (every snapshot and change)`],
      ]),
    );
    if (c.milestones.length > 0) {
      const rows = c.milestones.map(
        (m) =>
          `<tr><td class="num">${m.sequence ?? ''}</td><td>${e(m.title)}${m.description ? `<div class="text muted">${e(m.description)}</div>` : ''}</td><td class="num">${e(formatMoney(m.amount))}</td><td>${dash(m.dueDate)}</td><td>${dash(m.status)}<div class="muted">${milestoneState(m)}</div></td><td>${dash(m.submittedAt)}</td><td>${dash(m.approvedAt)}</td><td>${dash(m.paidAt)}</td></tr>`,
      );
      parts.push(
        `<table><thead><tr><th>#</th><th>Milestone</th><th>Amount</th><th>Due</th><th>Status</th><th>Submitted</th><th>Approved</th><th>Paid</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
      );
    }
    const changes = model.input.contractChanges.filter((ch) => ch.contractId === c.id);
    parts.push('<h3>History of changes</h3>');
    if (changes.length === 0) {
      parts.push(`<p class="muted">No change seen between the ${snapshots.length} recorded snapshot${snapshots.length === 1 ? '' : 's'}.</p>`);
    } else {
      const rows = changes.map((ch) => {
        const before = model.snapshotById.get(ch.beforeSnapshotId);
        const after = model.snapshotById.get(ch.afterSnapshotId);
        return `<tr><td>${formatUtc(ch.beforeCapturedAt)} ${exhibitRef(model, before?.captureId)}<br>→ ${formatUtc(ch.afterCapturedAt)} ${exhibitRef(model, after?.captureId)}</td><td>${e(describeChange(model, ch))}</td><td class="text">${e(describeValue(ch.before))}</td><td class="text">${e(describeValue(ch.after))}</td></tr>`;
      });
      parts.push(
        `<p class="muted">Each change was seen between two captures of the contract page: it happened after the first and before the second.</p><table><thead><tr><th>Seen between</th><th>What changed</th><th>Before</th><th>After</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
      );
    }
  }
  return parts.join('\n');
}

function chronologySection(model: PackageModel): string {
  const items = chronology(model);
  const kindWords = { message: 'Message', system: 'Upwork event', 'contract-change': 'Contract change', capture: 'Capture', event: 'Event', note: 'Note' };
  const rows = items.map((item) => {
    const flags = item.flags.map((f) => ` <span class="flag ${f === 'edited' || f === 'deleted' ? f : 'deleted'}">${e(f.toUpperCase())}</span>`).join('');
    const text = item.anchor ? `<a href="#${item.anchor}">${e(item.text)}</a>` : e(item.text);
    return `<tr><td>${formatUtc(item.at)}${item.timeNote ? `<div class="muted">${e(item.timeNote)}</div>` : ''}</td><td>${kindWords[item.kind]}</td><td>${e(item.actor)}</td><td class="text">${text}${flags}</td><td>${exhibitRef(model, item.captureId)}</td></tr>`;
  });
  return `<h2 id="chronology">Chronology</h2>
<p class="muted">Messages, Upwork's system messages, contract changes, events, notes and captures in time order. Each row names the exhibit it comes from; message rows link to the full text in the transcript.</p>
${rows.length ? `<table><thead><tr><th>Time (UTC)</th><th>Kind</th><th>Who</th><th>What</th><th>Exhibit</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>` : '<p class="muted">Nothing recorded.</p>'}`;
}

function transcriptSection(model: PackageModel): string {
  const parts = ['<h2 id="transcript">Transcript</h2>'];
  if (model.rooms.length === 0) parts.push('<p class="muted">No conversation recorded.</p>');
  for (const room of model.rooms) {
    const coverage = room.room?.coverage;
    const coverageText = coverage
      ? coverage.startReached
        ? `The whole conversation was captured from its first message (${coverage.count} messages seen on ${formatUtc(coverage.recordedAt)}).`
        : `The start of the conversation was not reached when it was captured (${coverage.count} messages seen on ${formatUtc(coverage.recordedAt)}).`
      : 'Coverage of this conversation was not recorded.';
    parts.push(
      `<h3>${e(room.title)} <span class="muted">(${room.messages.length} messages)</span></h3><p class="muted">${e(coverageText)} Also as <a href="${escapeAttr(room.html.slice(5))}">HTML</a>, <a href="${escapeAttr(room.csv.slice(5))}">CSV</a> and <a href="${escapeAttr(room.json.slice(5))}">JSON</a>.</p>`,
    );
    parts.push(transcriptHtml(model, room, '#'));
  }
  return parts.join('\n');
}

const KIND_WORDS: Record<string, string> = {
  'capture-metadata': 'Capture record (metadata and hashes)',
  'page-html': 'Page HTML as shown (scripts removed)',
  'page-text': 'Page text as shown',
  screenshot: 'Screenshot',
  mhtml: 'Web archive (MHTML)',
  'page-json': "Data the page received from Upwork's servers",
};

function exhibitsSection(model: PackageModel): string {
  if (model.exhibits.length === 0) return '<h2 id="exhibits">Exhibits</h2><p class="muted">No captures in this package.</p>';
  const rows: string[] = [];
  for (const exhibit of model.exhibits) {
    const c = exhibit.capture;
    rows.push(
      `<tr id="${exhibit.id}"><th>${exhibit.id}</th><th colspan="3">${e(c.title || c.pageKind)} <span class="muted">(${e(c.pageKind)}${c.scope === 'fragment' ? ', new items only' : ''}; extraction ${e(c.extraction.status)})</span><div class="hash">${e(c.url)}</div><div class="muted">Captured ${formatUtc(c.capturedAt)} · browser time zone ${e(c.timeZone)} · ${SOFTWARE_NAME} ${e(c.extensionVersion)} · record hash <span class="hash">${c.sha256}</span></div></th></tr>`,
    );
    for (const f of exhibit.files) {
      rows.push(
        `<tr><td></td><td><a href="${escapeAttr(f.href)}">${e(f.path)}</a></td><td>${e(KIND_WORDS[f.kind] ?? f.kind)}${f.label ? ` — ${e(f.label)}` : ''}<div class="muted">${formatSize(f.size)}</div></td><td class="hash">${f.sha256}</td></tr>`,
      );
    }
  }
  return `<h2 id="exhibits">Exhibits</h2>
<p class="muted">One exhibit per capture, numbered in capture order. Paths are inside the package folder; the SHA-256 of each file is also in manifest-sha256.txt and data/index.json. Addresses are shown as text, not links.</p>
<table><thead><tr><th>Exhibit</th><th>File</th><th>What it is</th><th>SHA-256</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>`;
}

function notesSection(model: PackageModel): string {
  if (model.input.notes.length === 0) return '';
  const notes = model.input.notes.map((n: R.NoteRecord) => `<div class="msg"><header>${formatUtc(n.createdAt)}</header><div class="text" dir="auto">${e(n.text)}</div></div>`);
  return `<h2 id="notes">The freelancer's notes</h2><p class="muted">Written by the freelancer, not captured from Upwork.</p>${notes.join('\n')}`;
}

function proofSection(model: PackageModel): string {
  const audit = model.input.audit;
  const head = audit[audit.length - 1];
  return `<h2 id="proof">What the hashes prove, and what they do not</h2>
<p><b>They prove that nothing changed after capture.</b> ${SOFTWARE_NAME} computed the SHA-256 of each page, screenshot and record in the browser when it was captured, and stored it. Before writing this package it computed every one again from the stored bytes and found them unchanged; it would have refused to export otherwise. Every file in the package is listed with its SHA-256 in manifest-sha256.txt, and the SHA-256 of that list (the package digest, in bag-info.txt and in the support ticket) pins them all: if a file is changed, added or removed, verify.html shows which one.</p>
<p><b>The audit log</b> (data/audit-log.jsonl, ${audit.length} entries${head ? `, last hash <span class="hash">${head.hash}</span>` : ''}) records every capture, detected edit, deletion and export in order; each entry includes the hash of the one before, so a removed or altered entry breaks the chain.</p>
<p><b>They do not prove that Upwork's server sent this content.</b> ${SOFTWARE_NAME} records what the freelancer's browser displayed; it cannot rule out that the page was altered on that computer before capture. Times come from the freelancer's computer clock, not from an independent time-stamping service. Upwork's own records remain the reference: this package shows what the freelancer saw and when, and that it was not changed afterwards.</p>
<p class="muted">Re-verified before export: ${e(model.verified.join('; '))}.${model.notVerified.length ? ` Not re-verified (no hash rule supplied): ${e(model.notVerified.join(', '))}.` : ''}</p>`;
}

/**
 * The two long sections of the report (chronology and transcript, a few megabytes for thousands of
 * messages). They depend on neither the package id nor the files' sizes, so the builder renders
 * them while the stored blobs are still being read, from a model whose captures have all their
 * files but not yet their sizes.
 */
export interface ReportParts {
  chronology: string;
  transcript: string;
}

export function renderReportParts(model: PackageModel): ReportParts {
  return { chronology: chronologySection(model), transcript: transcriptSection(model) };
}

export function renderReport(model: PackageModel, packageId: string, parts: ReportParts = renderReportParts(model)): string {
  const body = [
    header(model, packageId),
    `<nav><ol><li><a href="#stake">What is at stake</a></li><li><a href="#dates">Key dates and deadlines</a></li><li><a href="#terms">Contract terms and milestones</a></li><li><a href="#chronology">Chronology</a></li><li><a href="#transcript">Transcript</a></li><li><a href="#exhibits">Exhibits</a></li>${model.input.notes.length ? '<li><a href="#notes">Notes</a></li>' : ''}<li><a href="#proof">What the hashes prove</a></li></ol></nav>`,
    stakeSection(model),
    datesSection(model),
    termsSection(model),
    parts.chronology,
    parts.transcript,
    exhibitsSection(model),
    notesSection(model),
    proofSection(model),
  ].join('\n');
  const title = model.subject.title ?? `${model.subject.kind} ${model.subject.id}`;
  return htmlPage(`Evidence package: ${title}`, body);
}
