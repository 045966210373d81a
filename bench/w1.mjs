// Benchmark (c): W1 (../shared/bench/w1, copied to examples/) executed in-process 100,000 times,
// against a hand-written W1 function, alternating in the same process. Goal (issue #2): within 2×.
import { readFileSync } from 'node:fs';
import { compile } from '../dist/compiler/index.js';
import { createRegistry } from '../dist/nodes/index.js';
import { executeSync } from '../dist/runtime/execute.js';
import { compare } from './lib/measure.mjs';

const here = new URL('.', import.meta.url);
const doc = JSON.parse(readFileSync(new URL('../examples/w1-order-summary.pattern.json', here), 'utf8'));
const bodies = ['gold', 'basic', 'edge'].map((k) => JSON.parse(readFileSync(new URL(`../examples/w1/body-${k}.json`, here), 'utf8')));
const expected = JSON.parse(readFileSync(new URL('../examples/w1/expected.json', here), 'utf8'));

/** W1 as a programmer would write it by hand: the same answer, nothing else. */
export function handW1(body) {
  const items = body.items;
  let total = 0;
  for (let i = 0; i < items.length; i++) total += items[i].price * items[i].qty;
  return {
    status: 200,
    headers: {},
    body: { greeting: 'Hello, ' + body.user.name.toUpperCase(), total, tier: total > 100 ? 'gold' : 'basic', count: items.length },
  };
}

export async function benchW1({ n = 100_000, rounds = 9 } = {}) {
  const registry = createRegistry();
  const rows = [];
  ['gold', 'basic', 'edge'].forEach((k, i) => {
    const r = compile(doc, { registry }).compiled;
    const res = executeSync(r, { body: bodies[i] });
    if (JSON.stringify(res.response.body) !== JSON.stringify(expected[`body-${k}.json`]))
      throw new Error(`W1 wrong for ${k}: ${JSON.stringify(res.response.body)}`);
  });
  for (const trace of [false, true]) {
    const plan = compile(doc, { registry, trace }).compiled;
    const subject = (i) => executeSync(plan, { body: bodies[i % 3] }, { syncBudgetMs: 60_000 }).response; // a GC pause never sends it async
    const baseline = (i) => handW1(bodies[i % 3]);
    rows.push({ variant: trace ? 'with node log' : 'no node log', ...(await compare({ subject, baseline, n, rounds })) });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(await benchW1());
}
