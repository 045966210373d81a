// What isolation costs: W1 run inline (its plan is bounded by its event, so the server runs it on the
// request thread) against the same execution sent to an execution worker (what every unbounded plan
// pays), 10 executions in flight, alternating in one process. `taskset -c 0 node bench/isolation.mjs`
// keeps worker and server on one core, as bench/http.mjs does; without it the worker has a core of its own.
import { readFileSync } from 'node:fs';
import { compile } from '../dist/compiler/index.js';
import { createRegistry } from '../dist/nodes/index.js';
import { Executor } from '../dist/isolation/executor.js';
import { WorkerPool, DEFAULT_POOL } from '../dist/isolation/pool.js';
import { compare, round } from './lib/measure.mjs';

const here = new URL('.', import.meta.url);
const doc = JSON.parse(readFileSync(new URL('../examples/w1-order-summary.pattern.json', here), 'utf8'));
const body = JSON.parse(readFileSync(new URL('../examples/w1/body-gold.json', here), 'utf8'));

export async function benchIsolation({ n = 2000, rounds = 9 } = {}) {
  const plan = compile(doc, { registry: createRegistry() }).compiled;
  const pool = new WorkerPool({ ...DEFAULT_POOL, workers: 1, maxWorkers: 1 });
  const executor = new Executor(pool);
  const event = { body, headers: {}, query: {}, method: 'POST', url: '/webhooks/w1' };
  if (!executor.inline(plan, event)) throw new Error('W1 should be bounded by its event');
  const batch = 10;
  const inline = () => {
    for (let i = 0; i < batch; i++) executor.tryInline(plan, event, {});
  };
  // 10 in flight all the time: each one that ends starts the next (as 10 connections would).
  // A failed run rejects the round (it used to leave it pending forever, and the rejection unhandled).
  const isolated = () =>
    new Promise((resolve, reject) => {
      let started = 0,
        ended = 0;
      const next = () => {
        started++;
        executor.isolated(plan, event, {}).then(() => {
          if (++ended === batch * 10) resolve();
          else if (started < batch * 10) next();
        }, reject);
      };
      for (let i = 0; i < batch; i++) next();
    });
  const inline10 = () => {
    for (let i = 0; i < 10; i++) inline();
  };
  const r = [await executor.isolated(plan, event, {})];
  if (r[0].response.body.tier !== 'gold') throw new Error(`W1 wrong in a worker: ${JSON.stringify(r[0])}`);
  const row = await compare({ subject: isolated, baseline: inline10, n: n / 10, rounds });
  await pool.close();
  const per = (ms) => round((ms * 1000) / (n * batch), 2);
  return [
    {
      variant: 'W1, 10 in flight',
      'worker µs/exec': per(row.subjectMs),
      'inline µs/exec': per(row.baselineMs),
      ratio: row.ratio,
      'added µs/exec': round(per(row.subjectMs) - per(row.baselineMs), 2),
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await benchIsolation());
