// Attacks by a user with an account, against a real server process: none may take the server down,
// stall it, or starve another user (issue 15; docs/semantics.md "Limits of an execution"). Each
// attack runs while another user's W1 webhook is called, whose p99 must stay under 300 ms.
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { longStep, pattern } from '../helpers.js';
import type { PatternDocument } from '../../src/pattern/schema.js';
import { latencies, p99, sleep, startHostile, type HostileServer } from './server.js';

const root = new URL('../../', import.meta.url).pathname;
const w1 = JSON.parse(readFileSync(`${root}examples/w1-order-summary.pattern.json`, 'utf8')) as PatternDocument;
const w1Body = readFileSync(`${root}examples/w1/body-gold.json`, 'utf8');

let s: HostileServer;
let attacker: string;
let victim: string;
let control: string;
const callControl = () => fetch(control, { method: 'POST', headers: { 'content-type': 'application/json' }, body: w1Body }).then((r) => r.text());

beforeAll(async () => {
  s = await startHostile(['--execution-memory-mb', '256']);
  victim = await s.signUp('victim');
  attacker = await s.signUp('attacker');
  control = (await s.deploy(victim, { ...w1, id: undefined } as unknown as PatternDocument)).webhookUrl;
  expect(JSON.parse(await callControl()).tier).toBe('gold');
}, 30_000);
afterAll(async () => {
  await s?.stop();
});

/** Runs `attack`, calling the control webhook every 20 ms meanwhile; returns the attack's result and
 * the control's latencies. */
async function during<T>(attack: () => Promise<T>): Promise<{ result: T; control: number[] }> {
  let done = false;
  const controlRun = (async () => {
    const all: number[] = [];
    while (!done) all.push(...(await latencies(callControl, 1, 20)));
    return all;
  })();
  try {
    const result = await attack();
    return { result, control: await ((done = true), controlRun) };
  } finally {
    done = true;
  }
}

