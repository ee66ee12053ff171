// The `<script id="__NUXT_DATA__">` payload of a Nuxt 3 page (REFERENCE §3 names it as a source of
// contract JSON). Nuxt 3 serialises its payload with `devalue`: one JSON array whose first element
// is the root; objects and arrays hold indexes into the array instead of values, equal primitives
// and shared objects are stored once, and wrapped values are `["ShallowReactive", index]`-style
// pairs that Nuxt's revivers unwrap. This module writes that format (and reads it back for tests),
// so extractors meet the real shape rather than a convenient one.

/** A value that Nuxt's payload reducers wrap (e.g. `shallowReactive(...)` state). */
export class Wrapped {
  /** @param {string} type @param {unknown} value */
  constructor(type, value) {
    this.type = type;
    this.value = value;
  }
}

export const shallowReactive = (value) => new Wrapped('ShallowReactive', value);
export const reactive = (value) => new Wrapped('Reactive', value);

const UNDEFINED = -1;
const NAN = -3;
const POSITIVE_INFINITY = -4;
const NEGATIVE_INFINITY = -5;
const NEGATIVE_ZERO = -6;

/** devalue-style `stringify`. */
export function stringifyPayload(root) {
  const out = [];
  const indexes = new Map();
  const flatten = (thing) => {
    if (thing === undefined) return UNDEFINED;
    if (typeof thing === 'number') {
      if (Number.isNaN(thing)) return NAN;
      if (thing === Infinity) return POSITIVE_INFINITY;
      if (thing === -Infinity) return NEGATIVE_INFINITY;
      if (thing === 0 && 1 / thing < 0) return NEGATIVE_ZERO;
    }
    if (indexes.has(thing)) return indexes.get(thing);
    const index = out.length;
    out.push(null);
    indexes.set(thing, index);
    if (thing instanceof Wrapped) out[index] = [thing.type, flatten(thing.value)];
    else if (thing instanceof Date) out[index] = ['Date', thing.toISOString()];
    else if (thing === null || typeof thing !== 'object') out[index] = thing;
    else if (Array.isArray(thing)) out[index] = thing.map(flatten);
    else out[index] = Object.fromEntries(Object.entries(thing).map(([k, v]) => [k, flatten(v)]));
    return index;
  };
  flatten(root);
  return JSON.stringify(out);
}

/** devalue-style `parse`, unwrapping Nuxt's reactive wrappers (Ref, Reactive, ShallowReactive…). */
export function parsePayload(json) {
  const values = JSON.parse(json);
  if (typeof values === 'number') return special(values);
  const hydrated = new Map();
  const hydrate = (index) => {
    if (index < 0) return special(index);
    if (hydrated.has(index)) return hydrated.get(index);
    const value = values[index];
    if (value === null || typeof value !== 'object') {
      hydrated.set(index, value);
      return value;
    }
    if (Array.isArray(value)) {
      if (typeof value[0] === 'string') {
        const result = value[0] === 'Date' ? new Date(value[1]) : hydrate(value[1]);
        hydrated.set(index, result);
        return result;
      }
      const arr = [];
      hydrated.set(index, arr);
      for (const n of value) arr.push(hydrate(n));
      return arr;
    }
    const obj = {};
    hydrated.set(index, obj);
    for (const [k, n] of Object.entries(value)) obj[k] = hydrate(n);
    return obj;
  };
  return hydrate(0);
}

function special(n) {
  switch (n) {
    case UNDEFINED:
      return undefined;
    case NAN:
      return NaN;
    case POSITIVE_INFINITY:
      return Infinity;
    case NEGATIVE_INFINITY:
      return -Infinity;
    case NEGATIVE_ZERO:
      return -0;
    default:
      throw new Error(`Invalid payload index ${n}`);
  }
}

/** JSON made safe inside a `<script>` element (as Nuxt does): no `</script>` or line separators. */
export function scriptSafeJson(json) {
  return json.replace(/</g, '\\u003C').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
