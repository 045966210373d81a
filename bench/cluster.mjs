// Benchmark (issue #12 point 5): W1 over HTTP with 1, 2 and 3 `dragops serve` instances on one
// PostgreSQL, and queue latency (accepted → started) of `immediate` executions. The baseline, in the
// same run: one instance on SQLite (the default), under the same load. autocannon runs in this
// process with 10 connections in all, spread evenly over the instances (what a round-robin load
// balancer does). On a 2-core machine the instances, PostgreSQL and autocannon share two cores:
// more instances add no CPU, so this measures what several instances cost, not what they scale to.
//
// Queue latency: 200 `immediate` requests one after another (5 ms apart), spread over the instances
// (as in ../shared/notes' job-queue figures: a burst into one deployment waits for its cap of 4
// running at once, whatever the engine); an execution's
// acceptance time is in its run id (store/run-ids.ts: seq / 1000 = acceptance, ms) and its start is
// its `startedAt`, both read from the history afterwards.
//
//   node bench/cluster.mjs [seconds per round, default 5] [rounds, default 2] [--json]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import pg from 'pg';
import { median, round } from './lib/measure.mjs';
import { api } from './lib/api.mjs';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const asJson = args.includes('--json');
const nums = args.filter((a) => !a.startsWith('--'));
const seconds = Number(nums[0] ?? 5);
const rounds = Number(nums[1] ?? 2);
const PG = process.env.DRAGOPS_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const w1 = JSON.parse(readFileSync(join(root, 'examples/w1-order-summary.pattern.json'), 'utf8'));
const body = readFileSync(join(root, 'examples/w1/body-gold.json'), 'utf8');
const key = randomBytes(32).toString('hex');
const log = (o) => console.error(JSON.stringify(o));
let port = 4400;

function serve(extra) {
  const p = port++;
  const child = spawn(
    process.execPath,
    [join(root, 'bin/dragops.js'), 'serve', '--port', String(p), '--data', mkdtempSync(join(tmpdir(), 'dragops-bc-')), '--secrets-key', key, ...extra],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, DRAGOPS_LOG_LEVEL: 'warn' },
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('dragops is serving on')) resolve({ child, base: `http://127.0.0.1:${p}` });
    });
    child.on('exit', (c) => reject(new Error(`server exited (${c}): ${out}`)));
  });
}

