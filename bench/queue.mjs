// Benchmark (issue 12, point 2): which engine carries the durable queue on PostgreSQL — dragops' own
// queue (store/jobs.ts claimed by triggers/queue.ts), pg-boss 10.4.2 or graphile-worker 0.16.6 (the
// last versions that run on Node 20), each tuned as far as its version allows. Every engine runs in a
// child process of its own, in a fresh schema of the local PostgreSQL that is dropped afterwards;
// rounds alternate the engines (each round starts with the next one) and the result is each engine's
// ratio to dragops' own queue in the same round (the baseline), with the median and range over rounds.
//
//   drain    20,000 jobs written in bulk, then the worker started: jobs/s until every job has been
//            handled (no-op handler) and completed in the database; SQL statements and client CPU per job
//   latency  200 sequential single jobs, 5 ms apart: enqueue → handler start, p50/p90/p99. "woken":
//            enqueued by the worker's own process, which may wake its worker; "other instance": 60 jobs
//            enqueued on another connection with no in-process wake, at random phases (5 ms + up to 1 s
//            apart): what a second instance would see
//   fair     owner A writes 5,000 jobs (20 ms handler), then owner B sends 20 one by one: the time
//            until all of B's have started (at most 30 s), then A's rate alone for 2 s; variants use what
//            each library offers for per-owner caps (a queue per owner, singleton keys, named queues)
//   tx       2,000 enqueues (16 in flight) with dragops' idempotency key claimed in the same
//            transaction as the job, then 200 repeated keys (none may queue a job) and, for the
//            libraries, a rolled-back transaction (its job must not exist)
//   idle     SQL statements/s and client CPU with an empty queue (and with 200 owners for the variants
//            that need a queue per owner)
//
//   node bench/queue.mjs [rounds, default 3] [--jobs 20000] [--samples 200] [--only drain,latency,…] [--json]
// Build first (`npm run build`): dragops' queue is used from dist/. DRAGOPS_TEST_PG overrides the
// database (default postgres://postgres@127.0.0.1:5432/test, as the tests).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { median, round } from './lib/measure.mjs';

const root = new URL('..', import.meta.url).pathname;
const PG_URL = process.env.DRAGOPS_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.now();

// ---------------------------------------------------------------------------------------------------
// Counting: every statement any engine sends goes through pg's Client#query (dragops through Kysely's
// pool, pg-boss and graphile-worker through their own pools: all the same `pg`). The bench's own
// queries (bulk writes, counts) go around the counter.
const rawQuery = pg.Client.prototype.query;
let statements = 0;
pg.Client.prototype.query = function (...args) {
  statements++;
  return rawQuery.apply(this, args);
};
/** A query the counter does not see (the bench's own). */
const uncounted = async (client, text, values) => rawQuery.call(client, text, values);

// The handler every engine calls with a job's event; `delayMs` makes it take that long.
let onJob = () => {};
let delayMs = 0;
async function handle(ev) {
  onJob(ev);
  if (delayMs > 0) await sleep(delayMs);
}
const PAD = 'x'.repeat(200);
const eventOf = (j) => ({ i: j.i, o: j.o, p: j.p, body: { pad: PAD } });

/** Jobs written in bulk get run_at times 1 ms apart, ending in the past, as if accepted one by one
 * (`from`: the first job's index). With one time for all, dragops' claim sorts the whole backlog on
 * every claim (its index is on run_at), which jobs accepted over time never make it do. pg-boss's
 * insert sets created_on itself; its fetch sorts the ready jobs whatever their times. */
const backdated = (n, from = 0) => new Date(Date.now() - n - 1000 + from).toISOString();

async function adminClient() {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  return c;
}

