import { browser } from 'wxt/browser';
import { CasefileError, ERROR_CODES, type ErrorInfo } from './errors';
import type { Command, Reply, RequestOf, ResponseOf } from './protocol';
import { regroup, stringifyFragments, type Tick } from './slices';

// Checked by hand, not with zod, so content scripts that send commands stay small.
function isErrorInfo(v: unknown): v is ErrorInfo {
  const e = v as ErrorInfo | undefined;
  return !!e && typeof e.message === 'string' && (ERROR_CODES as readonly string[]).includes(e.code) && (e.detail === undefined || typeof e.detail === 'string');
}

/** Size of one part of a large payload (characters of its JSON). */
export const PART_CHARS = 256 * 1024;

/**
 * Sends a typed command to the background and returns its typed value, or throws a
 * CasefileError whose message is written for the user.
 */
export async function sendCommand<K extends Command>(command: K, payload: RequestOf<K>, options: { tick?: Tick; oneMessage?: boolean } = {}): Promise<ResponseOf<K>> {
  let reply: unknown;
  // The payload travels as JSON text: the browser copies a string far faster than it converts
  // thousands of small objects (over 100 ms for a large conversation). Up to PART_CHARS it is one
  // message; beyond, parts (see transfer.ts), each acknowledged before the next. With `tick` the
  // text is written in slices and never joined into one string here. With `oneMessage` it goes
  // whole whatever its size (a few megabytes at most), without waiting for the page between parts.
  const fragments = options.tick ? await stringifyFragments(payload, options.tick) : [JSON.stringify(payload)];
  try {
    const parts = options.oneMessage ? [fragments.join('')] : regroup(fragments, PART_CHARS);
    fragments.length = 0;
    if (parts.length <= 1) reply = await browser.runtime.sendMessage({ casefile: 1, command, payloadJson: parts[0] ?? '' });
    else {
      const transfer = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
      for (const [index, chunk] of parts.entries()) {
        const last = index === parts.length - 1;
        reply = await browser.runtime.sendMessage({ casefile: 1, transfer, index, count: parts.length, chunk, ...(last ? { command } : {}) });
        if (!last && (reply as Reply<unknown> | undefined)?.ok !== true) break;
        await options.tick?.();
      }
    }
  } catch (error) {
    throw new CasefileError('internal', `the background did not answer: ${error instanceof Error ? error.message : String(error)}`);
  }
  const r = reply as Reply<ResponseOf<K>> | undefined;
  if (r && r.ok === true) return r.value;
  if (r && r.ok === false && isErrorInfo(r.error)) throw CasefileError.fromInfo(r.error);
  throw new CasefileError('internal', 'the background sent no usable answer');
}
