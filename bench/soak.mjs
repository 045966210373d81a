// Soak test (issue #5 point 9): schedules firing every second on 100 deployments while webhooks run
// and a circuit breaker trips and recovers, then a check that no execution was lost, doubled or left
// stuck. Runs the real server in-process on SQLite.
//   node bench/soak.mjs [seconds, default 120]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServices, defaultConfig } from '../dist/server/services.js';
import { buildApp } from '../dist/api/app.js';

const seconds = Number(process.argv[2] ?? 120);
const SCHEDULES = 100;
const s = await createServices(defaultConfig({ dataDir: mkdtempSync(join(tmpdir(), 'dragops-soak-')), passwordCost: { N: 1024, r: 8, p: 1 } }), {
  info() {},
  error: (o, m) => console.error(m, o),
});
const app = await buildApp(s);
const base = await app.listen({ port: 0, host: '127.0.0.1' });
const api = async (token, method, path, body) => {
  const r = await fetch(base + path, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return r.json();
};
const {
  data: { token },
} = await api(null, 'POST', '/api/auth/register', { email: 'soak@example.com', password: 'soak password', name: 'Soak' });

const log = (id) => ({ id, type: 'Log' });
const wire = (a, ap, b, bp) => ({ from: { node: a, pin: ap }, to: { node: b, pin: bp } });
const schedules = [];
for (let i = 0; i < SCHEDULES; i++) {
  const p = (
    await api(token, 'POST', '/api/patterns', {
      format: 'dragops.pattern/1',
      name: `tick ${i}`,
      nodes: [{ id: 't', type: 'OnSchedule', config: { cron: '* * * * * *' } }, log('l')],
      wires: [wire('t', 'then', 'l', 'exec'), wire('t', 'timestamp', 'l', 'message')],
    })
  ).data;
  const d = (await api(token, 'POST', `/api/patterns/${p.id}/deploy`, {})).data;
  schedules.push({ p, d });
}
const hookDoc = (mode) => ({
  format: 'dragops.pattern/1',
  name: `hook ${mode}`,
  nodes: [
    { id: 'h', type: 'OnWebhook', config: { responseMode: mode } },
    { id: 'r', type: 'RespondToWebhook', defaults: { body: 'ok' } },
  ],
  wires: [wire('h', 'then', 'r', 'exec')],
});
const immediate = (
  await api(token, 'POST', '/api/patterns', {
    ...hookDoc('immediate'),
    nodes: [{ id: 'h', type: 'OnWebhook', config: { responseMode: 'immediate' } }, log('l')],
    wires: [wire('h', 'then', 'l', 'exec'), wire('h', 'body', 'l', 'message')],
  })
).data;
await api(token, 'POST', `/api/patterns/${immediate.id}/deploy`, {});
const sync = (await api(token, 'POST', '/api/patterns', hookDoc('responseNode'))).data;
await api(token, 'POST', `/api/patterns/${sync.id}/deploy`, {});
const flaky = (
  await api(token, 'POST', '/api/patterns', {
    format: 'dragops.pattern/1',
    name: 'flaky',
    settings: { circuitBreaker: { consecutiveFailures: 5, cooldownSeconds: 5 } },
    nodes: [
      { id: 'h', type: 'OnWebhook', config: { responseMode: 'lastNode' } },
      { id: 'ok', type: 'GetProperty', defaults: { key: 'ok' } },
      { id: 'b', type: 'ToBoolean' },
      { id: 'g', type: 'Branch' },
      { id: 'f', type: 'ThrowError', defaults: { message: 'down' } },
    ],
    wires: [
      wire('h', 'then', 'g', 'exec'),
      wire('h', 'body', 'ok', 'object'),
      wire('ok', 'value', 'b', 'value'),
      wire('b', 'result', 'g', 'condition'),
      wire('g', 'false', 'f', 'exec'),
    ],
  })
).data;
const flakyDep = (await api(token, 'POST', `/api/patterns/${flaky.id}/deploy`, {})).data;

console.log(`soaking for ${seconds} s: ${SCHEDULES} every-second schedules, webhooks, a breaker`);
const start = Date.now();
const end = start + seconds * 1000;
const accepted = new Set();
let syncOk = 0,
  syncBad = 0,
  flakyCalls = 0,
  trips = 0,
  recoveries = 0;
const post = (hook, body) => fetch(`${base}/webhooks/${hook}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const loops = [
  (async () => {
    let n = 0;
    while (Date.now() < end) {
      const r = await (await post(immediate.webhookId, { n: n++ })).json();
      if (r.status === 'accepted') accepted.add(r.runId);
      await new Promise((x) => setTimeout(x, 20));
    }
  })(),
  (async () => {
    while (Date.now() < end) {
      const r = await post(sync.webhookId, {});
      if (r.status === 200 && (await r.text()) === 'ok') syncOk++;
      else syncBad++;
      await new Promise((x) => setTimeout(x, 10));
    }
  })(),
  // The breaker: 20 s of failures (it trips), then success (a probe after the cooldown resumes it).
  (async () => {
    let wasPaused = false;
    while (Date.now() < end) {
      const failing = (Date.now() - start) % 40_000 < 20_000;
      await post(flaky.webhookId, { ok: !failing });
      flakyCalls++;
      const st = (await api(token, 'GET', `/api/patterns/${flaky.id}/deployment`)).data.status;
      if (st === 'paused' && !wasPaused) trips++;
      if (st === 'active' && wasPaused) recoveries++;
      wasPaused = st === 'paused';
      await new Promise((x) => setTimeout(x, 200));
    }
  })(),
];
const ticker = setInterval(() => process.stderr.write(`\r${Math.round((Date.now() - start) / 1000)} s`), 1000);
await Promise.all(loops);
clearInterval(ticker);
// Let the last ticks and queued executions finish.
await new Promise((x) => setTimeout(x, 3000));
await s.queue.stop();
for (const { p } of schedules) {
  const pat = await s.store.getPattern(p.id);
  await s.engine.setStatus(pat, 'undeployed', { userId: null });
}
await s.history.flush();

const elapsed = (Date.now() - start) / 1000;
let lost = 0,
  doubled = 0,
  stuck = 0,
  total = 0,
  minRuns = Infinity;
for (const { d } of schedules) {
  const runs = (await s.store.listRuns(d.deploymentId, { limit: 500, offset: 0 })).items;
  total += runs.length;
  minRuns = Math.min(minRuns, runs.length);
  const stamps = runs.map((r) => r.triggerData.timestamp);
  doubled += stamps.length - new Set(stamps).size;
  stuck += runs.filter((r) => r.status === 'running').length;
  lost += Math.max(0, Math.floor(elapsed) - 3 - runs.length); // every second of the soak should have its tick
}
let acceptedDone = 0;
for (const id of accepted) {
  const r = await s.store.getRun(id);
  if (r && r.status === 'completed') acceptedDone++;
}
const flakyRuns = (await s.store.listRuns(flakyDep.deploymentId, { limit: 1, offset: 0 })).total;
const result = {
  seconds: Math.round(elapsed),
  scheduleDeployments: SCHEDULES,
  scheduleRuns: total,
  minRunsPerSchedule: minRuns,
  lostTicks: lost,
  doubledTicks: doubled,
  stuckRuns: stuck,
  webhookAccepted: accepted.size,
  webhookAcceptedCompleted: acceptedDone,
  responseNodeOk: syncOk,
  responseNodeBad: syncBad,
  breakerCalls: flakyCalls,
  breakerExecutions: flakyRuns,
  breakerTrips: trips,
  breakerRecoveries: recoveries,
};
console.log('\n' + JSON.stringify(result, null, 2));
await app.close();
await s.close();
const ok = lost === 0 && doubled === 0 && stuck === 0 && acceptedDone === accepted.size && syncBad === 0 && trips >= 1 && recoveries >= 1;
console.log(ok ? 'PASS: nothing lost, doubled or stuck; the breaker tripped and recovered' : 'FAIL');
process.exit(ok ? 0 : 1);
