// Benchmark (issue #4 point 10): W1 over HTTP. dragops (`dragops serve`, SQLite, execution history
// on) against a hand-written node:http server doing W1, alternating in the same run. Each server
// runs pinned to core 0 (taskset), autocannon (10 connections) in this process on core 1.
// Goal: ≥ 0.7× node:http throughput, p99 within 2×. Also: deploy latency (API call → first request
// served by the new version), goal < 50 ms.
// With `--before DIR` (another checkout of dragops, built) its server runs in the same rounds too,
// so two builds are compared side by side. Reports the bytes each build stores per W1 execution.
//   node bench/http.mjs [seconds per round, default 5] [rounds, default 3] [--before DIR]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { median, round } from './lib/measure.mjs';
import { api } from './lib/api.mjs';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const beforeAt = args.indexOf('--before');
const before = beforeAt >= 0 ? args.splice(beforeAt, 2)[1] : undefined;
const seconds = Number(args[0] ?? 5);
const rounds = Number(args[1] ?? 3);
const body = readFileSync(join(root, 'examples/w1/body-gold.json'), 'utf8');
const expected = JSON.parse(readFileSync(join(root, 'examples/w1/expected.json'), 'utf8'))['body-gold.json'];
const pin = (args) => (process.platform === 'linux' ? ['taskset', ['-c', '0', process.execPath, ...args]] : [process.execPath, args]);

function start(args, ready, cwd = root) {
  const [cmd, argv] = pin(args);
  const child = spawn(cmd, argv, { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (ready.test(out)) resolve(child);
    });
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

/** A dragops server of the checkout at `dir` with W1 deployed; returns its webhook URL. */
async function dragopsServer(dir, port) {
  const data = mkdtempSync(join(tmpdir(), 'dragops-bench-'));
  const child = await start([join(dir, 'bin/dragops.js'), 'serve', '--port', String(port), '--data', data], /serving on/, dir);
  const base = `http://127.0.0.1:${port}`;
  const { token } = await api(base, null, 'POST', '/api/auth/register', { email: 'bench@example.com', password: 'bench password 1', name: 'Bench' });
  const doc = JSON.parse(readFileSync(join(root, 'examples/w1-order-summary.pattern.json'), 'utf8'));
  const p = await api(base, token, 'POST', '/api/patterns', doc);
  await api(base, token, 'POST', `/api/patterns/${p.id}/deploy`, {});
  const hook = `${base}/webhooks/${p.webhookId}`;
  const check = await (await fetch(hook, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).json();
  if (JSON.stringify(check) !== JSON.stringify(expected)) throw new Error(`dragops (${dir}) answers W1 wrongly: ${JSON.stringify(check)}`);
  return { child, base, token, doc, p, hook, data };
}

/** Bytes each W1 execution left in the history: its row's texts, and the database files over the run count. */
async function storedBytes(server) {
  const exited = new Promise((r) => server.child.once('exit', r));
  server.child.kill('SIGTERM');
  await exited; // the history is flushed and checkpointed on shutdown
  const file = join(server.data, 'dragops.db');
  const db = new Database(file, { readonly: true });
  try {
    const r = db.prepare('SELECT count(*) AS n, sum(length(trigger_data)) AS trigger, sum(length(log)) AS log FROM runs').get();
    const sizes = ['', '-wal'].reduce((a, x) => {
      try {
        return a + statSync(file + x).size;
      } catch {
        return a;
      }
    }, 0);
    return {
      executions: r.n,
      triggerDataBytes: round(r.trigger / r.n, 0),
      logBytes: round(r.log / r.n, 0),
      rowTextBytes: round((r.trigger + r.log) / r.n, 0),
      fileBytesPerExecution: round(sizes / r.n, 0),
    };
  } finally {
    db.close();
  }
}

export async function benchHttp() {
  const main = await dragopsServer(root, 4100);
  const old = before ? await dragopsServer(before, 4102) : undefined;
  const baseline = await start([join(root, 'bench/servers/w1-node-http.mjs'), '4101'], /ready/);
  const dragops = main.child;
  try {
    const { base, token, doc, p, hook } = main;
    const rows = { dragops: [], nodeHttp: [], before: [] };
    const servers = [['dragops', hook, dragops], ['nodeHttp', 'http://127.0.0.1:4101/', baseline], ...(old ? [['before', old.hook, old.child]] : [])];
    for (const [, url] of servers) await load(url); // warm-up
    for (let r = 0; r < rounds; r++) {
      for (const [name, url, child] of servers) {
        const cpu0 = cpuOf(child.pid);
        const res = await load(url);
        res.cpuMsPerRequest = (cpuOf(child.pid) - cpu0) / res.total;
        rows[name].push(res);
      }
    }
    const med = (name, k) => median(rows[name].map((x) => x[k]));
    const result = {
      seconds,
      rounds,
      dragopsRps: round(med('dragops', 'rps'), 0),
      nodeHttpRps: round(med('nodeHttp', 'rps'), 0),
      throughputRatio: round(med('dragops', 'rps') / med('nodeHttp', 'rps'), 2),
      dragopsP99ms: med('dragops', 'p99'),
      nodeHttpP99ms: med('nodeHttp', 'p99'),
      p99Ratio: round(med('dragops', 'p99') / Math.max(1, med('nodeHttp', 'p99')), 2),
      dragopsCpuUsPerRequest: round(med('dragops', 'cpuMsPerRequest') * 1000, 1),
      nodeHttpCpuUsPerRequest: round(med('nodeHttp', 'cpuMsPerRequest') * 1000, 1),
      errors: [...rows.dragops, ...rows.nodeHttp, ...rows.before].reduce((a, x) => a + x.errors, 0),
    };
    if (old)
      Object.assign(result, {
        beforeRps: round(med('before', 'rps'), 0),
        beforeThroughputRatio: round(med('before', 'rps') / med('nodeHttp', 'rps'), 2),
        beforeP99ms: med('before', 'p99'),
        beforeCpuUsPerRequest: round(med('before', 'cpuMsPerRequest') * 1000, 1),
      });

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
    result.stored = await storedBytes(main);
    if (old) result.storedBefore = await storedBytes(old);
    return result;
  } finally {
    dragops.kill('SIGTERM');
    old?.child.kill('SIGTERM');
    baseline.kill('SIGTERM');
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await benchHttp());
}
