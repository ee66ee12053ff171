import { summarize, verifyBag, verifyZip } from './verify-core.js';
/* global document */
/*
 * The page around verify-core.js in verify.html: two pickers (the unzipped folder, or the ZIP
 * itself), an optional digest from the support ticket, and the result. Everything shown comes
 * from the package (file names included) and is set as text, never as markup.
 */

const STATUS_WORDS = { ok: 'OK', changed: 'CHANGED', missing: 'MISSING', unexpected: 'UNEXPECTED', unreadable: 'UNREADABLE', ignored: 'ignored' };

/** The result view for a report, built from text nodes only. */
export function renderReport(report, doc) {
  const el = (tag, text, className) => {
    const node = doc.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  };
  const root = el('div');
  root.append(el('p', summarize(report), report.ok ? 'verdict ok' : 'verdict bad'));

  const facts = el('dl');
  const fact = (label, value, className) => {
    facts.append(el('dt', label), el('dd', value === null || value === undefined || value === '' ? '—' : value, className));
  };
  fact('Package ID', report.bag.packageId);
  fact('Exported (UTC)', report.bag.exportTime);
  fact('Made by', report.bag.softwareAgent);
  fact('Package digest, computed now', report.digest.computed ? report.digest.computed + (report.digest.recorded === report.digest.computed ? '  (matches bag-info.txt)' : '') : null, 'hash');
  fact('Package digest in bag-info.txt', report.digest.recorded, 'hash');
  if (report.digest.expected) fact('Package digest you entered', report.digest.expected + (report.digest.expected === report.digest.computed ? '  (matches)' : '  (DOES NOT MATCH)'), 'hash');
  fact('Payload (bytes.files)', report.oxum.computed ? report.oxum.computed + (report.oxum.recorded ? ' (bag-info.txt: ' + report.oxum.recorded + ')' : '') : null);
  fact(
    'Audit log',
    report.audit ? (report.audit.ok ? 'intact, ' : 'BROKEN, ') + report.audit.count + ' entries, last hash ' + report.audit.headHash : 'not in this package',
  );
  root.append(facts);

  if (report.problems.length > 0) {
    root.append(el('h2', 'Problems'));
    const list = el('ul', null, 'problems');
    for (const p of report.problems) list.append(el('li', p.message));
    root.append(list);
  }
  if (report.notes.length > 0) {
    const list = el('ul', null, 'notes');
    for (const note of report.notes) list.append(el('li', note));
    root.append(list);
  }

  root.append(el('h2', 'Files (' + report.files.length + ')'));
  if (report.bag.base) root.append(el('p', 'Paths are inside the folder ' + report.bag.base + '/.'));
  const prefix = report.bag.base ? report.bag.base + '/' : '';
  const shown = (path) => (prefix && path.startsWith(prefix) ? path.slice(prefix.length) : path);
  const table = el('table');
  const head = el('tr');
  head.append(el('th', 'Result'), el('th', 'File'), el('th', 'SHA-256'));
  table.append(head);
  // Problems first, then the rest in path order.
  const rank = (r) => (r.status === 'ok' ? 2 : r.status === 'ignored' ? 1 : 0);
  const rows = report.files.slice().sort((a, b) => rank(a) - rank(b));
  for (const r of rows) {
    const row = el('tr', null, 'st-' + r.status);
    const hash = r.status === 'changed' ? 'expected ' + r.expected + '\nfound    ' + r.actual : r.actual || r.expected || '';
    row.append(el('td', STATUS_WORDS[r.status] || r.status), el('td', shown(r.path)), el('td', hash, 'hash'));
    table.append(row);
  }
  root.append(table);
  return root;
}

/** Wires the pickers of verify.html. */
export function start(doc) {
  const folderInput = doc.getElementById('pick-folder');
  const zipInput = doc.getElementById('pick-zip');
  const digestInput = doc.getElementById('ticket-digest');
  const status = doc.getElementById('status');
  const result = doc.getElementById('result');
  let last = null;

  const onProgress = (p) => {
    status.textContent = 'Checking file ' + p.done + ' of ' + p.total + ' (' + (p.bytesDone / 1048576).toFixed(1) + ' of ' + (p.bytesTotal / 1048576).toFixed(1) + ' MiB)…';
  };
  const options = () => ({ onProgress, expectedDigest: digestInput.value.trim() || undefined });

  async function run(check) {
    last = check;
    result.replaceChildren();
    status.textContent = 'Checking…';
    try {
      const report = await check();
      result.replaceChildren(renderReport(report, doc));
      status.textContent = '';
    } catch (error) {
      status.textContent = 'The check could not finish: ' + ((error && error.message) || error);
    }
  }

  folderInput.addEventListener('change', () => {
    const picked = Array.from(folderInput.files);
    run(() => {
      const files = new Map();
      for (const f of picked) files.set(f.webkitRelativePath || f.name, { size: f.size, read: async () => new Uint8Array(await f.arrayBuffer()) });
      return verifyBag(files, options());
    });
  });
  zipInput.addEventListener('change', () => {
    const file = zipInput.files[0];
    if (!file) return;
    run(async () => {
      if (file.size > 2 * 1024 * 1024 * 1024) throw new Error('the file is larger than 2 GiB; unzip it and choose the folder instead.');
      return verifyZip(new Uint8Array(await file.arrayBuffer()), options());
    });
  });
  digestInput.addEventListener('change', () => {
    if (last) run(last);
  });
}

if (typeof document !== 'undefined' && document.getElementById('pick-zip')) start(document);
