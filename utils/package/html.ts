import type * as R from '../db/records';
import type { PackageModel, RoomView } from './model';
import { escapeAttr, escapeHtml, formatUtc } from './text';

/**
 * The HTML pages of a package (report, transcripts). They hold no script at all, and their
 * content security policy forbids scripts, network requests and embedded objects, so even a
 * message that escaped escaping could not run or call out. Captured text is always escaped.
 */
export const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

const STYLE = `
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.25rem; border-bottom: 2px solid #222; padding-bottom: .2rem; margin-top: 2.2rem; }
h3 { font-size: 1.05rem; margin-top: 1.4rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: 13px; }
th, td { border: 1px solid #bbb; padding: .25rem .4rem; text-align: left; vertical-align: top; }
th { background: #eee; }
td.num { text-align: right; white-space: nowrap; }
.hash, code { font-family: ui-monospace, "SF Mono", Consolas, monospace; font-size: 12px; overflow-wrap: anywhere; }
.muted { color: #555; }
.ctl { background: #fde68a; color: #7c2d12; font: 11px ui-monospace, monospace; padding: 0 2px; border-radius: 2px; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; unicode-bidi: isolate; }
.msg { border-left: 3px solid #999; padding: .3rem .6rem; margin: .6rem 0; page-break-inside: avoid; }
.msg.system { border-left-color: #2563eb; background: #f3f6fd; }
.msg.edited { border-left-color: #d97706; }
.msg.deleted { border-left-color: #b91c1c; background: #fdf2f2; }
.msg header { font-size: 12px; color: #333; }
.flag { font-weight: 700; font-size: 11px; padding: 0 4px; border-radius: 3px; color: #fff; }
.flag.edited { background: #b45309; }
.flag.deleted { background: #b91c1c; }
.rev { margin: .4rem 0 .2rem 1rem; padding: .2rem .5rem; border-left: 2px dashed #d97706; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; }
.facts dt { font-weight: 600; }
.facts dd { margin: 0; }
.notice { border: 1px solid #999; background: #fafafa; padding: .6rem .8rem; }
nav ol { columns: 2; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  a { color: inherit; text-decoration: none; }
  nav { display: none; }
  h2 { page-break-after: avoid; }
  tr { page-break-inside: avoid; }
}
`;

export function htmlPage(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${PAGE_CSP}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** A link to an exhibit in report.html, or the capture id when it is not in this package. */
export function exhibitRef(model: PackageModel, captureId: string | null | undefined, hrefPrefix = '#'): string {
  if (!captureId) return '';
  const exhibit = model.exhibitByCapture.get(captureId);
  if (!exhibit) return `<span class="muted">capture ${escapeHtml(captureId)} (not in this package)</span>`;
  return hrefPrefix === '#' ? `<a href="#${exhibit.id}">${exhibit.id}</a>` : `<a href="${escapeAttr(hrefPrefix)}#${exhibit.id}">${exhibit.id}</a>`;
}

function attachmentsHtml(attachments: R.MessageRecord['attachments']): string {
  if (attachments.length === 0) return '';
  const items = attachments.map(
    (a) =>
      `<li>${escapeHtml(a.name)}${a.size ? ` <span class="muted">(${escapeHtml(a.size)})</span>` : ''}${a.url ? ` <span class="hash">${escapeHtml(a.url)}</span>` : ''}</li>`,
  );
  return `<div class="muted">Attachments:</div><ul>${items.join('')}</ul>`;
}

/**
 * One conversation: every message with its sender, times and exhibit; edited messages with every
 * earlier version seen; deleted messages marked, with the text Casefile saw before the deletion.
 * `exhibitPrefix` is where exhibit links point ('#' inside report.html, '../report.html' from a
 * transcript page).
 */
export function transcriptHtml(model: PackageModel, room: RoomView, exhibitPrefix: string): string {
  if (room.messages.length === 0) return '<p class="muted">No messages recorded in this conversation.</p>';
  const parts: string[] = [];
  for (const m of room.messages) {
    const classes = ['msg', m.kind === 'system' ? 'system' : '', m.edited ? 'edited' : '', m.deleted ? 'deleted' : ''].filter(Boolean).join(' ');
    const flags = `${m.edited ? ' <span class="flag edited">EDITED</span>' : ''}${m.deleted ? ' <span class="flag deleted">DELETED</span>' : ''}`;
    const time = m.sentAt
      ? `${formatUtc(m.sentAt)}${m.sentAtDisplayed ? ` <span class="muted">(shown as “${escapeHtml(m.sentAtDisplayed)}”)</span>` : ''}`
      : `<span class="muted">time not readable; shown as “${escapeHtml(m.sentAtDisplayed ?? '')}”, first seen ${formatUtc(m.firstSeenAt)}</span>`;
    const who = m.kind === 'system' ? 'Upwork (system message)' : escapeHtml(m.senderName ?? 'Unknown sender');
    const revisions = model.revisionsByMessage.get(m.id) ?? [];
    let history = '';
    if (m.deleted) {
      history += `<p class="muted">Deleted from the conversation: the text above is what Casefile saw before the deletion (last seen ${formatUtc(m.lastSeenAt)}).</p>`;
    }
    if (revisions.length > 0) {
      history += `<p class="muted">${m.edited ? 'Edited: the text above is the latest version seen.' : 'Recorded versions:'} Earlier version${revisions.length === 1 ? '' : 's'}:</p>`;
      for (const r of revisions) {
        history += `<div class="rev"><div class="muted">Seen ${formatUtc(r.seenAt)} · ${exhibitRef(model, r.captureId, exhibitPrefix)}</div><div class="text" dir="auto">${escapeHtml(r.text)}</div>${attachmentsHtml(r.attachments)}</div>`;
      }
    } else if (m.edited) {
      history += '<p class="muted">Marked as edited on the page; no earlier version was captured.</p>';
    }
    parts.push(
      `<article class="${classes}" id="${model.messageAnchor.get(m.id) ?? ''}"><header><b>${who}</b> · ${time} · ${exhibitRef(model, m.captureId, exhibitPrefix)}${flags}</header>` +
        `<div class="text" dir="auto">${escapeHtml(m.text)}</div>${attachmentsHtml(m.attachments)}${history}</article>`,
    );
  }
  return parts.join('\n');
}

/** data/messages/<roomId>.html: one conversation on its own page. */
export function transcriptPage(model: PackageModel, room: RoomView): string {
  const participants = room.room?.participants.map((p) => p.name).join(', ') ?? '';
  const body = `<h1>${escapeHtml(room.title)}</h1>
<p class="muted">Conversation ${escapeHtml(room.id)}${participants ? ` · ${escapeHtml(participants)}` : ''} · ${room.messages.length} messages, ${room.revisions.length} earlier versions · exported ${formatUtc(model.exportedAt)} by Casefile ${escapeHtml(model.softwareVersion)}</p>
<p class="muted">Exhibit numbers refer to the exhibits index in <a href="../report.html">report.html</a>. Times are in UTC.</p>
${transcriptHtml(model, room, '../report.html')}`;
  return htmlPage(`Conversation: ${room.title}`, body);
}
