// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { PIECE_ELEMENTS, snapshotFragment, snapshotHtml, snapshotHtmlSliced, snapshotText } from '@/utils/raw-snapshot';

describe('raw snapshot', () => {
  it('removes executable scripts, handlers and javascript: links but keeps the page JSON and hostile text as text', () => {
    document.documentElement.innerHTML = `<head><script>window.evil = 1</script><script type="module">x()</script>
      <script id="__NUXT_DATA__" type="application/json">{"contract":{"id":"38417205"}}</script></head>
      <body><div onclick="steal()" id="m">&lt;img src=x onerror=alert(1)&gt; \u202Egnp.exe</div>
      <a href="javascript:alert(1)">x</a><img src="a.png" onerror="alert(2)"></body>`;
    const html = snapshotHtml(document);
    expect(html).not.toMatch(/window\.evil|x\(\)|onclick|onerror="|javascript:/);
    expect(html).toContain('__NUXT_DATA__');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(snapshotText(document)).toContain('<img src=x onerror=alert(1)> \u202Egnp.exe');
    // The live page is untouched.
    expect(document.querySelector('#m')!.getAttribute('onclick')).toBe('steal()');
  });

  it('removes javascript: URLs however the browser would still read them (case, controls, tabs inside)', () => {
    document.documentElement.innerHTML = `<body><a id="a" href=" JaVa&#9;Script:alert(1)">a</a><a id="b" href="&#1;javascript:alert(2)">b</a>
      <form action="java&#10;script:alert(3)"><button formaction="javascript:x">c</button></form><object data="javascript:alert(4)"></object>
      <a id="ok" href="https://www.upwork.com/ab/messages/rooms/room_1?q=javascript:">ok</a></body>`;
    const html = snapshotHtml(document);
    expect(html).not.toMatch(/alert\(|formaction|data="/);
    expect(html).toContain('href="https://www.upwork.com/ab/messages/rooms/room_1?q=javascript:"');
  });

  it('serialises a large conversation in pieces to exactly what one clone of the whole page gives', async () => {
    const items = Array.from({ length: 900 }, (_, i) =>
      `<div class="up-d-story-item" id="s${i}" onclick="x()"><span class="t">${i} &amp; &lt;b&gt;</span><p>line<br>two</p>${i % 50 === 0 ? '<script>bad()</script><script type="application/json">{"k":1}</script>' : ''}</div>`,
    ).join('\n');
    // eslint-disable-next-line no-unsanitized/property -- the test's own markup
    document.documentElement.innerHTML = `<head><title>Room</title><style>p > b { color: red }</style></head><body><main><div id="story-viewport">${items}</div><p>after</p></main><template><b onclick="y()">t</b></template><script type="module" src="/app.js"></script></body>`;
    expect(document.getElementsByTagName('*').length).toBeGreaterThan(PIECE_ELEMENTS * 2);
    const whole = document.documentElement.cloneNode(true) as HTMLElement;
    for (const s of Array.from(whole.querySelectorAll('script'))) if (!s.type || s.type === 'module') s.remove();
    for (const el of Array.from(whole.querySelectorAll('*'))) for (const name of el.getAttributeNames()) if (name.startsWith('on')) el.removeAttribute(name);
    const expected = `<!DOCTYPE html>\n${whole.outerHTML}`;
    let ticks = 0;
    const sliced = await snapshotHtmlSliced(document, async () => {
      ticks += 1;
    });
    expect(sliced).toBe(expected);
    expect(snapshotHtml(document)).toBe(expected);
    expect(ticks).toBeGreaterThan(2);
    expect(sliced).not.toMatch(/onclick="x|bad\(\)|app\.js/);
    expect(sliced).toContain('{"k":1}');

    const fragment = await snapshotFragment([document.getElementById('story-viewport')!, document.getElementById('s3')!], 'https://www.upwork.com/x', 'A & B');
    expect(fragment.html).toContain('<title>A &amp; B</title>');
    expect(fragment.html).toContain(`${(whole.querySelector('#story-viewport') as HTMLElement).outerHTML}\n<div class="up-d-story-item" id="s3">`);
  });
});
