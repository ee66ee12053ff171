import { browser } from 'wxt/browser';
import { CasefileError, ERROR_CODES, type ErrorInfo } from './errors';
import type { Command, Reply, RequestOf, ResponseOf } from './protocol';

// Checked by hand, not with zod, so content scripts that send commands stay small.
function isErrorInfo(v: unknown): v is ErrorInfo {
  const e = v as ErrorInfo | undefined;
  return !!e && typeof e.message === 'string' && (ERROR_CODES as readonly string[]).includes(e.code) && (e.detail === undefined || typeof e.detail === 'string');
}

/**
 * Sends a typed command to the background and returns its typed value, or throws a
 * CasefileError whose message is written for the user.
 */
export async function sendCommand<K extends Command>(command: K, payload: RequestOf<K>): Promise<ResponseOf<K>> {
  let reply: unknown;
  try {
    reply = await browser.runtime.sendMessage({ casefile: 1, command, payload });
  } catch (error) {
    throw new CasefileError('internal', `the background did not answer: ${error instanceof Error ? error.message : String(error)}`);
  }
  const r = reply as Reply<ResponseOf<K>> | undefined;
  if (r && r.ok === true) return r.value;
  if (r && r.ok === false && isErrorInfo(r.error)) throw CasefileError.fromInfo(r.error);
  throw new CasefileError('internal', 'the background sent no usable answer');
}
