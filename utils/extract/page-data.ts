/**
 * The page's own data: the `<script id="__NUXT_DATA__">` payload of Upwork's Nuxt 3 app
 * (REFERENCE §1 "single-page app (Nuxt 3 / Vue 3)", §3 "a `<script id="__NUXT_DATA__">` payload").
 * Read only; nothing here runs page code.
 */

const NUXT_WRAPPERS = /^(?:Reactive|ShallowReactive|Ref|ShallowRef|EmptyRef|EmptyShallowRef|NuxtError|Island)$/;

/** devalue's encodings of undefined, NaN, ±Infinity and -0 (indexes below zero). */
const SPECIAL: Record<number, unknown> = { [-1]: undefined, [-2]: undefined, [-3]: Number.NaN, [-4]: Infinity, [-5]: -Infinity, [-6]: -0 };

/**
 * Nuxt 3 writes its payload with `devalue`: one JSON array whose element 0 is the root and whose
 * objects and arrays hold indexes into that array; wrapped values are `["ShallowReactive", i]`
 * pairs and dates `["Date", iso]`. Plain JSON (a payload that is not an array) is returned as is.
 * Throws on text that is not JSON.
 */
export function unflattenNuxt(text: string): unknown {
  const values = JSON.parse(text) as unknown;
  if (!Array.isArray(values)) return values;
  if (values.length === 0) return undefined;
  const done = new Map<number, unknown>();
  const hydrate = (i: unknown, depth: number): unknown => {
    if (typeof i !== 'number' || !Number.isInteger(i) || depth > 200) return undefined;
    if (i < 0) return SPECIAL[i];
    if (done.has(i)) return done.get(i);
    const v = values[i] as unknown;
    if (v === null || typeof v !== 'object') {
      done.set(i, v);
      return v;
    }
    if (Array.isArray(v)) {
      if (v.length === 2 && typeof v[0] === 'string') {
        if (NUXT_WRAPPERS.test(v[0])) {
          const inner = hydrate(v[1], depth + 1);
          done.set(i, inner);
          return inner;
        }
        if (v[0] === 'Date' && typeof v[1] === 'string') {
          done.set(i, v[1]);
          return v[1];
        }
      }
      const arr: unknown[] = [];
      done.set(i, arr);
      for (const x of v) arr.push(hydrate(x, depth + 1));
      return arr;
    }
    const obj: Record<string, unknown> = {};
    done.set(i, obj);
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) obj[k] = hydrate(x, depth + 1);
    return obj;
  };
  return hydrate(0, 0);
}

/** The page's Nuxt payload, read; null when absent or unreadable (the raw page still has it). */
export function readNuxtData(doc: Document, selectors: readonly string[]): unknown {
  for (const selector of selectors) {
    const text = doc.querySelector(selector)?.textContent;
    if (!text) continue;
    try {
      return unflattenNuxt(text);
    } catch {
      // Unreadable JSON: the raw capture keeps it; the other layers take over.
    }
  }
  return null;
}

/** Every plain object in a JSON tree, depth first (bounded, cycle-safe). */
export function* objectsIn(root: unknown, maxDepth = 16): Generator<Record<string, unknown>> {
  const seen = new Set<unknown>();
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (!v || typeof v !== 'object' || seen.has(v) || depth > maxDepth) continue;
    seen.add(v);
    if (!Array.isArray(v)) yield v as Record<string, unknown>;
    const children = Array.isArray(v) ? v : Object.values(v as object);
    for (let i = children.length - 1; i >= 0; i--) stack.push([children[i], depth + 1]);
  }
}
