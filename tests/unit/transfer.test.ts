import { describe, expect, it } from 'vitest';
import { PART_CHARS } from '@/utils/messaging';
import { regroup } from '@/utils/slices';
import { MAX_PAYLOAD_CHARS } from '@/utils/protocol';
import { Reassembly } from '@/utils/transfer';

const tab = { id: 'casefile-id', url: 'https://www.upwork.com/ab/messages/rooms/room_1', tab: { id: 7 }, frameId: 0 };
const parts = (transfer: string, chunks: string[], command = 'page.capture') =>
  chunks.map((chunk, index) => ({ casefile: 1, transfer, index, count: chunks.length, chunk, ...(index === chunks.length - 1 ? { command } : {}) }));

describe('large payloads in parts', () => {
  it('cuts a payload into parts and puts it back together exactly, acknowledging each part', () => {
    const json = JSON.stringify({ html: `<p>${'é\u202E<script>'.repeat(PART_CHARS / 4)}</p>`, n: 1 });
    const chunks = regroup([json], PART_CHARS);
    expect(chunks.length).toBeGreaterThan(2);
    expect(regroup(['{"small":1}'], PART_CHARS)).toEqual(['{"small":1}']);
    const r = new Reassembly();
    const messages = parts('t1', chunks);
    for (const m of messages.slice(0, -1)) expect(r.take(m, tab)).toEqual({ kind: 'reply', reply: { ok: true, value: { received: m.index } } });
    expect(r.take(messages.at(-1), tab)).toEqual({ kind: 'whole', message: { casefile: 1, command: 'page.capture', payloadJson: json } });
    // Other messages pass through untouched.
    const plain = { casefile: 1, command: 'store.summary', payloadJson: '{}' };
    expect(r.take(plain, tab)).toEqual({ kind: 'whole', message: plain });
  });

  it('refuses a transfer with a missing part (the background restarted), parts from another tab, and one over the size limit', () => {
    const r = new Reassembly();
    const messages = parts('t2', ['{"a":', '"b', '"}']);
    expect(r.take(messages[0], tab).kind).toBe('reply');
    // A restarted background has lost part 0: part 1 alone is refused, not half-handled.
    expect(new Reassembly().take(messages[1], tab)).toMatchObject({ kind: 'reply', reply: { ok: false, error: { code: 'invalid-request' } } });
    // The same transfer id from another tab does not join this one.
    expect(r.take(messages[1], { ...tab, tab: { id: 8 } })).toMatchObject({ kind: 'reply', reply: { ok: false } });
    expect(r.take(messages[1], tab)).toMatchObject({ kind: 'reply', reply: { ok: true } });
    expect(r.take(messages[2], tab)).toMatchObject({ kind: 'whole', message: { payloadJson: '{"a":"b"}' } });

    const big = new Reassembly();
    const count = Math.ceil(MAX_PAYLOAD_CHARS / PART_CHARS) + 1;
    let last;
    for (let index = 0; index < count; index++) {
      last = big.take({ casefile: 1, transfer: 't3', index, count, chunk: 'x'.repeat(PART_CHARS) }, tab);
      if (last.kind === 'reply' && !last.reply.ok) break;
    }
    expect(last).toMatchObject({ kind: 'reply', reply: { ok: false, error: { code: 'too-large' } } });
  });

  it('forgets transfers that never finish', () => {
    let now = 0;
    const r = new Reassembly(() => now);
    const [first, second] = parts('t4', ['{"a"', ':1}']);
    r.take(first, tab);
    now = 10 * 60_000;
    expect(r.take(second, tab)).toMatchObject({ kind: 'reply', reply: { ok: false } });
  });
});
