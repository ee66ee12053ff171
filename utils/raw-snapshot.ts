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
  for (const script of Array.from(root.querySelectorAll('script'))) {
    if (EXECUTABLE_SCRIPT(script.getAttribute('type') ?? '')) script.remove();
  }
  for (const el of Array.from(root.querySelectorAll('*'))) {
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on')) el.removeAttribute(attr.name);
      else if ((name === 'href' || name === 'src' || name === 'action' || name === 'formaction') && /^\s*javascript:/i.test(attr.value)) {
        el.removeAttribute(attr.name);
      }
    }
  }
  return `<!DOCTYPE html>\n${root.outerHTML}`;
}

/** The page's text as the user sees it (innerText keeps line breaks where layout puts them). */
export function snapshotText(doc: Document): string {
  const body = doc.body;
  if (!body) return '';
  const inner = (body as HTMLElement & { innerText?: string }).innerText;
  return typeof inner === 'string' && inner.length > 0 ? inner : (body.textContent ?? '');
}
