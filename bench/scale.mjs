// Benchmark (issue #16): what grows with the number of deployed patterns. Deploys W1 copies through
// the API to each size in turn (default 100, 1,000, 10,000) and reports at each: the deploy latency
// of 100 more deploys (p50), the server's RSS; then restarts the server on the same database and
// reports the time until it answers `/healthz` and serves W1 (its first request compiles the plan),
// and W1's latency against one of the deployments under autocannon.
// The baseline is the same figures at the smallest size, in the same run.
//   node bench/scale.mjs [sizes, default 100,1000,10000]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { median, round } from './lib/measure.mjs';

const root = new URL('..', import.meta.url).pathname;
const sizes = (process.argv[2] ?? '100,1000,10000').split(',').map(Number);
const w1 = JSON.parse(readFileSync(join(root, 'examples/w1-order-summary.pattern.json'), 'utf8'));
const body = readFileSync(join(root, 'examples/w1/body-gold.json'), 'utf8');
const data = mkdtempSync(join(tmpdir(), 'dragops-scale-'));
const port = 4120;
const base = `http://127.0.0.1:${port}`;

async function start() {
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(root, 'bin/dragops.js'), 'serve', '--port', String(port), '--data', data], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (/serving on/.test(out)) resolve();
    });
    child.on('exit', (c) => reject(new Error(`server exited (${c}): ${out}`)));
  });
  for (;;) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return { child, readyMs: performance.now() - t0 };
}
const stop = (child) =>
  new Promise((r) => {
    child.once('exit', r);
    child.kill('SIGTERM');
  });
const rssMb = (pid) => Math.round(Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]) / 1024);

async function api(token, method, path, b) {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: b === undefined ? undefined : JSON.stringify(b),
  });
  const j = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${JSON.stringify(j)}`);
  return j.data;
}
const deploy = (token, i) => api(token, 'POST', '/api/patterns/deploy', { document: { ...w1, id: `w1-${i}`, name: `W1 copy ${i}` } });

let server = await start();
const { token } = await api(null, 'POST', '/api/auth/register', { email: 'scale@example.com', password: 'scale password 1', name: 'Scale' });
const rows = [];
let made = 0;
try {
  for (const size of sizes) {
    // Up to size - 100 quickly (4 at a time), then 100 timed one by one.
    while (made < size - 100) {
      const batch = Array.from({ length: Math.min(4, size - 100 - made) }, () => made++);
      await Promise.all(batch.map((i) => deploy(token, i)));
    }
    const times = [];
    while (made < size) {
      const t = performance.now();
      await deploy(token, made++);
      times.push(performance.now() - t);
    }
    const row = { deployed: size, deployP50Ms: round(median(times), 2), rssMb: rssMb(server.child.pid) };
    await stop(server.child);
    server = await start();
    row.restartToReadyMs = Math.round(server.readyMs);
    row.rssAfterRestartMb = rssMb(server.child.pid);
    const hook = `${base}/webhooks/${(await api(token, 'GET', '/api/patterns/w1-0')).webhookId}`;
    const t = performance.now();
    const first = await fetch(hook, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    if (!first.ok) throw new Error(`W1 after restart: ${first.status}`);
    row.firstRequestMs = round(performance.now() - t, 1);
    const load = await autocannon({ url: hook, method: 'POST', connections: 10, duration: 3, headers: { 'content-type': 'application/json' }, body });
    row.w1P50Ms = load.latency.p50;
    row.w1P99Ms = load.latency.p99;
    row.w1Rps = Math.round(load.requests.average);
    rows.push(row);
    console.error(JSON.stringify(row));
  }
} finally {
  await stop(server.child);
}
const first = rows[0],
  last = rows[rows.length - 1];
console.log(
  JSON.stringify(
    {
      benchmark: 'scale',
      rows,
      // Ratios of the largest size to the smallest (1 = flat).
      deployP50Ratio: round(last.deployP50Ms / first.deployP50Ms, 2),
      restartRatio: round(last.restartToReadyMs / first.restartToReadyMs, 2),
      w1P99Ratio: round(Math.max(1, last.w1P99Ms) / Math.max(1, first.w1P99Ms), 2),
    },
    null,
    2,
  ),
);
