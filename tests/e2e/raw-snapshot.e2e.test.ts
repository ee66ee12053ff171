// The raw snapshot in a real browser: the piecewise serialiser (pieces of a large page, yielding
// between them) must give exactly what neutralising one clone of the whole page gives, on a page full
// of things that could run. The unit tests run it in a test DOM; this runs it in Chromium.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { resolve } from 'node:path';
import { chromiumPath } from './harness.mjs';

let browser: Browser;
let page: Page;
let bundle: string;

beforeAll(async () => {
  const out = await build({
    configFile: false,
    logLevel: 'silent',
    build: { write: false, minify: false, lib: { entry: resolve('utils/raw-snapshot.ts'), formats: ['iife'], name: 'casefileSnapshot' } },
  });
  const result = Array.isArray(out) ? out[0]! : out;
  bundle = (result as { output: { code?: string }[] }).output[0]!.code!;
  browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  page = await browser.newPage();
});

afterAll(async () => {
  await browser?.close();
});

/** A conversation of `n` items; some (every one when few, every 37th when many) carry something to strip, in one of many forms. */
function pageWith(n: number): string {
  const risky = [
    '<img src="x.png" onerror="alert(1)">',
    '<a href=" JaVaScRiPt:alert(2)">x</a>',
    '<a href="java&#9;script:alert(3)">x</a>',
    '<a href="&#1;javascript:alert(4)">x</a>',
    '<form action="javascript:alert(5)"><button formaction="javascript:alert(6)">b</button></form>',
    '<svg><a xlink:href="javascript:alert(7)"><text>t</text></a></svg>',
    '<div ONMOUSEOVER="alert(8)">hover</div>',
    '<script>alert(9)</script><script type="application/json">{"kept":true}</script>',
    '<object data="javascript:alert(10)"></object>',
    '<a href="https://www.upwork.com/ab/messages/rooms/room_1?q=script:ok">safe but looks odd</a>',
  ];
  const items = Array.from({ length: n }, (_, i) => {
    const step = n > 1000 ? 37 : 1;
    const extra = i % step === 0 ? risky[(i / step) % risky.length] : '';
    return `<div class="up-d-story-item" id="story_${i}"><div class="story-inner"><span class="story-timestamp" title="January 20, 2026 at 3:12 AM">3:12 AM</span><div data-test="story-message"><p>Message ${i} &amp; &lt;img src=x onerror=alert(1)&gt; \u202Egnp.exe&nbsp;end</p>${extra}</div></div></div>\n`;
  }).join('');
  return `<!DOCTYPE html><html lang="en"><head><title>Room</title><style>p > b { color: red }</style><script>window.pageScript = 1</script></head>
    <body onload="alert('body')"><main><div id="story-viewport"><!-- list -->${items}</div></main><textarea>&lt;/textarea&gt; raw</textarea><noscript><p>no</p></noscript><template><b onclick="y()">t</b></template><script type="module" src="/app.js"></script><script type="application/json" id="data">{"top":1}</script></body></html>`;
}

async function compare(n: number) {
  await page.setContent(pageWith(n));
  await page.addScriptTag({ content: bundle });
  return page.evaluate(async () => {
    const api = (window as unknown as { casefileSnapshot: typeof import('../../utils/raw-snapshot') }).casefileSnapshot;
    // The reference: one clone of the whole page, every script and handler and javascript: URL stripped.
    const clone = document.documentElement.cloneNode(true) as HTMLElement;
    for (const s of Array.from(clone.querySelectorAll('script'))) if (/^\s*$|javascript|ecmascript|^\s*(module|importmap|speculationrules)\s*$/i.test(s.getAttribute('type') ?? '')) s.remove();
    for (const el of [clone, ...Array.from(clone.querySelectorAll('*'))]) {
      for (const name of el.getAttributeNames()) {
        const value = el.getAttribute(name) ?? '';
        const url = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background'].includes(name.toLowerCase());
        let start = 0;
        while (start < value.length && value.charCodeAt(start) <= 0x20) start++;
        if (name.toLowerCase().startsWith('on') || (url && /^javascript:/i.test(value.slice(start).replace(/[\t\n\r]/g, '')))) el.removeAttribute(name);
      }
    }
    const expected = `<!DOCTYPE html>\n${clone.outerHTML}`;
    let ticks = 0;
    const sliced = await api.snapshotHtmlSliced(document, async () => {
      ticks += 1;
    });
    const text = await api.snapshotTextSliced(document, async () => {});
    return { expected, sliced, sync: api.snapshotHtml(document), ticks, live: document.querySelector('img[onerror]') !== null, text, innerText: document.body.innerText };
  });
}

describe('raw snapshot in Chromium', () => {
  test.each([40, 3000])('a page of %i messages: pieces equal one neutralised clone, and nothing that could run is left', async (n) => {
    const r = await compare(n);
    expect(r.sliced).toBe(r.expected);
    expect(r.sync).toBe(r.expected);
    // Attributes, not the message's text (which shows `onerror=alert(1)` as characters).
    expect(r.sliced).not.toMatch(/\son(error|load|mouseover)="|alert\(([2-9]|10)\)|window\.pageScript|'body'|app\.js/i);
    expect(r.sliced).toContain('{"kept":true}');
    expect(r.sliced).toContain('<script type="application/json" id="data">{"top":1}</script>');
    expect(r.sliced).toContain('Message 1 &amp; &lt;img src=x onerror=alert(1)&gt; \u202Egnp.exe&nbsp;end');
    expect(r.sliced).toContain('href="https://www.upwork.com/ab/messages/rooms/room_1?q=script:ok"');
    // The live page keeps its own attributes.
    expect(r.live).toBe(true);
    if (n > 1000) expect(r.ticks).toBeGreaterThan(10);
    // The page's text: every message, in order, as characters; no style sheet or script text.
    const lines = r.text.split('\n').filter((l) => l.startsWith('Message '));
    expect(lines).toHaveLength(n);
    expect(lines[n - 1]).toBe(`Message ${n - 1} & <img src=x onerror=alert(1)> \u202Egnp.exe\u00a0end`);
    expect(r.text).not.toMatch(/color: red|pageScript/);
    if (n < 1000) expect(r.text).toBe(r.innerText);
  });
});