// ---------------------------------------------------------------------------------------------------
// The claim loop QueueWorker runs (triggers/queue.ts: concurrency slots, kicked on enqueue, on every
// job's end and by a poll), over another engine's fetch and complete: what dragops would keep on top
// of a library that leaves the loop to its user.
class SlotLoop {
  constructor(claim, finish, { concurrency = 16, pollMs = 1000 } = {}) {
    Object.assign(this, { claim, finish, concurrency, pollMs });
    this.inFlight = new Set();
    this.claiming = undefined;
    this.wanted = false;
    this.stopped = false;
  }
  start() {
    this.poll = setInterval(() => this.kick(), this.pollMs);
    this.kick();
  }
  kick() {
    if (this.stopped) return;
    if (this.claiming) {
      this.wanted = true;
      return;
    }
    this.claiming = this.fill().finally(() => {
      this.claiming = undefined;
      if (this.wanted) {
        this.wanted = false;
        this.kick();
      }
    });
  }
  async fill() {
    const free = this.concurrency - this.inFlight.size;
    if (free <= 0) return;
    const jobs = await this.claim(free).catch((e) => {
      console.error('claim failed', e.message);
      return [];
    });
    for (const job of jobs) this.begin(job);
    if (jobs.length === free) this.wanted = true;
  }
  begin(job) {
    const p = handle(job.data)
      .then(() => this.finish(job))
      .catch((e) => console.error('job failed', e.message))
      .finally(() => {
        this.inFlight.delete(p);
        this.kick();
      });
    this.inFlight.add(p);
  }
  async stop() {
    this.stopped = true;
    clearInterval(this.poll);
    await this.claiming;
    await Promise.all(this.inFlight);
  }
}

// ---------------------------------------------------------------------------------------------------
// Engines. Each returns a harness: bulk(jobs) writes jobs without waking anyone, wake() wakes the
// worker as an in-process enqueue would, enqueue(job, local) writes one job (local: from the worker's
// own process, which wakes it; otherwise as another instance would), start(), stop(), pending()
// (jobs not yet completed), keyed(job, key) an enqueue with the idempotency key claimed in the same
// transaction, rollbackLeavesNothing(), owners(list) for the variants with a queue per owner.

const IDEM_TABLE = (schema) =>
  `create table ${schema}.bench_idempotency (pattern_id text not null, key text not null, run_id text not null, created_at text not null, primary key (pattern_id, key))`;

async function dragopsEngine(schema) {
  const { openPostgresStore } = await import(join(root, 'dist/store/postgres/index.js'));
  const { QueueWorker } = await import(join(root, 'dist/triggers/queue.js'));
  const store = await openPostgresStore(PG_URL, { schema });
  const admin = await adminClient();
  const live = (p) => ({ patternId: p, ownerId: p.split('.')[0], deploymentId: `d_${p}`, version: 1 });
  const engine = {
    get: (p) => live(p),
    planFor: async () => ({ document: { settings: {} } }),
    run: async (_l, _plan, ev) => {
      await handle(ev);
      return { status: 'completed' };
    },
  };
  const history = { flush: async () => {}, started() {}, finished() {} };
  const worker = new QueueWorker(store, engine, history, { error: (o, m) => console.error(m, o) });
  let seq = 0x1000000000;
  const runId = () => `run_${(seq++).toString(16)}`;
  const jobOf = (j) => ({
    id: '',
    runId: '',
    patternId: j.p,
    ownerId: j.o,
    version: 1,
    event: eventOf(j),
    attempts: 0,
    crashes: 0,
    runAt: new Date().toISOString(),
  });
  const withIds = (job) => {
    job.runId = runId();
    job.id = `job_${job.runId.slice(4)}`;
    return job;
  };
  return {
    owners: async () => 0,
    async bulk(jobs) {
      // The rows store.enqueue writes, in one statement (the store has no bulk enqueue).
      await uncounted(
        admin,
        `insert into ${schema}.queue (id, run_id, pattern_id, owner_id, version, event, attempts, crashes, run_at, locked_by, locked_at)
         select 'job_b' || lpad(i::text, 10, '0'), 'run_b' || lpad(i::text, 10, '0'), p, o, 1,
                json_build_object('i', i, 'o', o, 'p', p, 'body', json_build_object('pad', $4::text))::text, 0, 0,
                to_char(($5::timestamptz + n * interval '1 millisecond') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), null, null
         from unnest($1::int[], $2::text[], $3::text[]) with ordinality as t(i, o, p, n)`,
        [jobs.map((j) => j.i), jobs.map((j) => j.o), jobs.map((j) => j.p), PAD, backdated(jobs.length)],
      );
    },
    wake: () => worker.kick(),
    async enqueue(j, local) {
      if (local) await worker.accept(live(j.p), runId(), eventOf(j));
      else await store.enqueue(withIds(jobOf(j)));
    },
    keyed: (j, key) => store.enqueue(withIds(jobOf(j)), { key, now: new Date().toISOString(), since: new Date(Date.now() - 86400_000).toISOString() }),
    rollbackLeavesNothing: async () => 'n/a (one store call)',
    start: () => worker.start(),
    pending: async () => Number((await uncounted(admin, `select count(*) as n from ${schema}.queue`)).rows[0].n),
    async stop() {
      await worker.stop();
      await store.close();
      await admin.end();
    },
  };
}

