// The node log as the history stores it (Trace.stored, compact) and as the API answers it
// (expandLog, SPEC §8): the same entries, times, outputs and counts, whatever the values hold.
import { describe, expect, it } from 'vitest';
import { Trace } from '../../src/runtime/trace.js';
import { expandLog } from '../../src/history/node-log.js';
import { compile } from '../../src/compiler/index.js';
import { createRegistry } from '../../src/nodes/index.js';
import { executeSync } from '../../src/runtime/execute.js';

const nodes = [
  { id: 'hook', name: 'On Webhook' },
  { id: '__proto__', name: 'Odd "name" ✓' },
  { id: 'never', name: 'Never runs' },
];

describe('stored node log', () => {
  it('round-trips every kind of entry: start/finish with outputs and durations, log lines, errors', () => {
    const t = new Trace(nodes, 50);
    const weird = { 'a"b': 'line\nbreak', __proto__x: [1, -0, 2.5e-7, 1e21], nested: { ok: true, nil: null }, emoji: '😀', ctrl: '\u0000\u001f' };
    t.c[0]!++;
    t.event(0, 'start', null);
    t.c[1]!++;
    t.f(1, t.s(1), weird);
    t.event(1, 'log', { level: 'info', message: 'hello "you"' });
    t.event(0, 'error', { code: 'NODE_ERROR', message: 'bad', nodeId: 'hook' });
    const before = Date.now();
    const log = expandLog(t.stored());
    expect(log.entries.map((e) => [e.nodeId, e.nodeName, e.event])).toEqual([
      ['hook', 'On Webhook', 'start'],
      ['__proto__', 'Odd "name" ✓', 'start'],
      ['__proto__', 'Odd "name" ✓', 'finish'],
      ['__proto__', 'Odd "name" ✓', 'log'],
      ['hook', 'On Webhook', 'error'],
    ]);
    expect(log.entries[0]!.output).toBeNull();
    expect('output' in log.entries[1]!).toBe(false);
    expect(log.entries[2]!.output).toEqual(JSON.parse(JSON.stringify(weird)));
    expect(log.entries[2]!.durationMs).toBeGreaterThanOrEqual(0);
    expect(log.entries[3]!.output).toEqual({ level: 'info', message: 'hello "you"' });
    for (const e of log.entries) expect(Math.abs(Date.parse(e.timestamp) - before)).toBeLessThan(5000);
    expect(Object.keys(log.runs)).toEqual(['hook', '__proto__']);
    expect(log.runs.__proto__).toBe(1);
    expect(Object.getPrototypeOf(log.runs)).toBe(Object.prototype); // a plain key, not a prototype
    expect(log.dropped).toBe(0);
  });

  it('keeps times in order and to the millisecond; counts what did not fit', () => {
    const t = new Trace(nodes, 4);
    for (let i = 0; i < 10; i++) {
      t.c[0]!++;
      if (t.open) t.f(0, t.s(0), i);
    }
    const log = expandLog(t.stored());
    expect(log.entries).toHaveLength(4);
    expect(log.dropped).toBe(8);
    expect(log.runs).toEqual({ hook: 10 });
    const times = log.entries.map((e) => Date.parse(e.timestamp));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('masks secrets in outputs recorded before the secret was read', () => {
    const t = new Trace(nodes, 10);
    t.event(0, 'log', { message: 'token is s3cr3t-value' });
    t.setMask((s) => s.replaceAll('s3cr3t-value', '***'));
    expect(t.stored()).not.toContain('s3cr3t');
    expect(expandLog(t.stored()).entries[0]!.output).toEqual({ message: 'token is ***' });
  });

  it('reads logs stored in the v2 form (times in ms, names by first appearance)', () => {
    const v2 =
      '{"v":2,"t":1795698353142,"n":[["hook","On Webhook"],["loop","For Each"]],"e":[[0,0,0,null],[0.5,1,0],[0.918,1,1,{"a":1},0.25]],"dropped":0,"runs":{"hook":1,"loop":1}}';
    expect(expandLog(v2)).toEqual({
      entries: [
        { timestamp: new Date(1795698353142).toISOString(), nodeId: 'hook', nodeName: 'On Webhook', event: 'start', output: null },
        { timestamp: new Date(1795698353142.5).toISOString(), nodeId: 'loop', nodeName: 'For Each', event: 'start' },
        { timestamp: new Date(1795698353142.918).toISOString(), nodeId: 'loop', nodeName: 'For Each', event: 'finish', output: { a: 1 }, durationMs: 0.25 },
      ],
      dropped: 0,
      runs: { hook: 1, loop: 1 },
    });
  });

  it('stores durations to the microsecond, as the SPEC §8 form gives them in ms', () => {
    const t = new Trace(nodes, 10);
    t.c[0]!++;
    const t0 = t.s(0);
    while (performance.now() - t0 < 2) {
      /* a node that takes 2 ms */
    }
    t.f(0, t0, 'done');
    const [, finish] = expandLog(t.stored()).entries;
    expect(finish!.durationMs).toBeGreaterThanOrEqual(2);
    expect(finish!.durationMs).toBeLessThan(1000);
    expect(finish!.durationMs).toBe(Math.round(finish!.durationMs! * 1000) / 1000);
  });

  it('reads logs stored before the compact form as they were', () => {
    const old = {
      entries: [{ timestamp: '2026-01-01T00:00:00.000Z', nodeId: 'a', nodeName: 'A', event: 'start' as const, output: null }],
      dropped: 0,
      runs: { a: 1 },
    };
    expect(expandLog(JSON.stringify(old))).toEqual(old);
  });

  it('is smaller than the SPEC §8 form it expands to', () => {
    const t = new Trace(nodes, 100);
    for (let i = 0; i < 20; i++) {
      t.c[0]!++;
      t.f(0, t.s(0), i * 1.5);
    }
    const stored = t.stored();
    expect(stored.length * 2).toBeLessThan(JSON.stringify(expandLog(stored)).length);
  });

  it('an error of a pure node evaluated for an impure one is logged on the node that failed', () => {
    const r = compile(
      {
        format: 'dragops.pattern/1',
        name: 'attr',
        nodes: [
          { id: 'hook', type: 'OnWebhook' },
          { id: 'get', type: 'GetProperty', defaults: { key: 'a' } },
          { id: 'log', type: 'Log' },
        ],
        wires: [
          { from: { node: 'hook', pin: 'then' }, to: { node: 'log', pin: 'exec' } },
          { from: { node: 'hook', pin: 'body' }, to: { node: 'get', pin: 'object' } },
          { from: { node: 'get', pin: 'value' }, to: { node: 'log', pin: 'message' } },
        ],
      },
      { registry: createRegistry() },
    );
    const run = executeSync(r.compiled!, { body: 'not an object' })!;
    expect(run.error).toMatchObject({ code: 'TYPE_CONVERSION', nodeId: 'get' });
    expect(run.trace.entries.filter((e) => e.event === 'error').map((e) => e.nodeId)).toEqual(['get']);
  });
});
