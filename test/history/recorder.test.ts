// The history recorder: batches starts and ends, one entry per run and batch, nothing lost when a
// write fails.
import { describe, expect, it } from 'vitest';
import { RunRecorder } from '../../src/history/recorder.js';
import type { SavedRun, Store } from '../../src/store/types.js';

const run = (id: string, status: 'running' | 'completed' | 'failed') => ({
  id,
  deploymentId: 'd',
  patternId: 'p',
  version: 1,
  status,
  triggeredBy: 'webhook' as const,
  parentRunId: null,
  startedAt: '2026-11-26T00:00:00.000Z',
  finishedAt: status === 'running' ? null : '2026-11-26T00:00:00.001Z',
  durationMs: status === 'running' ? null : 1,
  error: null,
});

function store(fail = 0) {
  const batches: SavedRun[][] = [];
  let failures = fail;
  const s = {
    saveRuns: async (runs: SavedRun[]) => {
      if (failures-- > 0) throw new Error('disk full');
      batches.push(runs);
    },
  } as unknown as Store;
  return { s, batches, saved: () => batches.flat() };
}

describe('RunRecorder', () => {
  it('a run that starts and ends before a flush is one entry, with its end; others keep their order', async () => {
    const { s, saved } = store();
    const r = new RunRecorder(s, () => {}, 10_000);
    r.finished(run('a', 'completed'), '{"n":1}');
    r.started(run('b', 'running'), '{"n":2}');
    r.finished(run('c', 'failed'), '{"n":3}');
    r.finished(run('b', 'completed'), '{"n":2}');
    await r.flush();
    expect(saved().map((x) => [x.run.id, x.run.status, x.triggerData])).toEqual([
      ['a', 'completed', '{"n":1}'],
      ['b', 'completed', '{"n":2}'],
      ['c', 'failed', '{"n":3}'],
    ]);
  });

  it('a start flushed before its end is written twice: running, then its end', async () => {
    const { s, saved } = store();
    const r = new RunRecorder(s, () => {}, 10_000);
    r.started(run('a', 'running'), null);
    await r.flush();
    r.finished(run('a', 'completed'), null);
    await r.flush();
    expect(saved().map((x) => x.run.status)).toEqual(['running', 'completed']);
  });

  it('flushes on its own once maxPending runs wait', async () => {
    const { s, saved } = store();
    const r = new RunRecorder(s, () => {}, 10_000, 5);
    for (let i = 0; i < 12; i++) r.finished(run(`r${i}`, 'completed'), null);
    await new Promise((ok) => setTimeout(ok, 20));
    expect(saved()).toHaveLength(10);
    await r.flush();
    expect(saved().map((x) => x.run.id)).toEqual(Array.from({ length: 12 }, (_, i) => `r${i}`));
  });

  it('keeps what failed to save for the next flush, without a start whose end came meanwhile', async () => {
    const { s, saved } = store(1);
    const errors: unknown[] = [];
    const r = new RunRecorder(s, (e) => errors.push(e), 10_000);
    r.started(run('a', 'running'), null);
    r.finished(run('b', 'completed'), null);
    await r.flush(); // fails
    expect(errors).toHaveLength(1);
    r.finished(run('a', 'completed'), null);
    await r.flush();
    expect(
      saved()
        .map((x) => [x.run.id, x.run.status])
        .sort(),
    ).toEqual([
      ['a', 'completed'],
      ['b', 'completed'],
    ]);
  });
});