async function pgbossEngine(schema, variant) {
  const { default: PgBoss } = await import('pg-boss');
  // No cron (timekeeper) and no maintenance loop during the measurements; pool as the store's (10).
  const boss = new PgBoss({ connectionString: PG_URL, schema, schedule: false, supervise: false, max: 10 });
  boss.on('error', (e) => console.error('pg-boss:', e.message));
  await boss.start();
  const admin = await adminClient();
  const pool = new pg.Pool({ connectionString: PG_URL, max: 16 });
  const perOwner = variant === 'pgboss-owner-queues';
  const singleton = variant === 'pgboss-singleton';
  const queueOf = (j) => (perOwner ? `q_${j.o}` : 'q');
  const sendOptions = (j) => (singleton ? { singletonKey: j.o } : {});
  const queues = perOwner ? [] : ['q'];
  if (!perOwner) await boss.createQueue('q', singleton ? { policy: 'singleton' } : {});
  await uncounted(admin, IDEM_TABLE(schema));
  // pg-boss 10 has no LISTEN/NOTIFY: a worker fetches, runs the batch, then sleeps out its polling
  // interval (0.5 s at least) unless notifyWorker(id) was called meanwhile. Tuned: in-process
  // enqueues call notifyWorker, and a handler that got a full batch does too (so a backlog is
  // fetched back to back: what pg-boss 12 calls burstWhenBatchFull).
  const workers = new Map();
  // A batch's handlers run together and the next fetch waits for all of them, so the batch size is
  // the worker's concurrency: 16 as QueueWorker's (8 per owner queue, its per-owner cap); 64 only to
  // show the ceiling of the storage with more in flight.
  const batchSize = perOwner ? 8 : variant === 'pgboss-work64' ? 64 : 16;
  const startWorker = async (q) => {
    let id;
    id = await boss.work(q, { batchSize, pollingIntervalSeconds: 0.5 }, async (jobs) => {
      if (jobs.length === batchSize && id) boss.notifyWorker(id);
      await Promise.all(jobs.map((job) => handle(job.data)));
    });
    workers.set(q, id);
  };
  const loop =
    variant === 'pgboss-fetch'
      ? new SlotLoop(
          (n) => boss.fetch('q', { batchSize: n }),
          (job) => boss.complete('q', job.id),
        )
      : null;
  const wakeQueue = (q) => (loop ? loop.kick() : workers.has(q) && boss.notifyWorker(workers.get(q)));
  return {
    async owners(list) {
      if (!perOwner) return 0;
      const t = now();
      for (const o of list) {
        await boss.createQueue(`q_${o}`);
        queues.push(`q_${o}`);
      }
      return (now() - t) / list.length;
    },
    async bulk(jobs) {
      for (let k = 0; k < jobs.length; k += 2000)
        await boss.insert(jobs.slice(k, k + 2000).map((j) => ({ name: queueOf(j), data: eventOf(j), ...sendOptions(j) })));
    },
    wake: () => queues.forEach(wakeQueue),
    async enqueue(j, local) {
      await boss.send(queueOf(j), eventOf(j), sendOptions(j));
      if (local) wakeQueue(queueOf(j));
    },
    async keyed(j, key) {
      const c = await pool.connect();
      try {
        await c.query('begin');
        const ins = await c.query(`insert into ${schema}.bench_idempotency values ($1, $2, $3, $4) on conflict do nothing`, [
          j.p,
          key,
          `run_${j.i}`,
          new Date().toISOString(),
        ]);
        // The job written by pg-boss on dragops' own transaction: send's `db` option.
        if (ins.rowCount === 1) await boss.send('q', eventOf(j), { db: { executeSql: (text, values) => c.query(text, values) } });
        await c.query('commit');
      } catch (e) {
        await c.query('rollback');
        throw e;
      } finally {
        c.release();
      }
    },
    async rollbackLeavesNothing() {
      const c = await pool.connect();
      try {
        await c.query('begin');
        await c.query(`insert into ${schema}.bench_idempotency values ('p', 'rolled-back', 'r', '')`);
        await boss.send('q', { rolledBack: true }, { db: { executeSql: (text, values) => c.query(text, values) } });
        await c.query('rollback');
      } finally {
        c.release();
      }
      const r = await uncounted(admin, `select count(*) as n from ${schema}.job where data->>'rolledBack' = 'true'`);
      return Number(r.rows[0].n) === 0;
    },
    async start() {
      if (loop) loop.start();
      else for (const q of queues) await startWorker(q);
    },
    pending: async () => Number((await uncounted(admin, `select count(*) as n from ${schema}.job where state < 'completed'`)).rows[0].n),
    async stop() {
      if (loop) await loop.stop();
      await boss.stop({ graceful: false, wait: true });
      await pool.end();
      await admin.end();
    },
  };
}

