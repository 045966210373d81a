// Benchmark (b): a 1,000,000-iteration arithmetic loop drawn as a pattern, against the same loop
// hand-written in JavaScript, in the same process, alternating. Goal (issue #2): within 3×.
import { compile } from '../dist/compiler/index.js';
import { createRegistry } from '../dist/nodes/index.js';
import { execute, executeSync } from '../dist/runtime/execute.js';
import { compare } from './lib/measure.mjs';

const N = 1_000_000;
export const loopPattern = {
  format: 'dragops.pattern/1',
  name: 'sum of i*2+1 for i < 1,000,000',
  variables: [{ name: 'sum', type: 'Float', default: 0 }],
  nodes: [
    { id: 'start', type: 'OnStart' },
    { id: 'loop', type: 'ForRange', defaults: { end: N } },
    { id: 'get', type: 'GetVariable', config: { variable: 'sum' } },
    { id: 'twice', type: 'Multiply', defaults: { b: 2 } },
    { id: 'plus1', type: 'Add', defaults: { b: 1 } },
    { id: 'add', type: 'Add' },
    { id: 'set', type: 'SetVariable', config: { variable: 'sum' } },
    { id: 'done', type: 'Log' },
  ],
  wires: [
    { from: { node: 'start', pin: 'then' }, to: { node: 'loop', pin: 'exec' } },
    { from: { node: 'loop', pin: 'body' }, to: { node: 'set', pin: 'exec' } },
    { from: { node: 'loop', pin: 'completed' }, to: { node: 'done', pin: 'exec' } },
    { from: { node: 'loop', pin: 'index' }, to: { node: 'twice', pin: 'a' } },
    { from: { node: 'twice', pin: 'result' }, to: { node: 'plus1', pin: 'a' } },
    { from: { node: 'get', pin: 'value' }, to: { node: 'add', pin: 'a' } },
    { from: { node: 'plus1', pin: 'result' }, to: { node: 'add', pin: 'b' } },
    { from: { node: 'add', pin: 'result' }, to: { node: 'set', pin: 'value' } },
    { from: { node: 'get', pin: 'value' }, to: { node: 'done', pin: 'message' } },
  ],
};

function handWritten() {
  let sum = 0;
  for (let i = 0; i < N; i++) sum = sum + (i * 2 + 1);
  return sum;
}

export async function benchLoop({ rounds = 15 } = {}) {
  const registry = createRegistry();
  const expected = String(handWritten());
  const rows = [];
  for (const trace of [false, true]) {
    const r = compile(loopPattern, { registry, trace });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    // The budget is raised so the synchronous variant runs to the end, as a server would for a loop
    // this short; the async variant (yielding every 5 ms) is measured separately below.
    const once = () => {
      const res = executeSync(r.compiled, {}, { syncBudgetMs: 60_000 });
      if (!res || res.logs[0]?.message !== expected) throw new Error(`wrong result: ${JSON.stringify(res?.logs)}`);
    };
    rows.push({ variant: trace ? 'sync, with node log' : 'sync, no node log', ...(await compare({ subject: once, baseline: handWritten, n: 1, rounds })) });
  }
  // The same after 40 executions: V8 first runs the loop in code compiled on the stack (OSR) whose
  // end, never reached when it was compiled, deoptimizes every execution; after ~20 executions it
  // compiles the whole function and the loop settles (bench/README.md, loop).
  const steady = compile(loopPattern, { registry, trace: true });
  if (!steady.ok) throw new Error(JSON.stringify(steady.errors));
  const steadyOnce = () => {
    executeSync(steady.compiled, {}, { syncBudgetMs: 60_000 });
  };
  rows.push({
    variant: 'sync, with node log, after 40 executions',
    ...(await compare({ subject: steadyOnce, baseline: handWritten, n: 1, rounds, warmup: 40 })),
  });
  const r = compile(loopPattern, { registry, trace: true });
  // The asynchronous variant, which a loop longer than the sync budget (10 ms) ends up running.
  const asyncOnce = async () => {
    const res = await execute(r.compiled, {}, { forceAsync: true });
    if (res.logs[0]?.message !== expected) throw new Error('wrong async result');
  };
  rows.push({ variant: 'async (yields every 5 ms), with node log', ...(await compare({ subject: asyncOnce, baseline: handWritten, n: 1, rounds })) });
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(await benchLoop());
}
