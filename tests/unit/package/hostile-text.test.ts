// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { buildPackage, verifyPackage } from '@/utils/package';
import { PAGE_CSP } from '@/utils/package/html';
import { csvCell } from '@/utils/package/text';
import { VERIFY_CSP, verifierScript } from '@/utils/package/verify-html';
import { renderReport as renderVerifyReport } from '@/utils/package/verifier/verify-ui.js';
import type { BagReport } from '@/utils/package/verifier/verify-core.js';
import { createCase, createContract, createMessage, createMilestones, createNote, createPackageInput, createRevision, createRoom, OPTIONS } from './factories';
import { text, unzip } from './zip-helpers';

/**
 * Captured text is data. Messages, titles, names, attachment names and notes full of markup,
 * direction overrides and sheer size must come out as visible text in every HTML page of the
 * package, as inert cells in the CSV, and as single lines in the ticket.
 */

const IMG = '<img src=x onerror=alert(1)>';
const SCRIPT = '<script>alert("x")</script>';
const SVG = '"><svg onload=alert(2)>';
const RLO = 'invoice\u202Egpj.exe';
const HUGE = `${'A'.repeat(1024 * 1024)}<b>end</b>`;

async function hostilePackage() {
  const base = await createPackageInput();
  const milestones = createMilestones().map((m, i) => (i === 1 ? { ...m, title: IMG, status: SCRIPT, description: SVG } : m));
  const input = {
    ...base,
    case: createCase({ title: `Case ${SCRIPT}` }),
    contracts: [createContract({ title: `Redesign ${IMG}`, clientName: SVG, milestones })],
    rooms: [createRoom({ title: `Room ${SCRIPT}`, participants: [{ name: IMG }] })],
    messages: [
      createMessage({ text: IMG, senderName: SCRIPT }),
      createMessage({ id: 'msg-2', text: RLO, sentAtDisplayed: SVG, attachments: [{ name: IMG, size: SCRIPT, url: 'javascript:alert(3)' }] }),
      createMessage({ id: 'msg-3', text: HUGE, edited: true }),
      createMessage({ id: 'msg-4', text: '=HYPERLINK("http://evil.example","click")', sentAt: null, sentAtUnparsed: true, sentAtDisplayed: '</td></tr><script>alert(4)</script>' }),
    ],
    messageRevisions: [createRevision({ text: `${SCRIPT}${IMG}` })],
    notes: [createNote({ text: `note ${IMG}\r\nTicket-Injected: yes` })],
    deadlineRules: { 'fixed.review-autorelease': SCRIPT },
  };
  const built = await buildPackage(input, OPTIONS);
  const files = Object.fromEntries(Object.entries(unzip(built.bytes)).map(([name, bytes]) => [name.slice(built.base.length + 1), text(bytes)]));
  return { built, files };
}

function parse(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}

/** No element that could run or load anything, and no event-handler attribute anywhere. */
function expectInert(doc: Document, name: string) {
  expect(doc.querySelectorAll('script, img, svg, iframe, object, embed, link, base, form, meta[http-equiv=refresh]').length, name).toBe(0);
  for (const el of Array.from(doc.querySelectorAll('*'))) {
    for (const attr of Array.from(el.attributes)) {
      expect(attr.name.startsWith('on'), `${name}: ${el.tagName} has ${attr.name}`).toBe(false);
      if (attr.name === 'href') expect(attr.value, `${name}: href`).not.toMatch(/^\s*javascript:/i);
    }
  }
}

