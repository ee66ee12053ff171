// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { snapshotHtml, snapshotText } from '@/utils/raw-snapshot';

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
});