async function graphileEngine(schema, variant) {
  const { run, runMigrations, Logger } = await import('graphile-worker');
  process.env.NO_LOG_SUCCESS = '1';
  const logger = new Logger(() => () => {});
  const options = { connectionString: PG_URL, schema, logger };
  await runMigrations(options);
  const admin = await adminClient();
  const pool = new pg.Pool({ connectionString: PG_URL, max: 16 });
  await uncounted(admin, IDEM_TABLE(schema));
  // A named queue runs its jobs one at a time: `queue_name = owner` caps an owner at 1 running job;
  // `owner:k` for k = i mod 8 spreads an owner over 8 queues (at most 8 running, statically sharded).
  const queueOf = (j) => (variant === 'graphile-owner-queue' ? j.o : variant === 'graphile-owner-shards' ? `${j.o}:${j.i % 8}` : null);
  let runner;
  const addJob = (c, j) => c.query(`select ${schema}.add_job('t', $1::json, queue_name => $2)`, [eventOf(j), queueOf(j)]);
  return {
    owners: async () => 0,
    async bulk(jobs) {
      for (let k = 0; k < jobs.length; k += 5000) {
        const part = jobs.slice(k, k + 5000);
        await uncounted(
          admin,
          `select count(*) from ${schema}.add_jobs(array(
             select row('t', json_build_object('i', i, 'o', o, 'p', p, 'body', json_build_object('pad', $5::text)), q,
                        $6::timestamptz + n * interval '1 millisecond', null, null, null, null)::${schema}.job_spec
             from unnest($1::int[], $2::text[], $3::text[], $4::text[]) with ordinality as t(i, o, p, q, n)))`,
          [part.map((j) => j.i), part.map((j) => j.o), part.map((j) => j.p), part.map((j) => queueOf(j)), PAD, backdated(jobs.length, k)],
        );
      }
    },
    wake: () => {}, // add_jobs sent NOTIFY "jobs:insert" with its count on commit
    async enqueue(j, local) {
      if (local) await runner.addJob('t', eventOf(j), queueOf(j) ? { queueName: queueOf(j) } : {});
      else await uncounted(admin, `select ${schema}.add_job('t', $1::json, queue_name => $2)`, [eventOf(j), queueOf(j)]);
    },
    async keyed(j, key) {
      const c = await pool.connect();
      try {
        await c.query('begin');
        const ins = await c.query(`insert into ${schema}.bench_idempotency values ($1, $2, $3, $4) on conflict do nothing`, [
          j.p,
          key,
          `run_${j.i}`,
          new Date().toISOString(),
        ]);
        // graphile's add_job is a SQL function: any transaction on the database can call it.
        if (ins.rowCount === 1) await addJob(c, j);
        await c.query('commit');
      } catch (e) {
        await c.query('rollback');
        throw e;
      } finally {
        c.release();
      }
    },
    async rollbackLeavesNothing() {
      const c = await pool.connect();
      try {
        await c.query('begin');
        await c.query(`insert into ${schema}.bench_idempotency values ('p', 'rolled-back', 'r', '')`);
        await c.query(`select ${schema}.add_job('t', '{"rolledBack": true}'::json)`);
        await c.query('rollback');
      } finally {
        c.release();
      }
      const r = await uncounted(admin, `select count(*) as n from ${schema}._private_jobs where payload->>'rolledBack' = 'true'`);
      return Number(r.rows[0].n) === 0;
    },
    async start() {
      // Tuned for 0.16: 16 workers (each claims one job per query; 0.16 has no local queue or batched
      // claims), a pool that holds them all, prepared statements (the default), no per-job logging.
      runner = await run({
        ...options,
        concurrency: 16,
        maxPoolSize: 20,
        pollInterval: 1000,
        noHandleSignals: true,
        taskList: { t: (payload) => handle(payload) },
      });
    },
    pending: async () => Number((await uncounted(admin, `select count(*) as n from ${schema}._private_jobs`)).rows[0].n),
    async stop() {
      if (runner) await runner.stop();
      await pool.end();
      await admin.end();
    },
  };
}

