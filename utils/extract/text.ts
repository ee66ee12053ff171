/**
 * Plain text of rendered markup, the way a reader sees it: the rules of the browser's `innerText`
 * without layout. A paragraph is set apart by a blank line; other blocks (div, list, list item,
 * heading, table row…) start on a line of their own; `<br>` is a line break; runs of spaces and
 * newlines in the source collapse to one space, except inside `<pre>`. Characters are never
 * interpreted: text that looks like markup (`<img src=x onerror=…>`) or bidi controls (U+202E)
 * come out as those characters. Images contribute nothing (their files are listed as attachments).
 */

const BLOCK = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DETAILS', 'DIV', 'DL', 'DT', 'FIELDSET', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM',
  'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'PRE', 'SECTION', 'SUMMARY', 'TABLE', 'TR', 'UL',
]);
/** Elements with no readable text of their own. */
const SKIP = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'HEAD', 'TITLE', 'IMG', 'SVG', 'VIDEO', 'AUDIO', 'IFRAME', 'OBJECT', 'INPUT', 'TEXTAREA', 'SELECT', 'BUTTON']);

type Token = { text: string; pre: boolean } | { lines: number } | { br: true };

/**
 * @param root the element whose text is wanted
 * @param skip a selector for descendants to leave out (menus, timestamps, filler…)
 */
export function plainText(root: Element, skip?: string): string {
  const tokens: Token[] = [];
  const walk = (node: Node, pre: boolean) => {
    if (node.nodeType === 3) {
      const value = node.nodeValue ?? '';
      if (value !== '') tokens.push(pre ? { text: value.replace(/\r\n?/g, '\n'), pre } : { text: value.replace(/[ \t\n\r\f]+/g, ' '), pre });
      return;
    }
    if (node.nodeType !== 1) return;
    const el = node as Element;
    const tag = el.tagName.toUpperCase();
    if (SKIP.has(tag) || el.hasAttribute('hidden') || (skip && el.matches(skip))) return;
    if (tag === 'BR') {
      tokens.push({ br: true });
      return;
    }
    const lines = tag === 'P' ? 2 : BLOCK.has(tag) ? 1 : 0;
    if (lines) tokens.push({ lines });
    if ((tag === 'TD' || tag === 'TH') && el.previousElementSibling) tokens.push({ text: '\t', pre: true });
    for (const child of Array.from(el.childNodes)) walk(child, pre || tag === 'PRE');
    if (lines) tokens.push({ lines });
  };
  walk(root, false);

  // Join: a run of block boundaries becomes the largest break any of them asks for; breaks at the
  // very start or end vanish; spaces next to a line break, and doubled spaces, go.
  let out = '';
  let pending = 0;
  const atLineStart = () => out === '' || out.endsWith('\n');
  const flush = () => {
    if (pending > 0 && out !== '') out = out.replace(/ +$/, '') + '\n'.repeat(pending);
    pending = 0;
  };
  for (const t of tokens) {
    if ('lines' in t) {
      if (out !== '') pending = Math.max(pending, t.lines);
    } else if ('br' in t) {
      flush();
      out = out.replace(/ +$/, '') + '\n';
    } else if (t.pre) {
      flush();
      out += t.text;
    } else {
      let s = t.text;
      if (pending > 0 || atLineStart()) s = s.replace(/^ +/, '');
      if (s === '') continue;
      flush();
      if (out.endsWith(' ') && s.startsWith(' ')) s = s.slice(1);
      out += s;
    }
  }
  return out.replace(/[ \n]+$/, '').replace(/^\n+/, '');
}
