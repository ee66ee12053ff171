import { noYield, type Tick } from './slices';

/**
 * The raw snapshot of a page, kept beside every structured record. Scripts are removed so the
 * snapshot can never run when opened later; JSON data blocks (the page's own `__NUXT_DATA__`)
 * are kept because they are evidence and never execute.
 *
 * A conversation of thousands of messages is tens of thousands of elements: cloning and
 * serialising it in one go would hold the page for hundreds of milliseconds. The serialiser below
 * therefore works in pieces of at most PIECE_ELEMENTS elements (a shallow clone of each large
 * element gives its start and end tags; its children are cloned and serialised a batch at a
 * time), and the async forms yield to the page between pieces. The result is the same string
 * `outerHTML` of a neutralised clone of the whole document would give.
 */
const EXECUTABLE_SCRIPT = (type: string) => {
  const t = type.trim().toLowerCase();
  return t === '' || t.includes('javascript') || t.includes('ecmascript') || t === 'module' || t === 'importmap' || t === 'speculationrules';
};

/** Attributes holding a URL that a `javascript:` value would run from. */
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background']);

/** How a browser reads a URL attribute: leading/trailing controls and spaces dropped, tabs and newlines removed. */
function isJavascriptUrl(value: string): boolean {
  let start = 0;
  while (start < value.length && value.charCodeAt(start) <= 0x20) start++;
  return /^javascript:/i.test(value.slice(start).replace(/[\t\n\r]/g, ''));
}

export const PIECE_ELEMENTS = 1500;

export function snapshotHtml(doc: Document): string {
  return `<!DOCTYPE html>\n${Array.from(pieces(doc.documentElement)).join('')}`;
}

/** The same as snapshotHtml, yielding to the page between pieces. */
export async function snapshotHtmlSliced(doc: Document, tick: Tick = noYield): Promise<string> {
  const parts = ['<!DOCTYPE html>\n'];
  for (const piece of pieces(doc.documentElement)) {
    parts.push(piece);
    await tick();
  }
  const html = parts.join('');
  await tick();
  return html;
}

/** The page's text as the user sees it (innerText keeps line breaks where layout puts them). */
export function snapshotText(doc: Document): string {
  const body = doc.body;
  if (!body) return '';
  const inner = (body as HTMLElement & { innerText?: string }).innerText;
  return typeof inner === 'string' && inner.length > 0 ? inner : (body.textContent ?? '');
}

/**
 * The same text in slices, for a large page: each small block's innerText, large blocks taken
 * apart, blocks on lines of their own. A page of ordinary size gets body.innerText in one go.
 */
export async function snapshotTextSliced(doc: Document, tick: Tick = noYield): Promise<string> {
  const body = doc.body;
  if (!body) return '';
  if (elementCount(body) <= PIECE_ELEMENTS * 2) return snapshotText(doc);
  const parts: string[] = [];
  for (const text of textPieces(body)) {
    parts.push(text);
    await tick();
  }
  return parts.join('\n');
}

const NO_TEXT = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT']);

function* textPieces(el: Element): Generator<string, void, undefined> {
  if (NO_TEXT.has(el.tagName)) return;
  const visible = (el as Element & { checkVisibility?: () => boolean }).checkVisibility;
  if (typeof visible === 'function' && !visible.call(el)) return;
  if (elementCount(el) <= PIECE_ELEMENTS) {
    const text = ((el as HTMLElement).innerText ?? el.textContent ?? '').trim();
    if (text) yield text;
    return;
  }
  for (const child of Array.from(el.childNodes)) {
    if (child.nodeType === 1) yield* textPieces(child as Element);
    else if (child.nodeType === 3) {
      const text = (child as Text).data.replace(/\s+/g, ' ').trim();
      if (text) yield text;
    }
  }
}

function elementCount(el: Element): number {
  return el.getElementsByTagName('*').length + 1;
}

/**
 * Serialised markup that neutralise() would leave exactly as it is: no `<script`, no attribute
 * whose name starts with "on", no URL attribute mentioning "script:" or holding a tab or line
 * break. The serialiser writes every attribute as ` name="value"` (quotes in values escaped), so a
 * real one always matches these patterns; text that merely looks like them only costs a clone.
 */