const ENGINES = {
  dragops: dragopsEngine,
  'pgboss-work': pgbossEngine,
  'pgboss-work64': pgbossEngine,
  'pgboss-fetch': pgbossEngine,
  'pgboss-owner-queues': pgbossEngine,
  'pgboss-singleton': pgbossEngine,
  graphile: graphileEngine,
  'graphile-owner-queue': graphileEngine,
  'graphile-owner-shards': graphileEngine,
};

// ---------------------------------------------------------------------------------------------------
// Tests (in the child).

/** Resolves when `n` calls of `count` have happened, or after `ms` (then with false). */
function countTo(n, ms) {
  let seen = 0,
    done;
  const p = new Promise((r) => (done = r));
  const timer = setTimeout(() => done(false), ms);
  return {
    count() {
      if (++seen === n) {
        clearTimeout(timer);
        done(true);
      }
    },
    reached: p,
    get seen() {
      return seen;
    },
  };
}

async function untilEmpty(h, ms) {
  const end = now() + ms;
  while ((await h.pending()) > 0) {
    if (now() > end) throw new Error('queue not empty in time');
    await sleep(5);
  }
}

const cpuMs = (since) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};

async function testDrain(h, { jobs: n }) {
  // Spread over 50 owners and 200 deployments, so that dragops' caps (8 per owner, 4 per deployment)
  // never bind: this measures the claim, not the fairness rule.
  const jobs = Array.from({ length: n }, (_, i) => ({ i, o: `o${(i % 200) % 50}`, p: `o${(i % 200) % 50}.${i % 200}` }));
  await h.bulk(jobs);
  const c = countTo(n, 600_000);
  onJob = () => c.count();
  const s0 = statements,
    cpu0 = process.cpuUsage(),
    t0 = now();
  await h.start();
  if (!(await c.reached)) throw new Error(`drain: ${c.seen} of ${n} handled in time`);
  await untilEmpty(h, 60_000);
  const ms = now() - t0;
  return { jobsPerSec: round(n / (ms / 1000), 0), statementsPerJob: round((statements - s0) / n, 2), clientCpuUsPerJob: round((cpuMs(cpu0) * 1000) / n, 1) };
}

const pct = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return round(s[Math.min(s.length - 1, Math.floor(q * s.length))], 2);
};

/** `jitterMs`: the gap before each sample is 5 ms plus up to this much at random, so that samples
 * do not fall in step with a polling worker (each would otherwise wait one whole interval). */
