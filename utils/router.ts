import { CasefileError, toCasefileError } from './errors';
import { Envelope, PackedEnvelope, isCommand, MAX_PAYLOAD_CHARS, protocol, type Command, type ParsedRequestOf, type Reply, type ResponseOf } from './protocol';

export interface SenderInfo {
  id?: string;
  url?: string;
  tab?: { id?: number; windowId?: number };
}

export type SenderKind = 'extension-page' | 'content-script' | 'foreign';

/**
 * Who sent a message, decided from the browser's own sender data (model: uBlock decides privilege
 * from the sender's origin). A content script's sender URL is the marketplace page; an extension
 * page's is under the extension's own origin.
 */
export function classifySender(sender: SenderInfo, runtimeId: string, extensionOrigin: string): SenderKind {
  if (sender.id !== runtimeId || !sender.url) return 'foreign';
  if (sender.url.startsWith(extensionOrigin)) return 'extension-page';
  if (sender.tab && sender.url.startsWith('https://www.upwork.com/')) return 'content-script';
  return 'foreign';
}

export type Handlers = {
  [K in Command]: (payload: ParsedRequestOf<K>, sender: SenderInfo) => Promise<ResponseOf<K>>;
};

function fail(error: unknown): Reply<never> {
  return { ok: false, error: toCasefileError(error, 'internal').toInfo() };
}

export function payloadSize(message: unknown): number {
  try {
    return JSON.stringify(message)?.length ?? 0;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** Parses, authorises and runs one message; every outcome is a typed reply, never a throw. */
export async function dispatch(
  message: unknown,
  sender: SenderInfo,
  handlers: Handlers,
  identity: { runtimeId: string; extensionOrigin: string },
): Promise<Reply<unknown>> {
  // The payload comes as a JSON string (sendCommand) or, from older callers, as an object.
  const packed = PackedEnvelope.safeParse(message);
  const size = packed.success ? packed.data.payloadJson.length : payloadSize(message);
  if (size > MAX_PAYLOAD_CHARS) {
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    return fail(new CasefileError('too-large', `${mb(size)}; the limit is ${mb(MAX_PAYLOAD_CHARS)}`));
  }
  let unpacked: unknown = message;
  if (packed.success) {
    try {
      unpacked = { casefile: 1, command: packed.data.command, payload: JSON.parse(packed.data.payloadJson) as unknown };
    } catch {
      return fail(new CasefileError('invalid-request', 'the message was not readable JSON'));
    }
  }
  const envelope = Envelope.safeParse(unpacked);
  if (!envelope.success) return fail(new CasefileError('invalid-request', 'not a Casefile message'));
  const { command, payload } = envelope.data;
  if (!isCommand(command)) return fail(new CasefileError('unknown-command', command));
  const spec = protocol[command];
  const from = classifySender(sender, identity.runtimeId, identity.extensionOrigin);
  if (from !== spec.from) {
    return fail(new CasefileError('forbidden', `"${command}" is accepted only from ${spec.from === 'extension-page' ? 'Casefile’s own pages' : 'Casefile’s page reader'}`));
  }
  const parsed = spec.request.safeParse(payload);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`)
      .join('; ');
    return fail(new CasefileError('invalid-request', `${command}: ${detail}`));
  }
  try {
    const handler = handlers[command] as (p: unknown, s: SenderInfo) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data, sender) };
  } catch (error) {
    return fail(error);
  }
}
