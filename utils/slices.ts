/**
 * Cooperative time slicing for work done in the page (content scripts): long jobs call `tick()`
 * often; it resolves at once while the current slice is young and yields to the page (its input,
 * rendering and scripts) when the slice has run `budgetMs`. The page then never sees one long
 * task from Casefile, whatever the size of the conversation.
 */
export type Tick = () => Promise<void>;

/**
 * A macrotask turn (the page paints, takes clicks and runs its own timers; not throttled in a
 * background tab): a MessageChannel message. Not `scheduler.yield()`: its continuation outranks
 * the page's other tasks on purpose, and the page's own timers (and all they drive) waited for
 * Casefile's job (measured on a room of 5,000 messages: 0.8–1.2 s late; with posted messages,
 * about 40 ms; `npm run bench:capture:large` prints it).
 */
export function yieldToPage(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

export function timeSlicer(budgetMs = 8, now: () => number = () => performance.now()): Tick {
  let sliceStart = now();
  return async () => {
    if (now() - sliceStart < budgetMs) return;
    await yieldToPage();
    sliceStart = now();
  };
}

/** For callers that want the whole job in one go (tests, small pages). */
export const noYield: Tick = () => Promise.resolve();

/**
 * JSON.stringify, in slices: arrays are written a few hundred elements at a time, objects one
 * property at a time and long strings a slice at a time, with `tick` between. The text comes as
 * fragments whose concatenation is exactly JSON.stringify's text for plain data (objects, arrays,
 * strings, numbers, booleans, null; undefined properties left out); keeping them apart spares the
 * page several copies of a multi-megabyte string (and the garbage collection they cause).
 */
export async function stringifyFragments(value: unknown, tick: Tick, out: string[] = [], chunk = 250): Promise<string[]> {
  if (Array.isArray(value)) {
    if (value.length <= chunk) out.push(JSON.stringify(value));
    else {
      for (let i = 0; i < value.length; i += chunk) {
        const text = JSON.stringify(value.slice(i, i + chunk));
        out.push(i === 0 ? text.slice(0, -1) : `,${text.slice(1, -1)}`);
        await tick();
      }
      out.push(']');
    }
  } else if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    let first = true;
    out.push('{');
    for (const [key, v] of Object.entries(value)) {
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
      out.push(`${first ? '' : ','}${JSON.stringify(key)}:`);
      first = false;
      await stringifyFragments(v, tick, out, chunk);
    }
    out.push('}');
  } else if (typeof value === 'string' && value.length > STRING_SLICE) {
    // A long string (a page's HTML) is escaped a slice at a time, never cutting a surrogate pair,
    // so the text is exactly JSON.stringify's.
    out.push('"');
    for (let i = 0; i < value.length; ) {
      let end = Math.min(value.length, i + STRING_SLICE);
      const last = value.charCodeAt(end - 1);
      if (end < value.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
      out.push(JSON.stringify(value.slice(i, end)).slice(1, -1));
      i = end;
      await tick();
    }
    out.push('"');
  } else out.push(JSON.stringify(value));
  return out;
}

/** The fragments joined: JSON.stringify's text, written in slices. */
export async function stringifySliced(value: unknown, tick: Tick): Promise<string> {
  return (await stringifyFragments(value, tick)).join('');
}

/** Regroups text fragments into parts of at most `size` characters (slicing large fragments). */
export function regroup(fragments: readonly string[], size: number): string[] {
  const parts: string[] = [];
  let current: string[] = [];
  let length = 0;
  for (let fragment of fragments) {
    while (fragment.length > 0) {
      const room = size - length;
      const take = fragment.length <= room ? fragment : fragment.slice(0, room);
      current.push(take);
      length += take.length;
      fragment = fragment.slice(take.length);
      if (length === size) {
        parts.push(current.join(''));
        current = [];
        length = 0;
      }
    }
  }
  if (length > 0) parts.push(current.join(''));
  return parts;
}

const STRING_SLICE = 256 * 1024;
