// Benchmark (issue #4 point 10): W1 over HTTP. dragops (`dragops serve`, SQLite, execution history
// on) against a hand-written node:http server doing W1, alternating in the same run. Each server
// runs pinned to core 0 (taskset), autocannon (10 connections) in this process on core 1.
// Goal: ≥ 0.7× node:http throughput, p99 within 2×. Also: deploy latency (API call → first request
// served by the new version), goal < 50 ms.
//   node bench/http.mjs [seconds per round, default 5] [rounds, default 3]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { median, round } from './lib/measure.mjs';

const root = new URL('..', import.meta.url).pathname;
const seconds = Number(process.argv[2] ?? 5);
const rounds = Number(process.argv[3] ?? 3);
const body = readFileSync(join(root, 'examples/w1/body-gold.json'), 'utf8');
const expected = JSON.parse(readFileSync(join(root, 'examples/w1/expected.json'), 'utf8'))['body-gold.json'];
const pin = (args) => (process.platform === 'linux' ? ['taskset', ['-c', '0', process.execPath, ...args]] : [process.execPath, args]);

function start(args, ready) {
  const [cmd, argv] = pin(args);
  const child = spawn(cmd, argv, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => { out += d; if (ready.test(out)) resolve(child); });
    child.on('exit', (c) => reject(new Error(`server exited (${c}): ${out}`)));
  });
}

const cpuOf = (pid) => {
  // utime + stime of the server process, in clock ticks (100 Hz on Linux).
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) * 10; // ms
};

async function load(url) {
  const r = await autocannon({ url, method: 'POST', connections: 10, duration: seconds, headers: { 'content-type': 'application/json' }, body });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx, total: r.requests.total };
}

async function api(base, token, method, path, b) {
  const res = await fetch(base + path, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: b === undefined ? undefined : JSON.stringify(b) });
  const j = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${JSON.stringify(j)}`);
  return j.data;
}

export async function benchHttp() {
  const data = mkdtempSync(join(tmpdir(), 'dragops-bench-'));
  const dragops = await start([join(root, 'bin/dragops.js'), 'serve', '--port', '4100', '--data', data], /serving on/);
  const baseline = await start([join(root, 'bench/servers/w1-node-http.mjs'), '4101'], /ready/);
  try {
    const base = 'http://127.0.0.1:4100';
    const { token } = await api(base, null, 'POST', '/api/auth/register', { email: 'bench@example.com', password: 'bench password 1', name: 'Bench' });
    const doc = JSON.parse(readFileSync(join(root, 'examples/w1-order-summary.pattern.json'), 'utf8'));
    const p = await api(base, token, 'POST', '/api/patterns', doc);
    await api(base, token, 'POST', `/api/patterns/${p.id}/deploy`, {});
    const hook = `${base}/webhooks/${p.webhookId}`;
    const check = await (await fetch(hook, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).json();
    if (JSON.stringify(check) !== JSON.stringify(expected)) throw new Error(`dragops answers W1 wrongly: ${JSON.stringify(check)}`);

    const rows = { dragops: [], nodeHttp: [] };
    await load(hook); await load('http://127.0.0.1:4101/'); // warm-up
    for (let r = 0; r < rounds; r++) {
      for (const [name, url, child] of [['dragops', hook, dragops], ['nodeHttp', 'http://127.0.0.1:4101/', baseline]]) {
        const cpu0 = cpuOf(child.pid);
        const res = await load(url);
        res.cpuMsPerRequest = (cpuOf(child.pid) - cpu0) / res.total;
        rows[name].push(res);
      }
    }
    const med = (name, k) => median(rows[name].map((x) => x[k]));
    const result = {
      seconds, rounds,
      dragopsRps: round(med('dragops', 'rps'), 0), nodeHttpRps: round(med('nodeHttp', 'rps'), 0),
      throughputRatio: round(med('dragops', 'rps') / med('nodeHttp', 'rps'), 2),
      dragopsP99ms: med('dragops', 'p99'), nodeHttpP99ms: med('nodeHttp', 'p99'), p99Ratio: round(med('dragops', 'p99') / Math.max(1, med('nodeHttp', 'p99')), 2),
      dragopsCpuUsPerRequest: round(med('dragops', 'cpuMsPerRequest') * 1000, 1), nodeHttpCpuUsPerRequest: round(med('nodeHttp', 'cpuMsPerRequest') * 1000, 1),
      errors: rows.dragops.reduce((a, x) => a + x.errors, 0) + rows.nodeHttp.reduce((a, x) => a + x.errors, 0),
    };

    // Deploy latency: alternate two greetings; time from the deploy call to the first answer of the new version.
    const latencies = [];
    for (let i = 0; i < 20; i++) {
      const greeting = `Hi #${i}, `;
      const v = { ...doc, nodes: doc.nodes.map((n) => (n.id === 'greeting' ? { ...n, defaults: { a: greeting } } : n)) };
      await api(base, token, 'PUT', `/api/patterns/${p.id}`, v);
      const t0 = performance.now();
      const deployed = api(base, token, 'POST', `/api/patterns/${p.id}/deploy`, {});
      for (;;) {
        const a = await (await fetch(hook, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).json();
        if (a.greeting.startsWith(greeting)) break;
      }
      latencies.push(performance.now() - t0);
      await deployed;
    }
    result.deployLatencyMsMedian = round(median(latencies), 1);
    result.deployLatencyMsMax = round(Math.max(...latencies), 1);
    return result;
  } finally {
    dragops.kill('SIGTERM');
    baseline.kill('SIGTERM');
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await benchHttp());
}
