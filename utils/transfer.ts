import { z } from './zod';
import { CasefileError } from './errors';
import { MAX_PAYLOAD_CHARS, type Reply } from './protocol';
import type { SenderInfo } from './router';
import { PART_CHARS } from './messaging';

/**
 * Large payloads (a conversation of thousands of messages with its raw page) travel from the
 * content script in parts. One `runtime.sendMessage` of several megabytes holds the page for
 * around 100 ms while the browser copies it; parts of PART_CHARS each cost a few milliseconds, and
 * the page runs between them. The background puts the parts back together (in order, from the
 * same tab and frame, within the size limit) and handles the whole as one command. The sending
 * side is sendCommand (messaging.ts).
 */
const MAX_PARTS = Math.ceil(MAX_PAYLOAD_CHARS / PART_CHARS) + 1;
const MAX_PENDING = 8;
const EXPIRE_MS = 120_000;

export const PartMessage = z.object({
  casefile: z.literal(1),
  transfer: z.string().regex(/^[\w-]{1,64}$/),
  index: z.number().int().min(0),
  count: z.number().int().min(2).max(MAX_PARTS),
  chunk: z.string().max(PART_CHARS),
  /** Only on the last part: the command the whole payload is for. */
  command: z.string().max(100).optional(),
});
export type PartMessage = z.infer<typeof PartMessage>;

interface Pending {
  chunks: string[];
  chars: number;
  count: number;
  startedAt: number;
}

export type Taken = { kind: 'whole'; message: unknown } | { kind: 'reply'; reply: Reply<unknown> };

export class Reassembly {
  private pending = new Map<string, Pending>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A part is kept (and acknowledged) or, when it is the last, the whole message is returned. */
  take(message: unknown, sender: SenderInfo & { frameId?: number }): Taken {
    const part = PartMessage.safeParse(message);
    if (!part.success) return { kind: 'whole', message };
    const p = part.data;
    const key = `${sender.id ?? ''}|${sender.tab?.id ?? ''}|${sender.frameId ?? ''}|${p.transfer}`;
    this.expire();
    const fail = (error: CasefileError): Taken => {
      this.pending.delete(key);
      return { kind: 'reply', reply: { ok: false, error: error.toInfo() } };
    };
    let entry = this.pending.get(key);
    if (p.index === 0) {
      if (this.pending.size >= MAX_PENDING) return fail(new CasefileError('too-large', 'too many large messages at once; try again in a moment'));
      entry = { chunks: [], chars: 0, count: p.count, startedAt: this.now() };
      this.pending.set(key, entry);
    }
    // A missing part: the background restarted mid-way, or the parts came out of order.
    if (!entry || entry.count !== p.count || entry.chunks.length !== p.index) {
      return fail(new CasefileError('invalid-request', 'a large message arrived incomplete (the background may have restarted); it will be sent again'));
    }
    entry.chunks.push(p.chunk);
    entry.chars += p.chunk.length;
    if (entry.chars > MAX_PAYLOAD_CHARS) {
      const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
      return fail(new CasefileError('too-large', `more than ${mb(MAX_PAYLOAD_CHARS)}`));
    }
    if (p.index < p.count - 1) {
      if (p.command !== undefined) return fail(new CasefileError('invalid-request', 'a part before the last named a command'));
      return { kind: 'reply', reply: { ok: true, value: { received: p.index } } };
    }
    this.pending.delete(key);
    if (p.command === undefined) return fail(new CasefileError('invalid-request', 'the last part named no command'));
    return { kind: 'whole', message: { casefile: 1, command: p.command, payloadJson: entry.chunks.join('') } };
  }

  private expire(): void {
    const now = this.now();
    for (const [key, entry] of this.pending) if (now - entry.startedAt > EXPIRE_MS) this.pending.delete(key);
  }
}
