// The execution workers (src/isolation/pool.ts) on their own: what a stopped worker takes with it,
// which execution is blamed, calls back to the server's thread, and a worker that lost a plan.
import { afterEach, describe, expect, it } from 'vitest';
import { build, longStep, pattern } from '../helpers.js';
import { DEFAULT_POOL, WorkerPool } from '../../src/isolation/pool.js';
import { Executor } from '../../src/isolation/executor.js';
import type { CompiledPattern } from '../../src/compiler/index.js';
import type { RunOptions } from '../../src/runtime/execute.js';
import type { PatternDocument } from '../../src/pattern/schema.js';

const plan = (doc: unknown, patterns: Record<string, PatternDocument> = {}): CompiledPattern => {
  const r = build(doc, { patterns });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.compiled;
};
let pool: WorkerPool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

const slow = plan(
  pattern(
    [
      { id: 'start', type: 'OnStart' },
      { id: 'wait', type: 'Delay', defaults: { seconds: 3 } },
    ],
    ['start.then -> wait.exec'],
  ),
);
/** One synchronous step of several seconds (a regular expression over 16M characters). */
const stuck = (timeoutMs: number) => plan(longStep({ id: 'start', type: 'OnStart' }, { settings: { timeoutMs } }));

describe('execution workers', () => {
  it("stop a worker stuck past an execution's deadline: that one times out, one waiting beside it is INTERRUPTED", async () => {
    pool = new WorkerPool({ ...DEFAULT_POOL, workers: 1, maxWorkers: 1, graceMs: 200 });
    const x = new Executor(pool);
    const waiting = x.isolated(slow, {}, {});
    await new Promise((r) => setTimeout(r, 300)); // the Delay is under way in the only worker
    const t = performance.now();
    const culprit = await x.isolated(stuck(300), {}, {});
    expect(culprit.status).toBe('timeout');
    expect(culprit.error?.code).toBe('TIMEOUT');
    expect(performance.now() - t).toBeLessThan(1500);
    const innocent = await waiting;
    expect(innocent.status).toBe('failed');
    expect(innocent.error?.code).toBe('INTERRUPTED');
    expect(innocent.error?.message).toMatch(/another execution held it past its deadline/);
    // A new worker takes the next execution.
    const after = await x.isolated(
      plan(
        pattern(
          [
            { id: 'start', type: 'OnStart' },
            { id: 'log', type: 'Log', defaults: { message: 'hi' } },
          ],
          ['start.then -> log.exec'],
        ),
      ),
      {},
      {},
    );
    expect(after.status).toBe('completed');
    expect(after.logs).toEqual([{ level: 'info', message: 'hi', nodeId: 'log' }]);
  }, 20_000);

  it('sends new executions to a worker that is not stuck, keeping a spare ready', async () => {
    pool = new WorkerPool({ ...DEFAULT_POOL, workers: 1, maxWorkers: 3, graceMs: 200, warm: true });
    const x = new Executor(pool);
    const held = x.isolated(stuck(2000), {}, {});
    await new Promise((r) => setTimeout(r, 400)); // the watchdog has seen the thread stuck
    const t = performance.now();
    const quick = await x.isolated(
      plan(
        pattern(
          [
            { id: 'start', type: 'OnStart' },
            { id: 'log', type: 'Log', defaults: { message: 'ok' } },
          ],
          ['start.then -> log.exec'],
        ),
      ),
      {},
      {},
    );
    expect(quick.status).toBe('completed');
    expect(performance.now() - t).toBeLessThan(1000);
    expect(pool.stats().workers).toBeGreaterThanOrEqual(2);
    expect((await held).status).toBe('timeout');
  }, 20_000);

  it('fail the execution that fills its heap with LIMIT_EXCEEDED, and keep serving', async () => {
    pool = new WorkerPool({ ...DEFAULT_POOL, workers: 1, maxWorkers: 1, memoryMb: 128 });
    const x = new Executor(pool);
    const bomb = plan(
      pattern(
        [
          { id: 'start', type: 'OnStart' },
          { id: 'loop', type: 'ForRange', defaults: { end: 100000 } },
          { id: 'range', type: 'Range', defaults: { start: 0, end: 1000000 } },
          { id: 'append', type: 'AppendToArray', config: { variable: 'all' } },
        ],
        ['start.then -> loop.exec', 'loop.body -> append.exec', 'range.result -> append.item'],
        { variables: [{ name: 'all', type: 'Array', default: [] }] },
      ),
    );
    const r = await x.isolated(bomb, {}, {});
    expect(r.status).toBe('failed');
    expect(r.error?.code).toBe('LIMIT_EXCEEDED');
    const again = await x.isolated(slow, {}, { timeoutMs: 100 });
    expect(again.status, JSON.stringify(again.error)).toBe('timeout');
  }, 30_000);

  it("answer CallPattern through the server's caller, secrets and environment by name, and errors that TryCatch catches", async () => {
    pool = new WorkerPool({ ...DEFAULT_POOL, workers: 1, maxWorkers: 1 });
    const x = new Executor(pool);
    const caller = plan(
      pattern(
        [
          { id: 'start', type: 'OnStart' },
          { id: 'try', type: 'TryCatch' },
          { id: 'call', type: 'CallPattern', config: { pattern: 'callee' } },
          { id: 'secret', type: 'GetSecret', config: { name: 'token' } },
          { id: 'env', type: 'GetEnvironment', config: { name: 'HOME_DIR' } },
          { id: 'cat', type: 'Concat' },
          { id: 'log', type: 'Log' },
          { id: 'caught', type: 'Log' },
        ],
        [
          'start.then -> try.exec',
          'try.try -> call.exec',
          'call.then -> log.exec',
          'secret.value -> cat.a',
          'env.value -> cat.b',
          'cat.result -> log.message',
          'try.catch -> caught.exec',
          'try.error -> caught.message',
        ],
      ),
      { callee: pattern([{ id: 'in', type: 'OnPatternCall', config: { inputs: [], outputs: [] } }]) },
    );
    const calls: string[] = [];
    const options = (fail: boolean): RunOptions => ({
      callPattern: async (id, _inputs, parent) => {
        calls.push(`${id} from ${parent.runId}`);
        if (fail) throw Object.assign(new Error('no such pattern'), { code: 'x' });
        return {};
      },
      secret: (n) => (n === 'token' ? 's3cret-value' : undefined),
      environment: (n) => (n === 'HOME_DIR' ? '/home' : undefined),
      runId: 'run_test1',
    });
    const ok = await x.isolated(caller, {}, options(false));
    expect(ok.status).toBe('completed');
    expect(ok.logs.map((l) => l.message)).toEqual(['***/home']); // the secret's value is masked in the worker too
    expect(calls).toEqual(['callee from run_test1']);
    const caught = await x.isolated(caller, {}, options(true));
    expect(caught.status).toBe('completed');
    expect(caught.logs[0]?.nodeId).toBe('caught');
    expect(caught.logs[0]?.message).toMatch(/no such pattern/);
  }, 20_000);
});