/** A cluster of `n` instances (n = 0: one on SQLite), with W1 and an immediate pattern deployed. */
async function cluster(n) {
  let extra = [];
  let schema;
  if (n > 0) {
    schema = `bench_${Date.now().toString(36)}_${n}`;
    const c = new pg.Client({ connectionString: PG });
    await c.connect();
    await c.query(`create schema ${schema}`);
    await c.end();
    extra = ['--database-url', `${PG}?options=${encodeURIComponent(`-c search_path=${schema}`)}`];
  }
  const nodes = [];
  for (let i = 0; i < Math.max(1, n); i++) nodes.push(await serve(extra));
  const reg = await api(nodes[0].base, null, 'POST', '/api/auth/register', { email: 'b@example.test', password: 'a long password', name: 'B' });
  const token = reg.token;
  const d = await api(nodes[0].base, token, 'POST', '/api/patterns/deploy', { document: { ...w1, id: 'w1' } });
  const q = await api(nodes[0].base, token, 'POST', '/api/patterns/deploy', {
    document: {
      format: 'dragops.pattern/1',
      id: 'queued',
      name: 'queued',
      nodes: [
        { id: 'hook', type: 'OnWebhook', config: { responseMode: 'immediate' } },
        { id: 'log', type: 'Log', defaults: { message: 'ran' } },
      ],
      wires: [{ from: { node: 'hook', pin: 'then' }, to: { node: 'log', pin: 'exec' } }],
    },
  });
  const hook = new URL(d.webhookUrl).pathname;
  const qhook = new URL(q.webhookUrl).pathname;
  // Every instance serves W1 (the deploy reached it) before measuring.
  for (const node of nodes)
    for (let t = 0; ; t++) {
      const r = await fetch(node.base + hook, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      if (r.status === 200) break;
      if (t > 200) throw new Error(`instance ${node.base} never served W1`);
      await new Promise((res) => setTimeout(res, 10));
    }
  return { n, nodes, token, hook, qhook, queuedDeployment: q.deploymentId, schema };
}

async function stop(c) {
  for (const node of c.nodes) {
    node.child.kill('SIGTERM');
    await new Promise((r) => node.child.once('exit', r));
  }
  if (c.schema) {
    const client = new pg.Client({ connectionString: PG });
    await client.connect();
    await client.query(`drop schema ${c.schema} cascade`);
    await client.end();
  }
}

/** W1 under 10 connections spread over the instances: total requests/s, p99 of the worst instance. */
async function load(c) {
  const per = Math.floor(10 / c.nodes.length);
  const rs = await Promise.all(
    c.nodes.map((node, i) =>
      autocannon({
        url: node.base + c.hook,
        method: 'POST',
        connections: i === 0 ? 10 - per * (c.nodes.length - 1) : per,
        duration: seconds,
        headers: { 'content-type': 'application/json' },
        body,
      }),
    ),
  );
  return {
    rps: rs.reduce((a, r) => a + r.requests.average, 0),
    p99: Math.max(...rs.map((r) => r.latency.p99)),
    errors: rs.reduce((a, r) => a + r.errors + r.non2xx, 0),
  };
}

/** Accepted → started of 200 queued executions sent one after another, spread over the instances. */
async function queueLatency(c) {
  const ids = [];
  // The first queued execution on each instance compiles its plan there: warmed up, not measured.
  for (let i = 0; i < 2 * c.nodes.length; i++)
    await fetch(c.nodes[i % c.nodes.length].base + c.qhook, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  await new Promise((res) => setTimeout(res, 500));
  for (let i = 0; i < 200; i++) {
    const r = await fetch(c.nodes[i % c.nodes.length].base + c.qhook, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    ids.push((await r.json()).runId);
    await new Promise((res) => setTimeout(res, 5));
  }
  for (let t = 0; ; t++) {
    const runs = await api(c.nodes[0].base, c.token, 'GET', `/api/deployments/${c.queuedDeployment}/runs?limit=500`);
    const done = runs.filter((r) => ids.includes(r.id) && r.status === 'completed');
    // (runs holds the warm-up's too; only the measured ids count)
    if (done.length === ids.length) {
      const lat = done
        .map((r) => {
          const seq = parseInt(r.id.slice(4, 14), 16) * 0x1000000 + parseInt(r.id.slice(14), 16);
          return Date.parse(r.startedAt) - seq / 1000;
        })
        .sort((a, b) => a - b);
      return { p50: lat[Math.floor(lat.length * 0.5)], p99: lat[Math.floor(lat.length * 0.99)] };
    }
    if (t > 300) throw new Error(`only ${done.length} of ${ids.length} queued executions completed`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const sizes = [0, 1, 2, 3];
const results = Object.fromEntries(sizes.map((n) => [n, { rps: [], p99: [], errors: 0, q50: [], q99: [] }]));
for (let round_ = 0; round_ < rounds; round_++)
  for (const n of sizes) {
    const c = await cluster(n);
    try {
      await load(c); // warm-up
      const r = await load(c);
      // The history of the load is still being written for a moment on PostgreSQL (a queued
      // execution's job is removed only after its record is saved, behind that backlog): let it settle.
      await new Promise((res) => setTimeout(res, 3000));
      const q = await queueLatency(c);
      const x = results[n];
      x.rps.push(r.rps);
      x.p99.push(r.p99);
      x.errors += r.errors;
      x.q50.push(q.p50);
      x.q99.push(q.p99);
      log({ round: round_, instances: n || 'sqlite', rps: round(r.rps), p99: r.p99, errors: r.errors, queue: q });
    } finally {
      await stop(c);
    }
  }

const base = median(results[0].rps);
const table = sizes.map((n) => ({
  setup: n === 0 ? '1 instance, SQLite (baseline)' : `${n} instance${n > 1 ? 's' : ''}, PostgreSQL`,
  rps: round(median(results[n].rps)),
  ratio: round(median(results[n].rps) / base, 2),
  p99ms: median(results[n].p99),
  errors: results[n].errors,
  queueP50ms: round(median(results[n].q50), 1),
  queueP99ms: round(median(results[n].q99), 1),
}));
if (asJson) console.log(JSON.stringify({ seconds, rounds, table }, null, 2));
else {
  console.log(
    `W1 over HTTP, 10 connections spread over the instances, ${seconds} s × ${rounds} rounds (medians); queue: 200 immediate executions one after another`,
  );
  console.log('| setup | W1 req/s | ratio to SQLite | p99 ms | errors | queue accept→start p50 / p99 ms |');
  console.log('|---|---|---|---|---|---|');
  for (const r of table) console.log(`| ${r.setup} | ${r.rps} | ${r.ratio} | ${r.p99ms} | ${r.errors} | ${r.queueP50ms} / ${r.queueP99ms} |`);
}
