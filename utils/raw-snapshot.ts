/**
 * The raw snapshot of a page, kept beside every structured record. Scripts are removed so the
 * snapshot can never run when opened later; JSON data blocks (the page's own `__NUXT_DATA__`)
 * are kept because they are evidence and never execute.
 */
const EXECUTABLE_SCRIPT = (type: string) => {
  const t = type.trim().toLowerCase();
  return t === '' || t.includes('javascript') || t.includes('ecmascript') || t === 'module' || t === 'importmap' || t === 'speculationrules';
};

export function snapshotHtml(doc: Document): string {
  const root = doc.documentElement.cloneNode(true) as HTMLElement;
  neutralise(root);
  return `<!DOCTYPE html>\n${root.outerHTML}`;
}

/** The page's text as the user sees it (innerText keeps line breaks where layout puts them). */
export function snapshotText(doc: Document): string {
  const body = doc.body;
  if (!body) return '';
  const inner = (body as HTMLElement & { innerText?: string }).innerText;
  return typeof inner === 'string' && inner.length > 0 ? inner : (body.textContent ?? '');
}

/** Strips what could execute from a cloned subtree (same rules as snapshotHtml). */
function neutralise(root: Element): void {
  for (const script of Array.from(root.querySelectorAll('script'))) {
    if (EXECUTABLE_SCRIPT(script.getAttribute('type') ?? '')) script.remove();
  }
  for (const el of [root, ...Array.from(root.querySelectorAll('*'))]) {
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on')) el.removeAttribute(attr.name);
      else if ((name === 'href' || name === 'src' || name === 'action' || name === 'formaction') && /^\s*javascript:/i.test(attr.value)) {
        el.removeAttribute(attr.name);
      }
    }
  }
}

/**
 * A raw snapshot of some elements only (the conversation items that appeared since the last
 * capture), with the page's URL and title so the fragment can be read on its own.
 */
export function snapshotFragment(elements: readonly Element[], url: string, title: string): { html: string; text: string } {
  const parts: string[] = [];
  const texts: string[] = [];
  for (const element of elements) {
    const clone = element.cloneNode(true) as Element;
    neutralise(clone);
    parts.push(clone.outerHTML);
    texts.push(((element as HTMLElement).innerText || element.textContent || '').trim());
  }
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const html = `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${escape(title)}</title></head><body data-casefile-fragment-of="${escape(url)}">\n${parts.join('\n')}\n</body></html>`;
  return { html, text: texts.join('\n\n') };
}
