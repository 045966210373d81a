import { join } from 'node:path';
const { createServices, defaultConfig } = await import('/work/main/dist/server/services.js');
const s = await createServices(defaultConfig({ dataDir: process.argv[2] }), { info() {}, error(o, m) { console.error(m, o); }, warn() {} });
const lives = s.engine.all();
for (const l of lives) await l.load();
console.error('loaded', lives.length);
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
const session = new Session(); session.connect();
await session.post('Profiler.enable');
const at = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
for (let round = 0; round < 3; round++) {
  if (round === 1) await session.post('Profiler.start');
  const t = performance.now();
  const ps = [];
  for (const l of lives) ps.push(s.engine.run(l, l.compiled, { timestamp: at }, { triggeredBy: 'schedule' }));
  const t1 = performance.now();
  await Promise.all(ps);
  console.error('round', round, 'dispatch ms', Math.round(t1 - t), 'settled', Math.round(performance.now() - t));
  await new Promise((r) => setTimeout(r, 2000));
}
const { profile } = await session.post('Profiler.stop'); writeFileSync('/tmp/prof/tick.cpuprofile', JSON.stringify(profile));
const rows = lives.map((l) => ({ patternId: l.patternId, at: new Date(Date.UTC(2032, 0, 1)).toISOString(), outcome: 'fired', instanceId: 'x', recordedAt: at }));
let t = performance.now(); await s.store.recordTicks(rows); console.error('ledger 10k', Math.round(performance.now() - t));
await s.close();
process.exit(0);
