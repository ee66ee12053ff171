#!/usr/bin/env node
// Summarises a trace written by a bench's CASEFILE_PROFILE=<file>: for each thread that ran
// JavaScript, its busy time and the functions with the most self time, and, with --buckets=<ms>,
// what it did in each slice of that many milliseconds. A tool for finding where the time goes;
// it asserts nothing.
// --window=<from>-<to> (ms, as printed) counts only the samples in that window; --inclusive ranks
// functions by the time they were anywhere on the stack (callees included), to see which caller a
// phase's time belongs to.
//   node scripts/trace-summary.mjs trace.json [--top=15] [--buckets=250] [--window=500-1500] [--inclusive]
import { readFileSync } from 'node:fs';

const [file, ...flags] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/trace-summary.mjs <trace.json> [--top=N] [--buckets=MS] [--window=FROM-TO] [--inclusive]');
  process.exit(2);
}
const option = (name, fallback) => Number(flags.find((f) => f.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const TOP = option('top', 15);
const BUCKET_MS = option('buckets', 0);
const [WINDOW_FROM, WINDOW_TO] = (flags.find((f) => f.startsWith('--window='))?.split('=')[1] ?? '0-Infinity').split('-').map(Number);
const INCLUSIVE = flags.includes('--inclusive');

const { traceEvents } = JSON.parse(readFileSync(file, 'utf8'));
const threadNames = new Map();
for (const e of traceEvents) if (e.ph === 'M' && e.name === 'thread_name') threadNames.set(`${e.pid}:${e.tid}`, e.args.name);

/** One sampled profile per (pid, id): its nodes and its samples with their times (µs). */
const profiles = new Map();
for (const e of traceEvents) {
  if (e.name !== 'Profile' && e.name !== 'ProfileChunk') continue;
  const key = `${e.pid}:${e.id}`;
  let p = profiles.get(key);
  if (!p) profiles.set(key, (p = { thread: `${e.pid}:${e.tid}`, nodes: new Map(), samples: [], time: 0 }));
  const data = e.args?.data ?? {};
  if (e.name === 'Profile') p.time = data.startTime ?? p.time;
  for (const n of data.cpuProfile?.nodes ?? []) p.nodes.set(n.id, n);
  const samples = data.cpuProfile?.samples ?? [];
  const deltas = data.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    p.time += deltas[i] ?? 0;
    p.samples.push({ node: samples[i], at: p.time });
  }
}

const IDLE = new Set(['(idle)', '(program)', '(root)']);
const label = (node) => {
  const f = node?.callFrame ?? {};
  const where = (f.url ?? '').split('/').pop();
  return `${f.functionName || '(anonymous)'}${where ? ` ${where}:${(f.lineNumber ?? 0) + 1}` : ''}`;
};

let origin = Infinity;
for (const p of profiles.values()) for (const s of p.samples) origin = Math.min(origin, s.at);

for (const p of profiles.values()) {
  const self = new Map();
  const buckets = new Map();
  let busy = 0;
  let first = Infinity;
  let last = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const s = p.samples[i];
    const next = p.samples[i + 1]?.at ?? s.at;
    const dt = Math.max(0, next - s.at) / 1000;
    const name = label(p.nodes.get(s.node));
    const fn = p.nodes.get(s.node)?.callFrame?.functionName;
    if (IDLE.has(fn)) continue;
    const at = (s.at - origin) / 1000;
    if (at < WINDOW_FROM || at >= WINDOW_TO) continue;
    busy += dt;
    first = Math.min(first, s.at);
    last = Math.max(last, s.at);
    if (INCLUSIVE) {
      // Every function on the stack, once (recursion counted once).
      const onStack = new Set();
      for (let node = p.nodes.get(s.node); node; node = p.nodes.get(node.parent)) onStack.add(label(node));
      for (const fnName of onStack) self.set(fnName, (self.get(fnName) ?? 0) + dt);
    } else self.set(name, (self.get(name) ?? 0) + dt);
    if (BUCKET_MS > 0) {
      const b = Math.floor((s.at - origin) / 1000 / BUCKET_MS);
      const m = buckets.get(b) ?? new Map();
      m.set(name, (m.get(name) ?? 0) + dt);
      buckets.set(b, m);
    }
  }
  if (busy < 20) continue;
  const name = threadNames.get(p.thread) ?? p.thread;
  console.log(`\n== ${name} (${p.thread}): busy ${busy.toFixed(0)} ms, from ${((first - origin) / 1000).toFixed(0)} to ${((last - origin) / 1000).toFixed(0)} ms`);
  for (const [fn, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`  ${ms.toFixed(0).padStart(6)} ms  ${fn}`);
  for (const [b, m] of [...buckets].sort((x, y) => x[0] - y[0])) {
    const total = [...m.values()].reduce((a, x) => a + x, 0);
    const top = [...m].sort((x, y) => y[1] - x[1]).slice(0, 3).map(([fn, ms]) => `${fn} ${ms.toFixed(0)}`).join('; ');
    console.log(`  [${b * BUCKET_MS}–${(b + 1) * BUCKET_MS} ms] ${total.toFixed(0)} ms: ${top}`);
  }
}
