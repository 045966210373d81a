// GET /api/runs/:runId/inspect (SPEC §12) on both stores: every node that ran, pure nodes included,
// with its values — rebuilt from the execution's recording, exact unless the server says why not.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, deployed, doc, expectError, expectOk, hookPath, startServer, type TestServer } from './harness.js';
import type { PatternDocument } from '../../src/pattern/schema.js';

const root = new URL('../../', import.meta.url).pathname;
const w1 = JSON.parse(readFileSync(`${root}examples/w1-order-summary.pattern.json`, 'utf8')) as PatternDocument;
const w1Body = JSON.parse(readFileSync(`${root}examples/w1/body-gold.json`, 'utf8'));

describe.each(BACKENDS)('execution inspection on %s', (backend) => {
  let s: TestServer;
  let upstream: Server;
  let calls = 0;
  let upstreamUrl = '';
  beforeAll(async () => {
    s = await startServer({ backend });
    upstream = createServer((_req, res) => {
      calls++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ n: calls, hello: 'world' }));
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', () => r()));
    upstreamUrl = `http://127.0.0.1:${(upstream.address() as { port: number }).port}/data`;
  });
  afterAll(async () => {
    await s?.stop();
    await new Promise((r) => upstream?.close(r));
  });

  const inspect = async (runId: string) => expectOk(await s.api(`/api/runs/${runId}/inspect`));

  it('W1: every node with its values, pure nodes and loop turns included; credentials masked', async () => {
    const p = await deployed(s, { ...w1, id: undefined });
    const r = await s.raw(hookPath(p), { json: w1Body, headers: { authorization: 'Bearer very-secret-token', 'x-request-id': `w1-${Date.now()}` } });
    expect(r.status).toBe(200);
    const runs = expectOk(await s.api(`/api/deployments/${expectOk(await s.api(`/api/patterns/${p.id}`)).deployment.id}/runs`));
    const data = await inspect(runs[0].id);
    expect(data.exact).toBe(true);
    expect(data.reason).toBeUndefined();
    expect(data.status).toBe('completed');
    expect(data.request.headers.authorization).toBe('***');
    expect(data.request.body).toEqual(w1Body);
    expect(data.response.body).toEqual(r.body);
    const byId = new Map<string, any>(data.nodes.map((n: any) => [n.id, n]));
    // Pure nodes, with the values on their pins.
    expect(byId.get('upper').runs[0]).toMatchObject({ inputs: { value: w1Body.user.name }, outputs: { result: w1Body.user.name.toUpperCase() } });
    expect(byId.get('greeting').runs[0].outputs.result).toBe(`Hello, ${w1Body.user.name.toUpperCase()}`);
    // One entry per loop turn.
    expect(byId.get('price').runs.length).toBe(w1Body.items.length);
    expect(byId.get('price').runs.map((x: any) => x.outputs.value)).toEqual(w1Body.items.map((i: any) => i.price));
    // Ordered by first run; seq orders all runs.
    const firsts = data.nodes.map((n: any) => n.runs[0].seq);
    expect(firsts).toEqual([...firsts].sort((a, b) => a - b));
    expect(data.nodes[0].id).toBe('hook');
    // Action nodes carry their duration from the node log.
    expect(typeof byId.get('respond').runs[0].durationMs).toBe('number');
    // W1 has no tape and reads no secret: its replay rebuilds the response, which is not stored.
    await s.services.history.flush();
    expect(await s.services.store.getStoredLog(runs[0].id)).not.toContain('"response"');
  });

  it('an execution with a tape keeps the response it sent, and inspection checks the replay against it', async () => {
    const p = await deployed(
      s,
      doc(
        [
          { id: 'hook', type: 'OnWebhook', config: { responseMode: 'responseNode' } },
          { id: 'uuid', type: 'UUID' },
          { id: 'respond', type: 'RespondToWebhook', defaults: { status: 201 } },
        ],
        ['hook.then -> respond.exec', 'uuid.result -> respond.body'],
      ),
    );
    const r = await s.raw(hookPath(p), { json: {} });
    expect(r.status).toBe(201);
    const runs = expectOk(await s.api(`/api/deployments/${expectOk(await s.api(`/api/patterns/${p.id}`)).deployment.id}/runs`));
    await s.services.history.flush();
    const stored = JSON.parse((await s.services.store.getStoredLog(runs[0].id))!);
    expect(stored.response).toEqual({ status: 201, headers: {}, body: r.text });
    const data = await inspect(runs[0].id);
    expect(data.exact).toBe(true);
    expect(data.response).toEqual(stored.response);
  });

  it('non-deterministic nodes are played back from the recording: the HTTP server is not called again', async () => {
    const p = await deployed(
      s,
      doc(
        [
          { id: 'hook', type: 'OnWebhook', config: { responseMode: 'lastNode' } },
          { id: 'http', type: 'HTTPRequest', defaults: { url: upstreamUrl } },
          { id: 'uuid', type: 'UUID' },
          { id: 'log', type: 'Log' },
          { id: 'body', type: 'GetProperty', defaults: { key: 'n' } },
          { id: 'log2', type: 'Log' },
        ],
        [
          'hook.then -> http.exec',
          'http.then -> log.exec',
          'uuid.result -> log.message',
          'log.then -> log2.exec',
          'http.body -> body.object',
          'body.value -> log2.message',
        ],
      ),
    );
    const r = await s.raw(hookPath(p), { json: {} });
    expect(r.status).toBe(200);
    const runId = r.body.runId;
    const seen = calls;
    const run = expectOk(await s.api(`/api/runs/${runId}`));
    const logged = run.log.filter((e: any) => e.event === 'log').map((e: any) => e.output.message);
    const data = await inspect(runId);
    expect(calls).toBe(seen);
    expect(data.exact).toBe(true);
    const byId = new Map<string, any>(data.nodes.map((n: any) => [n.id, n]));
    expect(byId.get('http').runs[0].outputs.status).toBe(200);
    expect(byId.get('http').runs[0].outputs.body).toEqual({ n: seen, hello: 'world' });
    expect(byId.get('uuid').runs[0].outputs.result).toBe(logged[0]);
    expect(byId.get('body').runs[0].outputs.value).toBe(seen);
  });

  it('a failed node is marked with its error', async () => {
    const p = await deployed(
      s,
      doc(
        [
          { id: 'hook', type: 'OnWebhook', config: { responseMode: 'lastNode' } },
          { id: 'who', type: 'GetProperty', defaults: { key: 'who' } },
          { id: 'fail', type: 'ThrowError', defaults: { type: 'Nope' } },
        ],
        ['hook.then -> fail.exec', 'hook.body -> who.object', 'who.value -> fail.message'],
      ),
    );
    const r = await s.raw(hookPath(p), { json: { who: 'no one' } });
    expect(r.status).toBe(500);
    const data = await inspect(r.body.error.runId);
    expect(data.exact).toBe(true);
    expect(data.status).toBe('failed');
    const fail = data.nodes.find((n: any) => n.id === 'fail');
    expect(fail.runs[0].inputs.message).toBe('no one');
    expect(fail.runs[0].error).toMatchObject({ code: 'USER_ERROR', message: 'no one', nodeId: 'fail' });
  });

  it('says it is not exact when a secret the execution read has changed since', async () => {
    expectOk(await s.api('/api/secrets/api-key', { method: 'PUT', json: { value: 'first-value-1234' } }));
    const p = await deployed(
      s,
      doc(
        [
          { id: 'hook', type: 'OnWebhook', config: { responseMode: 'lastNode' } },
          { id: 'key', type: 'GetSecret', config: { name: 'api-key' } },
          { id: 'len', type: 'StringLength' },
          { id: 'log', type: 'Log' },
        ],
        ['hook.then -> log.exec', 'key.value -> len.value', 'len.length -> log.message'],
      ),
    );
    const runId = (await s.raw(hookPath(p), { json: {} })).body.runId;
    const before = await inspect(runId);
    expect(before.exact).toBe(true);
    expect(JSON.stringify(before)).not.toContain('first-value-1234');
    expectOk(await s.api('/api/secrets/api-key', { method: 'PUT', json: { value: 'second-value-5678' } }));
    const after = await inspect(runId);
    expect(after.exact).toBe(false);
    expect(after.reason).toMatch(/secret "api-key" has changed/);
  });

  it("test runs are inspected on the draft that ran, even after it changed; others' runs and unknown ids are 404", async () => {
    const draft = doc(
      [
        { id: 'start', type: 'OnStart' },
        { id: 'up', type: 'ToUpper', defaults: { value: 'abc' } },
        { id: 'log', type: 'Log' },
      ],
      ['start.then -> log.exec', 'up.result -> log.message'],
    );
    const p = expectOk(await s.api('/api/patterns', { json: draft }), 201);
    const ran = expectOk(await s.api(`/api/patterns/${p.id}/run`, { json: {} }));
    expectOk(await s.api(`/api/patterns/${p.id}`, { method: 'PUT', json: doc([{ id: 'start', type: 'OnStart' }]) }));
    const data = await inspect(ran.runId);
    expect(data.exact).toBe(true);
    expect(data.nodes.find((n: any) => n.id === 'up').runs[0].outputs.result).toBe('ABC');
    const other = await s.newUser('Other');
    expectError(await other.api(`/api/runs/${ran.runId}/inspect`), 404, 'NOT_FOUND');
    expectError(await s.api('/api/runs/run_ffffffffffffffff/inspect'), 404, 'NOT_FOUND');
  });

  it('profile: runs, errors and duration percentiles per node of the live version over a period', async () => {
    const p = await deployed(
      s,
      doc(
        [
          { id: 'hook', type: 'OnWebhook', config: { responseMode: 'lastNode' } },
          { id: 'fail?', type: 'GetProperty', defaults: { key: 'fail' } },
          { id: 'branch', type: 'Branch' },
          { id: 'boom', type: 'ThrowError', defaults: { message: 'boom' } },
          { id: 'log', type: 'Log', defaults: { message: 'ok' } },
        ],
        ['hook.then -> branch.exec', 'hook.body -> fail?.object', 'fail?.value -> branch.condition', 'branch.true -> boom.exec', 'branch.false -> log.exec'],
        { settings: { circuitBreaker: { enabled: false } } },
      ),
    );
    for (let i = 0; i < 6; i++) await s.raw(hookPath(p), { json: { fail: i % 3 === 0 } });
    const depId = expectOk(await s.api(`/api/patterns/${p.id}`)).deployment.id;
    const prof = expectOk(await s.api(`/api/deployments/${depId}/profile?period=1h`));
    expect(prof.executions).toBe(6);
    expect(prof.version).toBe(1);
    const byId = new Map<string, any>(prof.nodes.map((n: any) => [n.id, n]));
    expect(byId.get('log').runs).toBe(4);
    expect(byId.get('boom').runs).toBe(2);
    expect(byId.get('boom').errors).toBe(2);
    expect(byId.get('log').errors).toBe(0);
    expect(byId.get('log').durationMs.p95).toBeGreaterThanOrEqual(byId.get('log').durationMs.p50);
    expectError(await s.api(`/api/deployments/${depId}/profile?period=2h`), 400, 'VALIDATION_ERROR');
  });

  it('runs the draft on an execution\'s trigger data (fromRun: "Run draft with this input")', async () => {
    const p = await deployed(
      s,
      doc(
        [
          { id: 'hook', type: 'OnWebhook', config: { responseMode: 'lastNode' } },
          { id: 'name', type: 'GetProperty', defaults: { key: 'name' } },
          { id: 'log', type: 'Log' },
        ],
        ['hook.then -> log.exec', 'hook.body -> name.object', 'name.value -> log.message'],
      ),
    );
    const runId = (await s.raw(hookPath(p), { json: { name: 'Grace' } })).body.runId;
    const ran = expectOk(await s.api(`/api/patterns/${p.id}/run`, { json: { fromRun: runId } }));
    expect(ran.status).toBe('completed');
    expect(ran.logs.map((l: any) => l.message)).toEqual(['Grace']);
    expectError(await s.api(`/api/patterns/${p.id}/run`, { json: { fromRun: 'run_ffffffffffffffff' } }), 404, 'NOT_FOUND');
  });
});