describe('hostile text in the package', () => {
  it('shows markup in messages, titles, names and notes as text in report.html, which has no script at all', async () => {
    const { files } = await hostilePackage();
    const html = files['data/report.html']!;
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<svg');
    const doc = parse(html);
    expectInert(doc, 'report.html');
    const body = doc.body.textContent ?? '';
    expect(body).toContain(IMG);
    expect(body).toContain(SCRIPT);
    expect(body).toContain(SVG);
    expect(body).toContain('javascript:alert(3)'); // shown as text, never a link
    expect(doc.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content')).toBe(PAGE_CSP);
    expect(PAGE_CSP).not.toContain('script-src');
  });

  it('makes direction overrides visible instead of letting them reorder text', async () => {
    const { files } = await hostilePackage();
    for (const name of ['data/report.html', 'data/messages/room_4f2a9c1b7e3d4a5b8c6d0e1f2a3b4c5d.html']) {
      expect(files[name]).not.toContain('\u202E');
      expect(parse(files[name]!).body.textContent).toContain('invoice[U+202E]gpj.exe');
    }
    // The data files keep the exact text.
    expect(JSON.parse(files['data/messages/room_4f2a9c1b7e3d4a5b8c6d0e1f2a3b4c5d.json']!).messages.some((m: { text: string }) => m.text === RLO)).toBe(true);
  });

  it('keeps a 1 MiB message whole, as text', async () => {
    const { files } = await hostilePackage();
    const doc = parse(files['data/messages/room_4f2a9c1b7e3d4a5b8c6d0e1f2a3b4c5d.html']!);
    expectInert(doc, 'messages html');
    // The <b> at the end of the message stays text: every <b> element is a sender's name.
    expect(Array.from(doc.querySelectorAll('b')).some((b) => b.textContent === 'end')).toBe(false);
    expect(doc.body.textContent).toContain(HUGE);
  });

  it('escapes the transcript page the same way', async () => {
    const { files } = await hostilePackage();
    const html = files['data/messages/room_4f2a9c1b7e3d4a5b8c6d0e1f2a3b4c5d.html']!;
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script');
    const doc = parse(html);
    expectInert(doc, 'messages html');
    expect(doc.title).toBe(`Conversation: Room ${SCRIPT}`);
    expect(doc.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content')).toBe(PAGE_CSP);
  });

  it('gives verify.html exactly one script, the verifier, under a CSP that allows nothing else', async () => {
    const { files } = await hostilePackage();
    const doc = parse(files['verify.html']!);
    const scripts = doc.querySelectorAll('script');
    expect(scripts.length).toBe(1);
    expect(scripts[0]!.getAttribute('type')).toBe('module');
    expect(scripts[0]!.textContent?.trim()).toBe(verifierScript().trim());
    expect(doc.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content')).toBe(VERIFY_CSP);
    expect(VERIFY_CSP).toBe("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; base-uri 'none'; form-action 'none'");
  });

  it('refuses a package id that could inject a line into bag-info.txt or markup into verify.html', async () => {
    const input = await createPackageInput();
    await expect(buildPackage(input, { ...OPTIONS, packageId: 'x\nPayload-Oxum: 1.1' })).rejects.toThrow(/packageId/);
    await expect(buildPackage(input, { ...OPTIONS, packageId: IMG })).rejects.toThrow(/packageId/);
  });

  it('writes CSV cells that no spreadsheet reads as formulas', async () => {
    const { files } = await hostilePackage();
    expect(files['data/messages/room_4f2a9c1b7e3d4a5b8c6d0e1f2a3b4c5d.csv']).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(['=1+1', '+1', '-2', '@SUM(A1)', '\t=1', '\r=1', 'plain'].map(csvCell)).toEqual(["\"'=1+1\"", "\"'+1\"", "\"'-2\"", "\"'@SUM(A1)\"", "\"'\t=1\"", "\"'\r=1\"", '"plain"']);
  });

  it('keeps every ticket line a single line: titles cannot add lines or hide text', async () => {
    const { built, files } = await hostilePackage();
    expect(built.ticketText).not.toMatch(/^Ticket-Injected/m);
    expect(built.ticketText).not.toContain('\u202E');
    expect(files['bag-info.txt']!.split('\n').every((line) => line === '' || /^[A-Za-z-]+: /.test(line))).toBe(true);
  });

  it('still verifies a package full of hostile text', async () => {
    const { built } = await hostilePackage();
    expect((await verifyPackage(built.bytes)).ok).toBe(true);
  });

  it('shows hostile file names in verify.html’s result as text', () => {
    const report = {
      ok: false,
      problems: [{ code: 'unexpected', message: `Unexpected: ${IMG}`, path: IMG }],
      notes: [SCRIPT],
      files: [{ path: `bag/${IMG}`, status: 'unexpected', expected: null, actual: null, size: 1 }],
      bag: { base: 'bag', packageId: SVG, exportTime: null, softwareAgent: SCRIPT, format: null, bagInfo: {} },
      digest: { recorded: IMG, computed: 'a'.repeat(64), expected: null, matches: false },
      oxum: { recorded: null, computed: '1.1' },
      audit: null,
      counts: { ok: 0, changed: 0, missing: 0, unexpected: 1, unreadable: 0, ignored: 0 },
      indexJson: null,
    } satisfies BagReport;
    const node = renderVerifyReport(report, document);
    expect(node.querySelectorAll('img, script, svg').length).toBe(0);
    expect(node.textContent).toContain(IMG);
    expect(node.textContent).toContain(SVG);
  });
});
