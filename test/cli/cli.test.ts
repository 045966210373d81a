// The built `dragops` command, run as a user runs it (node bin/dragops.js …, after `npm install`).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
function dragops(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin/dragops.js'), ...args], { cwd: root, encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, out: r.stdout, err: r.stderr, last: r.stdout.trim().split('\n').pop() ?? '' };
}
const tmp = mkdtempSync(join(tmpdir(), 'dragops-cli-'));
function file(name: string, content: unknown) {
  const p = join(tmp, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
}
const broken = file('broken.pattern.json', {
  format: 'dragops.pattern/1',
  nodes: [
    { id: 'start', type: 'OnStart' },
    { id: 'log', type: 'Log' },
    { id: 'x', type: 'NoSuchNode' },
  ],
  wires: [{ from: { node: 'start', pin: 'then' }, to: { node: 'log', pin: 'exec' } }],
});

describe('dragops CLI', () => {
  it.each([[], ['check'], ['run'], ['compile'], ['nodes']])('--help works for %j', (...cmd) => {
    const r = dragops(...cmd, '--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Usage: dragops/);
  });

  it('check: a valid pattern passes with exit 0', () => {
    const r = dragops('check', 'examples/hello-world.pattern.json');
    expect(r.code).toBe(0);
    expect(r.out).toContain('ok');
  });

  it('check --json: every problem with code, message, nodeId, pin, path; exit 1', () => {
    const r = dragops('check', broken, '--json');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.last);
    expect(Object.keys(j)).toEqual(['errors', 'warnings']);
    expect(j.errors.map((e: { code: string }) => e.code).sort()).toEqual(['REQUIRED_PIN_UNCONNECTED', 'UNKNOWN_NODE_TYPE']);
    for (const e of j.errors) expect(Object.keys(e)).toEqual(['code', 'message', 'nodeId', 'pin', 'path']);
    expect(j.errors.find((e: { code: string }) => e.code === 'REQUIRED_PIN_UNCONNECTED')).toMatchObject({ nodeId: 'log', pin: 'message' });
  });

  it('check --json: schema errors are INVALID_DOCUMENT with their path', () => {
    const r = dragops(
      'check',
      file('bad.pattern.json', { format: 'dragops.pattern/1', nodes: [{ id: 'a', type: 'OnStart', colour: 'red' }], wires: [] }),
      '--json',
    );
    expect(r.code).toBe(1);
    expect(JSON.parse(r.last).errors).toEqual([expect.objectContaining({ code: 'INVALID_DOCUMENT', path: '/nodes/0/colour' })]);
  });

  it('check: a file that is not JSON is INVALID_DOCUMENT, exit 1', () => {
    const r = dragops('check', file('garbage.pattern.json', '{"format": '), '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.last).errors[0].code).toBe('INVALID_DOCUMENT');
  });

  it('a missing file is one clear line and exit 2', () => {
    const r = dragops('check', 'nope.pattern.json');
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toEqual(['dragops: nope.pattern.json: no such file']);
  });

  it('run: prints one JSON line with exactly the documented keys; exit 0 when completed', () => {
    const r = dragops('run', 'examples/hello-world.pattern.json');
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n')).toHaveLength(1);
    const j = JSON.parse(r.last);
    expect(Object.keys(j)).toEqual(['status', 'response', 'outputs', 'logs', 'error', 'durationMs']);
    expect(j).toMatchObject({
      status: 'completed',
      response: null,
      outputs: null,
      error: null,
      logs: [{ level: 'info', message: 'Hello, world!', nodeId: 'say' }],
    });
    expect(typeof j.durationMs).toBe('number');
  });

  it('run --event @file feeds the webhook trigger', () => {
    const ev = file('event.json', { body: { user: { name: 'grace' }, items: [{ price: 2, qty: 3 }] } });
    const j = JSON.parse(dragops('run', 'examples/w1-order-summary.pattern.json', '--event', `@${ev}`).last);
    expect(j.response).toEqual({ status: 200, headers: {}, body: { greeting: 'Hello, GRACE', total: 6, tier: 'basic', count: 1 } });
  });

  it('run --patterns resolves CallPattern callees from a folder', () => {
    const j = JSON.parse(dragops('run', 'examples/invoice.pattern.json', '--event', '{"body":{"amount":50}}', '--patterns', 'examples').last);
    expect(j.response.body).toEqual({ amount: 50, tax: 10, total: 60 });
  });

  it('run: bad --event is one line and exit 2', () => {
    const r = dragops('run', 'examples/hello-world.pattern.json', '--event', '{nope');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^dragops: --event is not valid JSON/);
    expect(dragops('run', 'examples/tax-calculator.pattern.json', '--event', '{"inputs": 3}').code).toBe(2);
    expect(dragops('run', 'examples/hello-world.pattern.json', '--event', '[1]').code).toBe(2);
  });

  it('run: a failing execution exits 1 with the error', () => {
    const p = file('fail.pattern.json', {
      format: 'dragops.pattern/1',
      nodes: [
        { id: 's', type: 'OnStart' },
        { id: 't', type: 'ThrowError', defaults: { message: 'boom', type: 'Kaput' } },
      ],
      wires: [{ from: { node: 's', pin: 'then' }, to: { node: 't', pin: 'exec' } }],
    });
    const r = dragops('run', p);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.last)).toMatchObject({ status: 'failed', error: { code: 'USER_ERROR', message: 'boom', type: 'Kaput', nodeId: 't' } });
  });

  it('run: an endless loop ends in timeout (--timeout)', () => {
    const p = file('loop.pattern.json', {
      format: 'dragops.pattern/1',
      nodes: [
        { id: 's', type: 'OnStart' },
        { id: 'w', type: 'While', defaults: { condition: true } },
      ],
      wires: [{ from: { node: 's', pin: 'then' }, to: { node: 'w', pin: 'exec' } }],
    });
    const r = dragops('run', p, '--timeout', '300');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.last)).toMatchObject({ status: 'timeout', error: { code: 'TIMEOUT' } });
  });

  it('run: a pattern that does not compile prints the diagnostics and a failed result', () => {
    const r = dragops('run', broken);
    expect(r.code).toBe(1);
    expect(r.err).toContain('UNKNOWN_NODE_TYPE');
    expect(JSON.parse(r.last)).toMatchObject({ status: 'failed', error: { code: 'COMPILE_FAILED' } });
  });

  it('run --secrets feeds GetSecret, and the value never shows in the log', () => {
    const p = file('secret.pattern.json', {
      format: 'dragops.pattern/1',
      nodes: [
        { id: 's', type: 'OnStart' },
        { id: 'k', type: 'GetSecret', config: { name: 'API_KEY' } },
        { id: 'l', type: 'Log' },
        { id: 'same', type: 'Equal', defaults: { b: 'k-123456' } },
        { id: 'l2', type: 'Log' },
      ],
      wires: [
        { from: { node: 's', pin: 'then' }, to: { node: 'l', pin: 'exec' } },
        { from: { node: 'k', pin: 'value' }, to: { node: 'l', pin: 'message' } },
        { from: { node: 'l', pin: 'then' }, to: { node: 'l2', pin: 'exec' } },
        { from: { node: 'k', pin: 'value' }, to: { node: 'same', pin: 'a' } },
        { from: { node: 'same', pin: 'result' }, to: { node: 'l2', pin: 'message' } },
      ],
    });
    const r = dragops('run', p, '--secrets', file('secrets.json', { API_KEY: 'k-123456' }));
    const j = JSON.parse(r.last);
    expect(j.logs.map((l: { message: string }) => l.message)).toEqual(['***', 'true']);
    expect(r.out).not.toContain('k-123456');
  });

  it('compile --emit prints the generated code', () => {
    const r = dragops('compile', 'examples/w1-order-summary.pattern.json', '--emit');
    expect(r.code).toBe(0);
    expect(r.out).toContain('function run(ctx, event)');
    expect(r.out).toContain('for (let');
    expect(dragops('compile', 'examples/retry-flaky-step.pattern.json', '--emit').out).toContain('async function run');
  });

  it('nodes: text by category, and --json with full definitions', () => {
    const text = dragops('nodes');
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^Flow Control \(\d+\)$/m);
    const list = JSON.parse(dragops('nodes', '--json').last);
    const add = list.find((d: { type: string }) => d.type === 'Add');
    expect(add).toMatchObject({
      type: 'Add',
      label: 'Add',
      category: 'Math',
      pure: true,
      inputs: [
        { id: 'a', type: 'Float' },
        { id: 'b', type: 'Float' },
      ],
      outputs: [{ id: 'result', type: 'Float' }],
    });
    for (const d of list)
      expect(Object.keys(d)).toEqual(expect.arrayContaining(['type', 'label', 'category', 'description', 'pure', 'inputs', 'outputs', 'config']));
  });

  it('an unknown command or flag exits 2', () => {
    expect(dragops('frobnicate').code).toBe(2);
    expect(dragops('check', '--bogus', 'x').code).toBe(2);
  });
});
