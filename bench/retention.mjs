// Benchmark (issue #11 point 7): does the SQLite file stop growing at steady load? Two `dragops
// serve` (SQLite, history on), each with W1 deployed, take the same load in alternating rounds:
// one with `settings.retentionCount` (pruned as it goes), one without (the baseline, which keeps
// everything). After each round: the database file's size and its log's, the executions kept, and the
// round's throughput and p99 — what pruning costs the requests beside it.
//   node bench/retention.mjs [seconds per round, default 5] [rounds, default 8] [count kept, default 5000]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { round } from './lib/measure.mjs';
import { api } from './lib/api.mjs';

const root = new URL('..', import.meta.url).pathname;
const seconds = Number(process.argv[2] ?? 5);
const rounds = Number(process.argv[3] ?? 8);
const keep = Number(process.argv[4] ?? 5000);
const body = readFileSync(join(root, 'examples/w1/body-gold.json'), 'utf8');

async function server(port, settings) {
  const data = mkdtempSync(join(tmpdir(), 'dragops-retention-bench-'));
  const argv = [join(root, 'bin/dragops.js'), 'serve', '--port', String(port), '--data', data];
  const child = spawn(
    process.platform === 'linux' ? 'taskset' : process.execPath,
    process.platform === 'linux' ? ['-c', '0', process.execPath, ...argv] : argv,
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (/serving on/.test(out)) resolve();
    });
    child.on('exit', (c) => reject(new Error(`server exited (${c}): ${out}`)));
  });
  const base = `http://127.0.0.1:${port}`;
  const { token } = await api(base, null, 'POST', '/api/auth/register', { email: 'bench@example.com', password: 'bench password 1', name: 'Bench' });
  const doc = JSON.parse(readFileSync(join(root, 'examples/w1-order-summary.pattern.json'), 'utf8'));
  const p = await api(base, token, 'POST', '/api/patterns', { ...doc, settings: { ...doc.settings, ...settings } });
  await api(base, token, 'POST', `/api/patterns/${p.id}/deploy`, {});
  return { child, hook: `${base}/webhooks/${p.webhookId}`, file: join(data, 'dragops.db') };
}

const mb = (bytes) => round(bytes / 1048576, 1);
const size = (file) =>
  ['', '-wal'].reduce((a, x) => {
    try {
      return a + statSync(file + x).size;
    } catch {
      return a;
    }
  }, 0);
const kept = (file) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT count(*) AS n FROM runs').get().n;
  } finally {
    db.close();
  }
};

const pruned = await server(4110, { retentionCount: keep });
const all = await server(4111, {});
const rows = [];
try {
  for (let i = 1; i <= rounds; i++) {
    const row = { round: i };
    for (const [name, s] of [
      ['pruned', pruned],
      ['keepsAll', all],
    ]) {
      const r = await autocannon({ url: s.hook, method: 'POST', connections: 10, duration: seconds, headers: { 'content-type': 'application/json' }, body });
      await new Promise((d) => setTimeout(d, 1500)); // the history written and checkpointed
      row[name] = {
        rps: Math.round(r.requests.average),
        p99: r.latency.p99,
        errors: r.errors + r.non2xx,
        executions: kept(s.file),
        fileMB: mb(size(s.file)),
        dbMB: mb(statSync(s.file).size),
        walMB: mb(size(s.file) - statSync(s.file).size),
      };
    }
    rows.push(row);
    console.error(
      `round ${i}/${rounds}: pruned ${row.pruned.fileMB} MB (${row.pruned.executions} kept), keeps all ${row.keepsAll.fileMB} MB (${row.keepsAll.executions})`,
    );
  }
} finally {
  pruned.child.kill('SIGTERM');
  all.child.kill('SIGTERM');
}
const half = Math.floor(rounds / 2);
const growth = (name) => round(rows[rounds - 1][name].dbMB - rows[half - 1][name].dbMB, 1);
const sum = (name, k) => rows.reduce((a, r) => a + r[name][k], 0);
console.log(
  JSON.stringify(
    {
      benchmark: 'retention',
      seconds,
      rounds,
      keep,
      rows,
      // The database file's growth over the second half of the rounds: ~0 when it has stopped growing
      // (the write-ahead log beside it is restarted whenever it passes 32 MB: walMaxMB).
      dbGrowthSecondHalfMB: { pruned: growth('pruned'), keepsAll: growth('keepsAll') },
      walMaxMB: { pruned: Math.max(...rows.map((r) => r.pruned.walMB)), keepsAll: Math.max(...rows.map((r) => r.keepsAll.walMB)) },
      fileRatio: round(rows[rounds - 1].pruned.fileMB / rows[rounds - 1].keepsAll.fileMB, 2),
      throughputRatio: round(sum('pruned', 'rps') / sum('keepsAll', 'rps'), 2),
      p99Ratio: round(sum('pruned', 'p99') / sum('keepsAll', 'p99'), 2),
    },
    null,
    2,
  ),
);