async function sampleLatency(h, n, local, base, jitterMs = 0) {
  const out = [];
  for (let k = 0; k < n + 10; k++) {
    const i = base + k;
    let started;
    const p = new Promise((r) => (started = r));
    onJob = (ev) => ev.i === i && started(now());
    const t0 = now();
    await h.enqueue({ i, o: 'o_lat', p: 'o_lat.0' }, local);
    const t1 = await Promise.race([p, sleep(30_000).then(() => NaN)]);
    if (Number.isNaN(t1)) throw new Error(`latency sample ${i} did not start in 30 s`);
    if (k >= 10) out.push(t1 - t0); // the first 10 warm up
    await sleep(5 + Math.random() * jitterMs);
  }
  return { p50: pct(out, 0.5), p90: pct(out, 0.9), p99: pct(out, 0.99), max: round(Math.max(...out), 1) };
}

async function testLatency(h, { samples, remote }) {
  await h.start();
  await sleep(200);
  const woken = await sampleLatency(h, samples, true, 1_000_000);
  // Polled, so 60 samples at random phases over a 1 s poll (0.5 s for pg-boss) say what there is to say.
  const other = remote ? await sampleLatency(h, remote, false, 2_000_000, 1000) : null;
  return { woken, other };
}

async function testFair(h) {
  await h.owners(['o_A', 'o_B']);
  await h.start();
  await sleep(200);
  delayMs = 20;
  let aStarted = 0,
    bFirst = NaN;
  const b = countTo(20, 30_000);
  onJob = (ev) => {
    if (ev.o === 'o_A') aStarted++;
    else {
      if (Number.isNaN(bFirst)) bFirst = now();
      b.count();
    }
  };
  const tA = now();
  await h.bulk(Array.from({ length: 5000 }, (_, i) => ({ i, o: 'o_A', p: `o_A.${i % 10}` })));
  h.wake();
  const tB = now();
  for (let i = 0; i < 20; i++) await h.enqueue({ i: 10_000 + i, o: 'o_B', p: `o_B.${i % 2}` }, true);
  const bEnqueuedMs = now() - tB;
  const all = await b.reached;
  const tEnd = now();
  const aBefore = aStarted;
  // A alone afterwards (if B's ever ended): what the caps leave one owner with a backlog.
  if (all) await sleep(2000);
  const result = {
    bAllStartedMs: all ? round(tEnd - tB, 0) : null,
    bStartedIn30s: b.seen,
    bFirstStartedMs: Number.isNaN(bFirst) ? null : round(bFirst - tB, 0),
    bEnqueuedMs: round(bEnqueuedMs, 0),
    aStartedBefore: aBefore,
    aJobsPerSecAlone: all ? round((aStarted - aBefore) / 2, 0) : null,
    aBulkMs: round(tB - tA, 0),
  };
  delayMs = 0;
  return result;
}

async function testTx(h) {
  const n = 2000,
    inFlight = 16;
  const keyed = async (from, count, keyOf) => {
    let next = from;
    const t0 = now();
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < from + count) {
          const i = next++;
          await h.keyed({ i, o: `o${i % 50}`, p: `o${i % 50}.${i % 200}` }, keyOf(i));
        }
      }),
    );
    return now() - t0;
  };
  const ms = await keyed(0, n, (i) => `key-${i}`);
  const before = await h.pending();
  await keyed(0, 200, (i) => `key-${i}`); // the same keys again: nothing may be queued
  const after = await h.pending();
  return { keyedPerSec: round(n / (ms / 1000), 0), repeatsQueuedNothing: before === n && after === n, rollbackLeavesNothing: await h.rollbackLeavesNothing() };
}

async function testIdle(h, { owners }) {
  const createMsPerOwner = owners ? await h.owners(Array.from({ length: owners }, (_, i) => `o${i}`)) : 0;
  await h.start();
  await sleep(1500);
  const s0 = statements,
    cpu0 = process.cpuUsage();
  await sleep(5000);
  return { statementsPerSec: round((statements - s0) / 5, 1), clientCpuMsPerSec: round(cpuMs(cpu0) / 5, 2), createQueueMsPerOwner: round(createMsPerOwner, 1) };
}

const TESTS = { drain: testDrain, latency: testLatency, fair: testFair, tx: testTx, idle: testIdle };