const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('hostile executions', () => {
  it('memory bomb: a loop that keeps fresh 1,000,000-item arrays fails LIMIT_EXCEEDED; the server lives and stays bounded', async () => {
    const bomb = pattern(
      [
        { id: 'hook', type: 'OnWebhook', config: { responseMode: 'immediate' } },
        { id: 'loop', type: 'ForRange', defaults: { start: 0, end: 100000 } },
        { id: 'range', type: 'Range', defaults: { start: 0, end: 1000000 } },
        { id: 'append', type: 'AppendToArray', config: { variable: 'all' } },
      ],
      ['hook.then -> loop.exec', 'loop.body -> append.exec', 'range.result -> append.item'],
      { variables: [{ name: 'all', type: 'Array', default: [] }] },
    );
    const d = await s.deploy(attacker, bomb);
    let peak = 0;
    const sampler = setInterval(() => {
      try {
        peak = Math.max(peak, s.rssMb());
      } catch {
        /* gone */
      }
    }, 50);
    const { result: run, control } = await during(async () => {
      const r = await post(d.webhookUrl, {});
      expect(r.status).toBe(202);
      const { runId } = (await r.json()) as { runId: string };
      return s.waitRun(attacker, runId, 30_000);
    });
    clearInterval(sampler);
    expect(run.status).toBe('failed');
    expect(run.error.code).toBe('LIMIT_EXCEEDED');
    expect(s.alive()).toBe(true);
    expect(peak).toBeLessThan(1024); // 256 MB of worker heap, the server's own, and slack — not the 3.6 GB of before
    expect(p99(control)).toBeLessThan(300);
    // Not run again: the accepted job ended with its execution.
    await sleep(1500);
    expect((await s.api(attacker, `/api/runs/${run.id}`)).body.data.status).toBe('failed');
    expect((await s.api(attacker, `/api/deployments/${d.deploymentId}/runs`)).body.meta.total).toBe(1);
  }, 60_000);

  it('a regular expression over 16M characters ends `timeout` within about a second of its 1 s deadline; the server keeps answering', async () => {
    const doc = longStep({ id: 'hook', type: 'OnWebhook', config: { responseMode: 'lastNode' } }, { settings: { timeoutMs: 1000 } });
    const d = await s.deploy(attacker, doc);
    const { result, control } = await during(async () => {
      const t = performance.now();
      const r = await post(d.webhookUrl, {});
      return { status: r.status, body: (await r.json()) as any, ms: performance.now() - t };
    });
    expect(result.status).toBe(504);
    expect(result.body.error.code).toBe('TIMEOUT');
    expect(result.ms).toBeLessThan(2500);
    expect(p99(control)).toBeLessThan(300);
    expect((await fetch(`${s.base}/healthz`)).status).toBe(200);
  }, 30_000);

  it('a loop whose turns are heavy (sorting 1M items) ends `timeout` within about a second of its deadline', async () => {
    const doc = pattern(
      [
        { id: 'hook', type: 'OnWebhook', config: { responseMode: 'lastNode' } },
        { id: 'loop', type: 'ForRange', defaults: { start: 0, end: 1000 } },
        { id: 'range', type: 'Range', defaults: { start: 0, end: 1000000 } },
        { id: 'shuffle', type: 'Shuffle' },
        { id: 'sort', type: 'Sort' },
        { id: 'len', type: 'ArrayLength' },
        { id: 'set', type: 'SetVariable', config: { variable: 'n' } },
      ],
      [
        'hook.then -> loop.exec',
        'loop.body -> set.exec',
        'range.result -> shuffle.array',
        'shuffle.result -> sort.array',
        'sort.result -> len.array',
        'len.result -> set.value',
      ],
      { settings: { timeoutMs: 1000 }, variables: [{ name: 'n', type: 'Integer', default: 0 }] },
    );
    const d = await s.deploy(attacker, doc);
    const { result, control } = await during(async () => {
      const t = performance.now();
      const r = await post(d.webhookUrl, {});
      return { status: r.status, body: (await r.json()) as any, ms: performance.now() - t };
    });
    expect(result.status).toBe(504);
    expect(result.ms).toBeLessThan(2500);
    expect(p99(control)).toBeLessThan(300);
  }, 30_000);

  it('pattern-call fan-out: a pattern calling itself 3× per level with the errors caught starts at most --max-tree-executions', async () => {
    // Deployed once without the calls (a callee must be live to be called), then with them.
    const first = await s.deploy(attacker, pattern([{ id: 'in', type: 'OnPatternCall', config: { inputs: [], outputs: [] } }]));
    const id = first.patternId;
    const calls = [0, 1, 2].flatMap((i) => [
      { id: `try${i}`, type: 'TryCatch' },
      { id: `call${i}`, type: 'CallPattern', config: { pattern: id } },
    ]);
    const fan = pattern(
      [{ id: 'in', type: 'OnPatternCall', config: { inputs: [], outputs: [] } }, { id: 'seq', type: 'Sequence', config: { count: 3 } }, ...calls],
      ['in.then -> seq.exec', ...[0, 1, 2].flatMap((i) => [`seq.then${i} -> try${i}.exec`, `try${i}.try -> call${i}.exec`])],
    );
    expect((await s.api(attacker, `/api/patterns/${id}`, fan, 'PUT')).status).toBe(200);
    expect((await s.api(attacker, `/api/patterns/${id}/deploy`, {})).status).toBe(201);
    const root = await s.deploy(
      attacker,
      pattern(
        [
          { id: 'hook', type: 'OnWebhook', config: { responseMode: 'lastNode' } },
          { id: 'try', type: 'TryCatch' },
          { id: 'call', type: 'CallPattern', config: { pattern: id } },
        ],
        ['hook.then -> try.exec', 'try.try -> call.exec'],
      ),
    );
    const { result, control } = await during(async () => {
      const r = await post(root.webhookUrl, {});
      return { status: r.status, body: (await r.json()) as any };
    });
    expect(result.status, JSON.stringify(result.body)).toBe(200);
    await sleep(500);
    const total = (await s.api(attacker, `/api/deployments/${first.deploymentId}/runs?limit=1`)).body.meta.total as number;
    expect(total).toBeGreaterThan(100);
    expect(total).toBeLessThanOrEqual(1000); // the call tree's budget (the root is the 1000th)
    const refused = (await s.api(attacker, `/api/deployments/${first.deploymentId}/runs?limit=200`)).body.data.filter((r: any) => r.status === 'failed');
    expect(refused.length).toBe(0); // refused calls start nothing; the executions that ran caught the errors
    expect(p99(control)).toBeLessThan(300);
  }, 60_000);

  it("one user's executions stuck in long steps hold at most half the workers: another user's isolated executions keep running", async () => {
    const hog = await s.deploy(attacker, longStep({ id: 'hook', type: 'OnWebhook', config: { responseMode: 'lastNode' } }, { settings: { timeoutMs: 3000 } }));
    // A Delay makes the victim's plan unbounded: it runs in a worker, not inline.
    const own = await s.deploy(
      victim,
      pattern(
        [
          { id: 'hook', type: 'OnWebhook', config: { responseMode: 'lastNode' } },
          { id: 'wait', type: 'Delay', defaults: { seconds: 0 } },
        ],
        ['hook.then -> wait.exec'],
      ),
    );
    const hogs = Array.from({ length: 10 }, () => post(hog.webhookUrl, {}).then((r) => r.status));
    await sleep(1000); // the burst has settled: the hog's executions hold their workers (the first second of a burst may be slower: a spare worker starts)
    const times = await latencies(
      () =>
        post(own.webhookUrl, {}).then(async (r) => {
          const text = await r.text();
          expect(r.status, text).toBe(200);
          return text;
        }),
      15,
      50,
    );
    expect(p99(times)).toBeLessThan(300);
    for (const status of await Promise.all(hogs)) expect([500, 504]).toContain(status);
  }, 60_000);

  it('live-event subscribers that never read are dropped, not buffered without end', async () => {
    const noisy = await s.deploy(
      attacker,
      pattern(
        [
          { id: 'hook', type: 'OnWebhook', config: { responseMode: 'lastNode' } },
          { id: 'msg', type: 'GetProperty', defaults: { key: 'message' } },
          { id: 'throw', type: 'ThrowError' },
        ],
        ['hook.then -> throw.exec', 'hook.body -> msg.object', 'msg.value -> throw.message'],
        { settings: { circuitBreaker: { enabled: false } } },
      ),
    );
    const port = Number(new URL(s.base).port);
    const sockets: Socket[] = [];
    const ended: boolean[] = [];
    for (let i = 0; i < 20; i++) {
      const sock = connect(port, '127.0.0.1');
      sock.write(`GET /api/events?token=${attacker} HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n`);
      sock.pause(); // never reads
      ended[i] = false;
      sock.on('end', () => {
        ended[i] = true;
      });
      sock.on('close', () => {
        ended[i] = true;
      });
      sockets.push(sock);
    }
    await sleep(300);
    const before = s.rssMb();
    const message = 'x'.repeat(20_000); // each failed execution's live event carries its error message
    const fire = async () => {
      for (let i = 0; i < 60; i++) await post(noisy.webhookUrl, { message }).then((r) => r.text());
    };
    await Promise.all(Array.from({ length: 20 }, fire)); // 1,200 executions: ~24 MB of events per subscriber
    const grown = s.rssMb() - before;
    for (const sock of sockets) sock.resume(); // read what was sent: a dropped subscriber then sees the end
    for (let i = 0; i < 50 && ended.some((e) => !e); i++) await sleep(100);
    expect(ended.filter(Boolean).length).toBe(20);
    expect(grown).toBeLessThan(200);
    for (const sock of sockets) sock.destroy();
  }, 60_000);
});
