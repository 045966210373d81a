// The limits an admin sets and the offline runner: --max-timeout-ms caps any pattern's
// settings.timeoutMs; `dragops run` isolates an execution as the server does (a memory bomb fails
// LIMIT_EXCEEDED and exits 1, where it used to abort the process with 134).
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployed, delayedDoc, hookPath, startServer, type TestServer } from '../api/harness.js';
import { longStep, pattern } from '../helpers.js';

const root = new URL('../../', import.meta.url).pathname;

describe("an admin's cap on deadlines (--max-timeout-ms)", () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer({ config: { maxTimeoutMs: 300 } });
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('ends an execution whose settings ask for 10 minutes at the cap', async () => {
    const p = await deployed(s, { ...delayedDoc(30, 'lastNode'), settings: { timeoutMs: 600_000 } });
    const t = performance.now();
    const r = await s.raw(hookPath(p), { json: {} });
    expect(r.status).toBe(504);
    expect(r.body.error.code).toBe('TIMEOUT');
    expect(performance.now() - t).toBeLessThan(2000);
  });
});

describe("dragops run, offline, with the server's isolation", () => {
  const dir = mkdtempSync(join(tmpdir(), 'dragops-limits-'));
  const file = (name: string, doc: unknown) => {
    const f = join(dir, name);
    writeFileSync(f, JSON.stringify(doc));
    return f;
  };
  const run = (...args: string[]) =>
    new Promise<{ code: number | null; last: any }>((resolve) => {
      execFile(process.execPath, [join(root, 'bin/dragops.js'), 'run', ...args], { cwd: root, timeout: 30_000 }, (e, stdout) => {
        const lines = stdout.trim().split('\n');
        resolve({ code: e ? ((e as { code?: number }).code ?? null) : 0, last: JSON.parse(lines[lines.length - 1] ?? 'null') });
      });
    });

  it('a memory bomb fails LIMIT_EXCEEDED and exits 1', async () => {
    const bomb = file(
      'bomb.pattern.json',
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
    const r = await run(bomb, '--execution-memory-mb', '128');
    expect(r.code).toBe(1);
    expect(r.last.status).toBe('failed');
    expect(r.last.error.code).toBe('LIMIT_EXCEEDED');
  }, 30_000);

  it('one long step ends `timeout` about a second after the deadline', async () => {
    const stuck = file('stuck.pattern.json', longStep({ id: 'start', type: 'OnStart' }));
    const t = performance.now();
    const r = await run(stuck, '--timeout', '500');
    expect(r.code).toBe(1);
    expect(r.last.status).toBe('timeout');
    expect(performance.now() - t).toBeLessThan(4000);
  }, 30_000);
});