async function child(variant, test, schema, params) {
  const h = await ENGINES[variant](schema, variant);
  let result;
  try {
    result = await TESTS[test](h, params);
  } finally {
    await h.stop();
  }
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

// ---------------------------------------------------------------------------------------------------
// The parent: rounds, alternation, tables.

const VARIANTS = {
  drain: ['dragops', 'pgboss-work', 'pgboss-fetch', 'graphile', 'pgboss-work64'],
  latency: ['dragops', 'pgboss-work', 'pgboss-fetch', 'graphile'],
  fair: ['dragops', 'pgboss-work', 'pgboss-owner-queues', 'pgboss-singleton', 'graphile', 'graphile-owner-queue', 'graphile-owner-shards'],
  tx: ['dragops', 'pgboss-work', 'graphile'],
  idle: ['dragops', 'pgboss-work', 'graphile', 'pgboss-owner-queues', 'graphile-owner-queue'],
};

function paramsFor(test, variant, opts) {
  if (test === 'drain') return { jobs: opts.jobs };
  // pgboss-fetch's "other instance" latency is its SlotLoop's poll, the same as dragops' by construction.
  if (test === 'latency') return { samples: opts.samples, remote: variant === 'pgboss-fetch' ? 0 : 60 };
  if (test === 'idle') return { owners: variant.includes('owner') ? 200 : 0 };
  return {};
}

let current; // the child running now and its schema, for an interrupted run to clean up
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => {
    if (!current) process.exit(130);
    current.proc.kill('SIGKILL');
    void dropSchema(current.schema).finally(() => process.exit(130)); // exiting either way
  });
async function dropSchema(schema) {
  const admin = await adminClient();
  await admin.query(`drop schema if exists ${schema} cascade`);
  await admin.end();
}

