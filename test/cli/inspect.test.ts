// `dragops inspect RUNID` and `dragops logs RUNID` against a real server: the values on every pin of
// an execution, pure nodes and loop turns included; --node narrows it, --json prints the answer.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployed, hookPath, startServer, type TestServer } from '../api/harness.js';
import { dragops as run } from './spawn.js';

const root = new URL('../../', import.meta.url).pathname;
const w1 = JSON.parse(readFileSync(join(root, 'examples/w1-order-summary.pattern.json'), 'utf8'));
const body = JSON.parse(readFileSync(join(root, 'examples/w1/body-gold.json'), 'utf8'));

const dragops = (s: TestServer, ...args: string[]) => run({ ...process.env, DRAGOPS_SERVER: s.url, DRAGOPS_TOKEN: s.admin.token }, ...args);

describe('dragops inspect and logs', () => {
  let s: TestServer;
  let runId = '';
  beforeAll(async () => {
    s = await startServer();
    const p = await deployed(s, { ...w1, id: undefined });
    const r = await s.raw(hookPath(p), { json: body });
    expect(r.status).toBe(200);
    const deployment = (await s.api(`/api/patterns/${p.id}`)).body.data.deployment.id;
    runId = (await s.api(`/api/deployments/${deployment}/runs`)).body.data[0].id;
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('prints every node run with its inputs and outputs, in order', async () => {
    const r = await dragops(s, 'inspect', runId);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`${runId}: completed (version 1)`);
    expect(r.out).toMatch(/upper \(ToUpper\)\n\s+in\s+value="Ada Lovelace"\n\s+out\s+result="ADA LOVELACE"/);
    expect(r.out.match(/ price \(GetProperty\)/g)?.length).toBe(body.items.length);
  });

  it("--node shows one node's runs; --json the answer; an unknown node says which ran", async () => {
    const one = await dragops(s, 'inspect', runId, '--node', 'greeting');
    expect(one.out).toContain('out  result="Hello, ADA LOVELACE"');
    expect(one.out).not.toContain('(ToUpper)');
    const json = JSON.parse((await dragops(s, 'inspect', runId, '--json')).out);
    expect(json.data.exact).toBe(true);
    expect(json.data.nodes.find((n: { id: string }) => n.id === 'upper').runs[0].outputs.result).toBe('ADA LOVELACE');
    const bad = await dragops(s, 'inspect', runId, '--node', 'nope');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/did not run .*nodes that ran: hook/);
  });

  it('logs shows the values too', async () => {
    const r = await dragops(s, 'logs', runId);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('values:');
    expect(r.out).toContain('out  result="ADA LOVELACE"');
  });
});