const MAY_RUN = /<script|\son[^\s"'>/=]*="|\s(?:href|src|action|formaction|xlink:href|data|poster|background)="[^"]*(?:script:|[\t\n\r])/i;

/** `el` serialised from the live page when that is already safe, else from a neutralised clone. */
function serialised(el: Element): string {
  // A script on its own is removed, not cloned (neutralise() strips scripts below the root).
  if (el.localName === 'script' && EXECUTABLE_SCRIPT(el.getAttribute('type') ?? '')) return '';
  const live = el.outerHTML;
  if (!MAY_RUN.test(live)) return live;
  const clone = el.cloneNode(true) as Element;
  neutralise(clone);
  return clone.outerHTML;
}

/** Elements whose text children are written as they are (HTML serialisation of fragments). */
const RAW_TEXT_PARENTS = new Set(['style', 'script', 'xmp', 'iframe', 'noembed', 'noframes', 'plaintext', 'noscript']);

/** A child node of `parent` as the serialiser writes it inside `parent`. */
function serialisedChild(child: Node, parent: Element): string {
  if (child.nodeType === 1) return serialised(child as Element);
  if (child.nodeType === 3 && !RAW_TEXT_PARENTS.has(parent.localName)) {
    return (child as Text).data.replace(/&/g, '&amp;').replace(/\u00a0/g, '&nbsp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  }
  if (child.nodeType === 8) return `<!--${(child as Comment).data}-->`;
  const holder = parent.cloneNode(false) as Element;
  holder.append(child.cloneNode(true));
  return holder.innerHTML;
}

/** The serialisation of `el` (neutralised), in pieces that each cost about PIECE_ELEMENTS elements. */
function* pieces(el: Element): Generator<string, void, undefined> {
  if (elementCount(el) <= PIECE_ELEMENTS) {
    yield serialised(el);
    return;
  }
  const shell = el.cloneNode(false) as Element;
  neutralise(shell);
  const tags = shell.outerHTML;
  const close = tags.lastIndexOf('</');
  yield close >= 0 ? tags.slice(0, close) : tags;
  let batch: string[] = [];
  let batchElements = 0;
  for (const child of Array.from(el.childNodes)) {
    const size = child.nodeType === 1 ? elementCount(child as Element) : 0;
    if (batch.length > 0 && (size > PIECE_ELEMENTS || batchElements + size > PIECE_ELEMENTS)) {
      yield batch.join('');
      batch = [];
      batchElements = 0;
    }
    if (size > PIECE_ELEMENTS) {
      yield* pieces(child as Element);
      continue;
    }
    batch.push(serialisedChild(child, el));
    batchElements += size;
  }
  if (batch.length > 0) yield batch.join('');
  if (close >= 0) yield tags.slice(close);
}

/** Strips what could execute from a cloned subtree (its root too unless `includeRoot` is false). */
function neutralise(root: Element, includeRoot = true): void {
  for (const script of Array.from(root.getElementsByTagName('script'))) {
    if (EXECUTABLE_SCRIPT(script.getAttribute('type') ?? '')) script.remove();
  }
  const strip = (el: Element) => {
    if (!el.hasAttributes()) return;
    for (const name of el.getAttributeNames()) {
      const lower = name.toLowerCase();
      if (lower.startsWith('on') || (URL_ATTRIBUTES.has(lower) && isJavascriptUrl(el.getAttribute(name) ?? ''))) el.removeAttribute(name);
    }
  };
  if (includeRoot) strip(root);
  for (const el of Array.from(root.getElementsByTagName('*'))) strip(el);
}

/**
 * A raw snapshot of some elements only (the conversation items that appeared since the last
 * capture), with the page's URL and title so the fragment can be read on its own.
 */
export async function snapshotFragment(elements: readonly Element[], url: string, title: string, tick: Tick = noYield): Promise<{ html: string; text: string }> {
  const parts: string[] = [];
  const texts: string[] = [];
  for (const element of elements) {
    const own: string[] = [];
    for (const piece of pieces(element)) {
      own.push(piece);
      await tick();
    }
    parts.push(own.join(''));
    texts.push(((element as HTMLElement).innerText || element.textContent || '').trim());
  }
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const html = `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${escape(title)}</title></head><body data-casefile-fragment-of="${escape(url)}">\n${parts.join('\n')}\n</body></html>`;
  return { html, text: texts.join('\n\n') };
}
