// Benchmark (issue #16): what grows with the number of deployed patterns.
//
// Webhooks: W1 copies at each size (default 100, 10,000, 100,000). All but the last 100 of each size
// are written through the store in bulk, with the server stopped (what a deploy writes: a pattern, its
// version, its deployment); the last 100 are deployed through the API one by one and timed. At each
// size: deploy p50, RSS; the Patterns and Deployments listings (first page, a deep page, a search;
// the time a client on loopback waits, an upper bound of the server's); then a restart: time until
// `/healthz` answers, RSS, the first W1 request (it compiles the plan) and W1 latency under autocannon.
// The baseline is W1's latency with one pattern deployed, measured first in the same run.
//
// Schedules: a second database with N every-minute schedule patterns (default 10,000), all due at the
// same second; the server runs two minute ticks; the skew of an execution is its start (`startedAt`)
// minus its tick's scheduled time (`triggerData.timestamp`), read from the history afterwards.
//
//   node bench/scale.mjs [sizes, default 100,10000,100000] [schedules, default 10000]
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { median, round } from './lib/measure.mjs';

const root = new URL('..', import.meta.url).pathname;
const { openSqliteStore } = await import(join(root, 'dist/store/sqlite/index.js'));
const { COMPILER_VERSION } = await import(join(root, 'dist/compiler/index.js'));
const sizes = (process.argv[2] ?? '100,10000,100000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const scheduleCount = Number(process.argv[3] ?? 10_000);
const w1 = JSON.parse(readFileSync(join(root, 'examples/w1-order-summary.pattern.json'), 'utf8'));
const nightly = JSON.parse(readFileSync(join(root, 'examples/nightly-report.pattern.json'), 'utf8'));
const body = readFileSync(join(root, 'examples/w1/body-gold.json'), 'utf8');
const port = 4120;
const base = `http://127.0.0.1:${port}`;
const log = (o) => console.error(JSON.stringify(o));

async function start(data) {
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
    await new Promise((r) => setTimeout(r, 10));
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
    headers: { ...(b === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: b === undefined ? undefined : JSON.stringify(b),
  });
  const j = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${JSON.stringify(j)}`);
  return j;
}
const deploy = (token, doc) => api(token, 'POST', '/api/patterns/deploy', { document: doc });
const copy = (i) => ({ ...w1, id: `w1-${i}`, name: `W1 copy ${i}` });

/** Writes patterns `from`…`to`-1 as deployed, through the store (the server must be stopped). */
async function bulk(data, ownerId, from, to, docOf) {
  const store = await openSqliteStore(join(data, 'dragops.db'));
  const at = new Date().toISOString();
  try {
    for (let i = from; i < to; i++) {
      const { id, ...document } = docOf(i);
      const p = {
        id,
        ownerId,
        document,
        webhookId: randomBytes(12).toString('hex'),
        webhookSecret: randomBytes(24).toString('hex'),
        revision: 1,
        createdAt: at,
        updatedAt: at,
      };
      if (!(await store.createPattern(p))) throw new Error(`pattern ${id} exists`);
      await store.recordDeploy({
        deploymentId: `dep_bulk${i}`,
        patternId: id,
        document,
        compilerVersion: COMPILER_VERSION,
        callees: {},
        note: null,
        userId: ownerId,
        now: at,
      });
      if ((i - from) % 10_000 === 9_999) log({ bulk: i + 1 });
    }
  } finally {
    await store.close();
  }
}

/** Median and max of `n` timed GETs of one path (ms, on loopback). */
async function timed(token, path, n = 15) {
  const ts = [];
  let total;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const j = await api(token, 'GET', path);
    ts.push(performance.now() - t);
    total = j.meta?.total;
  }
  return { path, p50Ms: round(median(ts), 1), maxMs: round(Math.max(...ts), 1), total };
}

async function w1Load(token, id) {
  const hook = `${base}/webhooks/${(await api(token, 'GET', `/api/patterns/${id}`)).data.webhookId}`;
  const t = performance.now();
  const first = await fetch(hook, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  if (!first.ok) throw new Error(`W1: ${first.status}`);
  const firstRequestMs = round(performance.now() - t, 1);
  const load = await autocannon({ url: hook, method: 'POST', connections: 10, duration: 3, headers: { 'content-type': 'application/json' }, body });
  if (load.non2xx || load.errors) throw new Error(`W1 under load: ${load.non2xx} non-2xx, ${load.errors} errors`);
  return { firstRequestMs, w1P50Ms: load.latency.p50, w1P99Ms: load.latency.p99, w1Rps: Math.round(load.requests.average) };
}

async function webhooks() {
  const data = mkdtempSync(join(tmpdir(), 'dragops-scale-'));
  let server = await start(data);
  const reg = await api(null, 'POST', '/api/auth/register', { email: 'scale@example.com', password: 'scale password 1', name: 'Scale' });
  const { token, user } = reg.data;
  await deploy(token, copy(0));
  const one = await w1Load(token, 'w1-0');
  log({ onePattern: one });
  const rows = [];
  let made = 1;
  try {
    for (const size of sizes) {
      if (made < size - 100) {
        await stop(server.child);
        const t = performance.now();
        await bulk(data, user.id, made, size - 100, copy);
        log({ bulkTo: size - 100, seconds: round((performance.now() - t) / 1000, 1) });
        made = size - 100;
        server = await start(data);
      }
      const times = [];
      for (; made < size; made++) {
        const t = performance.now();
        await deploy(token, copy(made));
        times.push(performance.now() - t);
      }
      const row = { deployed: size, deployP50Ms: round(median(times), 2), rssMb: rssMb(server.child.pid) };
      const deep = Math.max(0, size - 50);
      row.listings = [
        await timed(token, '/api/patterns?limit=50'),
        await timed(token, `/api/patterns?limit=50&offset=${deep}`),
        await timed(token, `/api/patterns?limit=50&search=${encodeURIComponent(`copy ${size - 7}`)}`),
        await timed(token, '/api/deployments?limit=50'),
        await timed(token, `/api/deployments?limit=50&offset=${deep}`),
        await timed(token, `/api/deployments?limit=50&search=${encodeURIComponent(`copy ${size - 7}`)}`),
      ];
      await stop(server.child);
      server = await start(data);
      row.restartToReadyMs = Math.round(server.readyMs);
      row.rssAfterRestartMb = rssMb(server.child.pid);
      Object.assign(row, await w1Load(token, `w1-${size - 3}`));
      row.rssAfterLoadMb = rssMb(server.child.pid);
      rows.push(row);
      log(row);
    }
  } finally {
    await stop(server.child);
    rmSync(data, { recursive: true, force: true });
  }
  return { one, rows };
}

async function schedules() {
  const data = mkdtempSync(join(tmpdir(), 'dragops-scale-cron-'));
  let server = await start(data);
  const reg = await api(null, 'POST', '/api/auth/register', { email: 'cron@example.com', password: 'scale password 1', name: 'Cron' });
  await stop(server.child);
  const every = (i) => ({
    ...nightly,
    id: `tick-${i}`,
    name: `Tick ${i}`,
    nodes: nightly.nodes.map((n) => (n.type === 'OnSchedule' ? { ...n, config: { cron: '* * * * *', timezone: 'UTC' } } : n)),
  });
  await bulk(data, reg.data.user.id, 0, scheduleCount, every);
  server = await start(data);
  const readyMs = Math.round(server.readyMs);
  // Two ticks after the start: wait until 5 s past the second minute boundary.
  const minute = 60_000;
  const second = (Math.floor(Date.now() / minute) + 2) * minute;
  log({ schedules: scheduleCount, readyMs, waitingSeconds: Math.round((second + 5000 - Date.now()) / 1000) });
  await new Promise((r) => setTimeout(r, second + 5000 - Date.now()));
  const rss = rssMb(server.child.pid);
  await stop(server.child);
  const db = new Database(join(data, 'dragops.db'), { readonly: true });
  const runs = db.prepare("SELECT started_at, trigger_data, status FROM runs WHERE triggered_by = 'schedule'").all();
  const recorded = db.prepare('SELECT at, recorded_at FROM schedule_ticks').all();
  db.close();
  rmSync(data, { recursive: true, force: true });
  const ticks = new Map();
  for (const r of runs) {
    const at = JSON.parse(r.trigger_data).timestamp;
    const skew = Date.parse(r.started_at) - Date.parse(at);
    if (!ticks.has(at)) ticks.set(at, { skews: [], failed: 0 });
    ticks.get(at).skews.push(skew);
    if (r.status !== 'completed') ticks.get(at).failed++;
  }
  // When the tick was taken (its ledger row written: the instance that wins it runs it).
  const taken = new Map();
  for (const r of recorded) {
    if (!taken.has(r.at)) taken.set(r.at, []);
    taken.get(r.at).push(Date.parse(r.recorded_at) - Date.parse(r.at));
  }
  const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
  const out = [...ticks.entries()].sort().map(([at, t]) => ({
    tick: at,
    runs: t.skews.length,
    notCompleted: t.failed,
    takenP99Ms: taken.has(at) ? pct(taken.get(at), 0.99) : null,
    startSkewP50Ms: pct(t.skews, 0.5),
    startSkewP99Ms: pct(t.skews, 0.99),
    startSkewMaxMs: Math.max(...t.skews),
  }));
  return { schedules: scheduleCount, readyMs, rssMb: rss, ticks: out };
}

const hooks = sizes.length > 0 ? await webhooks() : { one: null, rows: [] };
const cron = scheduleCount > 0 ? await schedules() : null;
const first = hooks.rows[0],
  last = hooks.rows.at(-1);
console.log(
  JSON.stringify(
    {
      benchmark: 'scale',
      onePattern: hooks.one,
      rows: hooks.rows,
      schedules: cron,
      // Ratios: the largest size against the smallest, W1 against one pattern (1 = flat).
      deployP50Ratio: last ? round(last.deployP50Ms / first.deployP50Ms, 2) : null,
      w1P99RatioToOnePattern: last ? round(Math.max(1, last.w1P99Ms) / Math.max(1, hooks.one.w1P99Ms), 2) : null,
    },
    null,
    2,
  ),
);
