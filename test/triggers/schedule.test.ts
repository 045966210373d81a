// Schedules on a real server's services: real cron (croner), real SQLite.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createServices, defaultConfig, type Services } from '../../src/server/services.js';
import type { PatternRecord, User } from '../../src/store/types.js';

const silent = { info() {}, error() {} };
const every = (cron: string, timezone = 'UTC') => ({
  format: 'dragops.pattern/1' as const,
  name: 'tick',
  nodes: [
    { id: 'tick', type: 'OnSchedule', config: { cron, timezone } },
    { id: 'log', type: 'Log' },
  ],
  wires: [
    { from: { node: 'tick', pin: 'then' }, to: { node: 'log', pin: 'exec' } },
    { from: { node: 'tick', pin: 'timestamp' }, to: { node: 'log', pin: 'message' } },
  ],
});

let open: Services[] = [];
afterEach(async () => {
  for (const s of open) await s.close();
  open = [];
});

async function setup(dataDir = mkdtempSync(join(tmpdir(), 'dragops-sched-'))) {
  const s = await createServices(defaultConfig({ dataDir }), silent);
  open.push(s);
  return { s, dataDir };
}
async function makePattern(s: Services, doc: object): Promise<{ p: PatternRecord; user: User }> {
  const user = (await s.store.createFirstUser({ id: 'usr_1', email: 'a@example.test', name: 'A', passwordHash: 'x' })) ?? (await s.store.getUser('usr_1'))!;
  const at = new Date().toISOString();
  const p: PatternRecord = {
    id: `pat_${Math.random().toString(36).slice(2)}`,
    ownerId: user.id,
    document: doc as PatternRecord['document'],
    webhookId: Math.random().toString(36).slice(2),
    webhookSecret: 's',
    revision: 1,
    createdAt: at,
    updatedAt: at,
  };
  await s.store.createPattern(p);
  return { p, user };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('schedules', () => {
  it('a deployed every-second schedule fires, records runs as `schedule`, skips while paused, stops when undeployed', async () => {
    const { s } = await setup();
    const { p, user } = await makePattern(s, every('* * * * * *'));
    const { deployment } = await s.engine.deploy(p, user, {});
    await sleep(2300);
    await s.history.flush();
    const runs = await s.store.listRuns(deployment.id, { limit: 50, offset: 0 });
    expect(runs.total).toBeGreaterThanOrEqual(2);
    expect(runs.items.every((r) => r.triggeredBy === 'schedule' && r.status === 'completed' && r.version === 1)).toBe(true);
    // Fired once per second: no two runs share a scheduled second.
    const stamps = runs.items.map((r) => (r.triggerData as { timestamp: string }).timestamp);
    expect(new Set(stamps).size).toBe(stamps.length);
    expect(s.schedules.nextFire(p.id)).not.toBeNull();

    await s.engine.setStatus(p, 'paused', { userId: user.id, pausedBy: 'user' });
    const before = runs.total;
    await sleep(1500);
    await s.history.flush();
    expect((await s.store.listRuns(deployment.id, { limit: 50, offset: 0 })).total).toBe(before);
    expect(s.activity.of(p.id).schedule.skipped).toBeGreaterThanOrEqual(1);

    await s.engine.setStatus(p, 'undeployed', { userId: user.id });
    expect(s.schedules.nextFire(p.id)).toBeNull();
  });

  it('a redeploy continues from the next matching time, without a double fire', async () => {
    const { s } = await setup();
    const { p, user } = await makePattern(s, every('* * * * * *'));
    const { deployment } = await s.engine.deploy(p, user, {});
    for (let i = 0; i < 4; i++) {
      await sleep(400);
      await s.engine.deploy(p, user, {});
    }
    await sleep(600);
    await s.history.flush();
    const runs = (await s.store.listRuns(deployment.id, { limit: 100, offset: 0 })).items;
    const stamps = runs.map((r) => (r.triggerData as { timestamp: string }).timestamp);
    expect(new Set(stamps).size).toBe(stamps.length);
    expect(runs.length).toBeGreaterThanOrEqual(1);
  });

  it('on start, the latest tick missed less than an hour ago fires once (caught up); older ones are counted as missed', async () => {
    const { s, dataDir } = await setup();
    const { p, user } = await makePattern(s, every('*/10 * * * *'));
    const { deployment } = await s.engine.deploy(p, user, {});
    const now = Date.now();
    // The last fire was 35 minutes ago: the ticks at -30, -20 and -10 minutes (about) were missed.
    const fired = new Date(Math.floor((now - 35 * 60_000) / 1000) * 1000).toISOString();
    await s.store.recordTicks([{ patternId: p.id, at: fired, outcome: 'fired', instanceId: 'before', recordedAt: fired }]);
    await s.close();
    open = [];
    const { s: again } = await setup(dataDir);
    await again.history.flush();
    const runs = await again.store.listRuns(deployment.id, { limit: 10, offset: 0 });
    expect(runs.total).toBe(1);
    expect(runs.items[0]!.triggeredBy).toBe('schedule');
    const a = again.activity.of(p.id).schedule;
    expect(a.caughtUp).toBe(1);
    expect(a.missed).toBeGreaterThanOrEqual(2);
    // The ledger has every one of them, with the instance that recorded it.
    const ticks = await again.store.listTicks(p.id, 10);
    expect(ticks[0]).toMatchObject({ outcome: 'caught_up', instanceId: again.instanceId, at: (runs.items[0]!.triggerData as { timestamp: string }).timestamp });
    expect(ticks.filter((t) => t.outcome === 'missed').length).toBe(a.missed);
    expect(ticks.at(-1)).toMatchObject({ outcome: 'fired', at: fired, instanceId: 'before' });
  });

  it('ticks missed more than an hour ago are only counted', async () => {
    const { s, dataDir } = await setup();
    const { p, user } = await makePattern(s, every('0 * * * *'));
    const { deployment } = await s.engine.deploy(p, user, {});
    const fired = new Date(Math.floor((Date.now() - 5 * 3600_000 - 60_000) / 1000) * 1000).toISOString();
    await s.store.recordTicks([{ patternId: p.id, at: fired, outcome: 'fired', instanceId: 'before', recordedAt: fired }]);
    await s.close();
    open = [];
    // Any hourly tick within the last hour would be caught up; to make the test independent of the
    // clock, only the count of the older ones is asserted.
    const { s: again } = await setup(dataDir);
    expect(again.activity.of(p.id).schedule.missed).toBeGreaterThanOrEqual(4);
    await again.history.flush();
    expect((await again.store.listRuns(deployment.id, { limit: 10, offset: 0 })).total).toBeLessThanOrEqual(1);
  });
});