async function runChild(variant, test, params) {
  const schema = `qb_${variant.replaceAll('-', '_')}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const proc = spawn(process.execPath, [new URL(import.meta.url).pathname, '--child', variant, test, schema, JSON.stringify(params)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  proc.stdout.on('data', (d) => (out += d));
  current = { proc, schema };
  const timer = setTimeout(() => proc.kill('SIGKILL'), 900_000);
  const code = await new Promise((r) => proc.on('exit', r));
  clearTimeout(timer);
  // Whatever happened in the child, its schema goes.
  await dropSchema(schema);
  current = undefined;
  const line = out.split('\n').find((l) => l.startsWith('RESULT '));
  if (code !== 0 || !line) throw new Error(`${variant} ${test} failed (exit ${code})`);
  return JSON.parse(line.slice(7));
}

// The figures each table shows, as [label, path in a result, higher is better].
const METRICS = {
  drain: [
    ['jobs/s', 'jobsPerSec', true],
    ['statements/job', 'statementsPerJob', false],
    ['client CPU µs/job', 'clientCpuUsPerJob', false],
  ],
  latency: [
    ['woken p50 ms', 'woken.p50', false],
    ['woken p90 ms', 'woken.p90', false],
    ['woken p99 ms', 'woken.p99', false],
    ['other instance p50 ms', 'other.p50', false],
    ['other instance p90 ms', 'other.p90', false],
    ['other instance p99 ms', 'other.p99', false],
  ],
  fair: [
    ["all B's 20 started, ms", 'bAllStartedMs', false],
    ["B's first started, ms", 'bFirstStartedMs', false],
    ["B's started within 30 s", 'bStartedIn30s', true],
    ["B's 20 enqueued, ms", 'bEnqueuedMs', false],
    ["A's jobs started by then", 'aStartedBefore', false],
    ["A's jobs/s in the 2 s after", 'aJobsPerSecAlone', true],
  ],
  tx: [
    ['keyed enqueues/s', 'keyedPerSec', true],
    ['repeated keys queued nothing', 'repeatsQueuedNothing', true],
    ['rolled back: no job', 'rollbackLeavesNothing', true],
  ],
  idle: [
    ['statements/s', 'statementsPerSec', false],
    ['client CPU ms/s', 'clientCpuMsPerSec', false],
    ['createQueue ms/owner', 'createQueueMsPerOwner', false],
  ],
};
const get = (o, path) => path.split('.').reduce((v, k) => (v == null ? v : v[k]), o);

function summarise(test, rounds) {
  const rows = [];
  for (const variant of VARIANTS[test]) {
    for (const [label, path] of METRICS[test]) {
      const values = rounds.map((r) => get(r[variant], path));
      if (values.every((v) => v == null)) continue;
      const nums = values.filter((v) => typeof v === 'number');
      const base = rounds.map((r) => get(r.dragops, path));
      const ratios = values
        .map((v, k) => (typeof v === 'number' && typeof base[k] === 'number' && base[k] !== 0 ? v / base[k] : null))
        .filter((x) => x !== null);
      rows.push({
        variant,
        metric: label,
        rounds: values.map((v) => (v == null ? '—' : v)).join(' / '),
        median: nums.length ? round(median(nums), 2) : values.join(' / '),
        ratio: ratios.length ? round(median(ratios), 2) : '—',
        ratioRange: ratios.length ? `${round(Math.min(...ratios), 2)}–${round(Math.max(...ratios), 2)}` : '—',
      });
    }
  }
  return rows;
}

const table = (rows) => {
  const keys = Object.keys(rows[0]);
  return [`| ${keys.join(' | ')} |`, `|${keys.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${keys.map((k) => r[k]).join(' | ')} |`)].join('\n');
};

function parseArgs(argv) {
  const opt = (name, d) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : d);
  const rounds = Number(argv.find((a, k) => /^\d+$/.test(a) && !argv[k - 1]?.startsWith('--')) ?? 3);
  const only = opt('--only', Object.keys(VARIANTS).join(',')).split(',');
  return { rounds, jobs: Number(opt('--jobs', 20_000)), samples: Number(opt('--samples', 200)), only, json: argv.includes('--json') };
}

async function parent() {
  const opts = parseArgs(process.argv.slice(2));
  const say = opts.json ? (s) => process.stderr.write(s + '\n') : (s) => console.log(s);
  const results = { when: new Date().toISOString(), node: process.version, cpu: os.cpus()[0]?.model, cores: os.cpus().length, opts, raw: {}, tables: {} };
  for (const test of opts.only) results.raw[test] = [];
  for (let r = 0; r < opts.rounds; r++) {
    for (const test of opts.only) {
      const vs = VARIANTS[test];
      const order = vs.map((_, k) => vs[(k + r) % vs.length]); // each round starts with the next engine
      const round_ = {};
      for (const variant of order) {
        const t = now();
        round_[variant] = await runChild(variant, test, paramsFor(test, variant, opts)).catch((e) => {
          // Once more: the database is shared (another process's schema dropped mid-migration, seen once).
          process.stderr.write(`${e.message}; running it again\n`);
          return runChild(variant, test, paramsFor(test, variant, opts));
        });
        process.stderr.write(`round ${r + 1} ${test} ${variant} (${Math.round((now() - t) / 1000)} s): ${JSON.stringify(round_[variant])}\n`);
      }
      results.raw[test].push(round_);
    }
  }
  for (const test of opts.only) {
    results.tables[test] = summarise(test, results.raw[test]);
    say(`\n### ${test} (ratio: the variant's median over dragops' own queue, round by round)\n\n${table(results.tables[test])}`);
  }
  say(`\n(${results.node}, ${results.cpu}, ${results.cores} cores, ${opts.rounds} rounds)`);
  if (opts.json) process.stdout.write(JSON.stringify(results, null, 2) + '\n');
  // A full run is the record (bench/README.md); a partial one (--only) does not replace it.
  if (Object.keys(VARIANTS).every((t) => opts.only.includes(t))) {
    mkdirSync(new URL('results/', import.meta.url), { recursive: true });
    writeFileSync(new URL('results/queue.json', import.meta.url), JSON.stringify(results, null, 2) + '\n');
  }
}

if (process.argv[2] === '--child') {
  const [, , , variant, test, schema, params] = process.argv;
  child(variant, test, schema, JSON.parse(params)).then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
} else await parent();
