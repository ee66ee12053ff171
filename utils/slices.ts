/**
 * Cooperative time slicing for work done in the page (content scripts): long jobs call `tick()`
 * often; it resolves at once while the current slice is young and yields to the page (its input,
 * rendering and scripts) when the slice has run `budgetMs`. The page then never sees one long
 * task from Casefile, whatever the size of the conversation.
 */
export type Tick = () => Promise<void>;

type SchedulerLike = { yield?: () => Promise<void> };

/** A macrotask turn: `scheduler.yield()` where the browser has it, else a MessageChannel message. */
export function yieldToPage(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: SchedulerLike }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
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
 * JSON.stringify, in slices: arrays are written a few hundred elements at a time and objects one
 * property at a time, with `tick` between. Gives exactly JSON.stringify's text for plain data
 * (objects, arrays, strings, numbers, booleans, null; undefined properties left out).
 */
export async function stringifySliced(value: unknown, tick: Tick, chunk = 250): Promise<string> {
  if (Array.isArray(value)) {
    if (value.length <= chunk) return JSON.stringify(value);
    const parts: string[] = [];
    for (let i = 0; i < value.length; i += chunk) {
      parts.push(JSON.stringify(value.slice(i, i + chunk)).slice(1, -1));
      await tick();
    }
    return `[${parts.join(',')}]`;
  }
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const parts: string[] = [];
    for (const [key, v] of Object.entries(value)) {
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
      parts.push(`${JSON.stringify(key)}:${await stringifySliced(v, tick, chunk)}`);
    }
    return `{${parts.join(',')}}`;
  }
  if (typeof value === 'string' && value.length > STRING_SLICE) {
    // A long string (a page's HTML) is escaped a slice at a time, never cutting a surrogate pair,
    // so the text is exactly JSON.stringify's.
    const parts: string[] = [];
    for (let i = 0; i < value.length; ) {
      let end = Math.min(value.length, i + STRING_SLICE);
      const last = value.charCodeAt(end - 1);
      if (end < value.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
      parts.push(JSON.stringify(value.slice(i, end)).slice(1, -1));
      i = end;
      await tick();
    }
    return `"${parts.join('')}"`;
  }
  return JSON.stringify(value);
}

const STRING_SLICE = 256 * 1024;
