import { formatMoney, formatTotals } from './money';
import type { PackageModel } from './model';
import { contractStakes, deadlineLabel, keyDates, openDeadlines } from './summary';
import { formatUtc, oneLine } from './text';

/**
 * The ticket text: a short plain-text summary to paste into Upwork's support form. Kept short
 * (long lists end with "and N more"), one fact per line, no markup.
 */

const MAX_DATES = 8;
const MAX_DEADLINES = 5;

/** The line data/ticket.txt carries instead of the digest: the file is itself covered by it. */
export const DIGEST_PLACEHOLDER =
  'Package digest: in bag-info.txt (Casefile-Package-Digest), and shown by verify.html. (This file is one of the files the digest covers, so it cannot quote it.)';

export function renderTicket(model: PackageModel, info: { packageId: string; fileName: string; digest: string | null }): string {
  const { input } = model;
  const lines: string[] = ['Evidence package made with Casefile (a browser extension that records Upwork pages with SHA-256 hashes)', ''];

  if (input.case) {
    lines.push(`Case: ${oneLine(input.case.title, 120)} (${input.case.type})`);
    if (input.case.amountInDispute) lines.push(`Amount in dispute: ${formatMoney(input.case.amountInDispute)}`);
  }
  for (const { contract: c, stake } of contractStakes(model)) {
    lines.push(`Contract: ${oneLine(c.title ?? '(untitled)', 120)} (Upwork contract ${oneLine(c.id, 60)})`);
    const people = [c.clientName ? `Client: ${oneLine(c.clientName, 80)}` : '', c.freelancerName ? `Freelancer: ${oneLine(c.freelancerName, 80)}` : ''].filter(Boolean);
    if (people.length) lines.push(people.join(' · '));
    const type = c.type === 'fixed' ? 'Fixed price' : c.type === 'hourly' ? `Hourly${c.hourlyRate ? ` at ${formatMoney(c.hourlyRate)}/h` : ''}` : 'Type not recorded';
    lines.push(`${type}${c.status ? ` · Status: ${oneLine(c.status, 60)}` : ''}`);
    if (c.milestones.length > 0) {
      lines.push(
        `Milestones: ${formatTotals(stake.total)} in total; paid ${formatTotals(stake.paid)}; funded, not paid ${formatTotals(stake.funded)}; not funded ${formatTotals(stake.unfunded)}` +
          (stake.unknown.length ? `; status unclear ${formatTotals(stake.unknown)}` : ''),
      );
    }
    lines.push('');
  }

  const dates = keyDates(model);
  if (dates.length > 0) {
    lines.push('Key dates (UTC):');
    for (const d of dates.slice(0, MAX_DATES)) lines.push(`- ${formatUtc(d.at)}: ${oneLine(d.what, 140)}`);
    if (dates.length > MAX_DATES) lines.push(`- and ${dates.length - MAX_DATES} more (see report.html)`);
    lines.push('');
  }
  const open = openDeadlines(model);
  if (open.length > 0) {
    lines.push('Open deadlines (UTC):');
    for (const d of open.slice(0, MAX_DEADLINES)) lines.push(`- ${formatUtc(d.dueAt)}: ${oneLine(deadlineLabel(model, d), 140)}`);
    if (open.length > MAX_DEADLINES) lines.push(`- and ${open.length - MAX_DEADLINES} more (see report.html)`);
    lines.push('');
  }

  const messages = model.rooms.reduce((n, r) => n + r.messages.length, 0);
  const edited = input.messages.filter((m) => m.edited).length;
  const deleted = input.messages.filter((m) => m.deleted).length;
  const screenshots = model.exhibits.reduce((n, x) => n + x.files.filter((f) => f.kind === 'screenshot').length, 0);
  const attached = [
    `${model.exhibits.length} page capture${model.exhibits.length === 1 ? '' : 's'} (${screenshots} screenshot${screenshots === 1 ? '' : 's'})`,
    `${messages} message${messages === 1 ? '' : 's'} in ${model.rooms.length} conversation${model.rooms.length === 1 ? '' : 's'} (${edited} edited, ${deleted} deleted)`,
    `${input.contractChanges.length} recorded contract change${input.contractChanges.length === 1 ? '' : 's'}`,
    `the audit log (${input.audit.length} entries)`,
  ];
  lines.push(`Attached: ${info.fileName}, with ${attached.join(', ')}. Start with data/report.html.`);
  lines.push(`Package ID: ${info.packageId}`);
  lines.push(info.digest ? `Package digest (SHA-256 of manifest-sha256.txt): ${info.digest}` : DIGEST_PLACEHOLDER);
  lines.push('To check the package: unzip it and open verify.html; it recomputes every hash offline.');
  return `${lines.join('\n')}\n`;
}
