// A pattern belongs to its owner (SPEC §9): another user gets 404 for everything of it, and lists
// show only one's own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPattern, echoDoc, expectError, expectOk, hookPath, startServer, type Account, type PatternResource, type TestServer } from './harness.js';

describe('ownership', () => {
  let s: TestServer;
  let a: Account, b: Account;
  let pa: PatternResource;
  let deploymentId: string;
  let runId: string;
  beforeAll(async () => {
    s = await startServer();
    a = await s.newUser('Alice');
    b = await s.newUser('Bob');
    pa = await createPattern(a, { ...echoDoc(), name: 'Alice private' });
    deploymentId = expectOk(await a.api(`/api/patterns/${pa.id}/deploy`, { json: {} }), 201).deploymentId;
    const hit = await s.raw(hookPath(pa), { json: { hi: 1 } });
    expect(hit.status).toBe(200);
    const runs = await a.api(`/api/deployments/${deploymentId}/runs`);
    runId = expectOk(runs)[0].id;
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('another user gets 404 NOT_FOUND for the pattern, its deployment, runs, versions and audit', async () => {
    const reads = [
      `/api/patterns/${pa.id}`,
      `/api/patterns/${pa.id}/export`,
      `/api/patterns/${pa.id}/deployment`,
      `/api/patterns/${pa.id}/versions`,
      `/api/patterns/${pa.id}/versions/1`,
      `/api/patterns/${pa.id}/versions/1/diff/1`,
      `/api/deployments/${deploymentId}`,
      `/api/deployments/${deploymentId}/runs`,
      `/api/runs/${runId}`,
    ];
    for (const path of reads) {
      try {
        expectError(await b.api(path), 404, 'NOT_FOUND');
      } catch (e) {
        throw new Error(`${path}: ${(e as Error).message}`);
      }
      const mine = await a.api(path);
      // The export is the pattern file itself (a download), every other read the {success, data} envelope.
      if (path.endsWith('/export')) expect(mine.status).toBe(200);
      else expectOk(mine);
    }
    // The answer is the same as for an id that does not exist (no leak).
    const missing = await b.api('/api/patterns/pat_doesnotexist');
    const theirs = await b.api(`/api/patterns/${pa.id}`);
    expect(theirs.body.error.code).toBe(missing.body.error.code);
    expect(expectOk(await b.api(`/api/audit?patternId=${pa.id}`))).toEqual([]);
  });

  it('another user cannot change, deploy, pause, resume, undeploy, run, clone, rotate or delete it', async () => {
    const writes: [string, string, unknown?][] = [
      ['PUT', `/api/patterns/${pa.id}`, echoDoc()],
      ['POST', `/api/patterns/${pa.id}/deploy`, {}],
      ['POST', `/api/patterns/${pa.id}/pause`, {}],
      ['POST', `/api/patterns/${pa.id}/resume`, {}],
      ['DELETE', `/api/patterns/${pa.id}/deploy`],
      ['POST', `/api/patterns/${pa.id}/deploy`, { version: 1 }],
      ['POST', `/api/patterns/${pa.id}/run`, {}],
      ['POST', `/api/patterns/${pa.id}/validate`, {}],
      ['POST', `/api/patterns/${pa.id}/clone`, {}],
      ['POST', `/api/patterns/${pa.id}/webhook-secret`, {}],
      ['DELETE', `/api/patterns/${pa.id}`],
    ];
    for (const [method, path, json] of writes) {
      try {
        expectError(await b.api(path, { method, ...(json === undefined ? {} : { json }) }), 404, 'NOT_FOUND');
      } catch (e) {
        throw new Error(`${method} ${path}: ${(e as Error).message}`);
      }
    }
    // Nothing changed: still Alice's, version 1, active, same secret, and the webhook still answers.
    const p = expectOk(await a.api(`/api/patterns/${pa.id}`));
    expect(p).toMatchObject({ revision: pa.revision, webhookSecret: pa.webhookSecret, deployment: { version: 1, status: 'active' } });
    expect(expectOk(await a.api(`/api/patterns/${pa.id}/versions`))).toHaveLength(1);
    expect((await s.raw(hookPath(pa), { json: {} })).status).toBe(200);
  });

  it("lists show only one's own patterns, deployments and audit entries", async () => {
    const pb = await createPattern(b, { ...echoDoc(), name: 'Bob private' });
    expectOk(await b.api(`/api/patterns/${pb.id}/deploy`, { json: {} }), 201);
    const listA = await a.api('/api/patterns');
    const listB = await b.api('/api/patterns');
    expect(expectOk(listA).map((p: { id: string }) => p.id)).toEqual([pa.id]);
    expect(listA.body.meta.total).toBe(1);
    expect(expectOk(listB).map((p: { id: string }) => p.id)).toEqual([pb.id]);
    expect(expectOk(await a.api('/api/deployments')).map((d: { patternId: string }) => d.patternId)).toEqual([pa.id]);
    expect(expectOk(await b.api('/api/deployments')).map((d: { patternId: string }) => d.patternId)).toEqual([pb.id]);
    expect(expectOk(await b.api('/api/audit')).every((e: { patternId: string }) => e.patternId === pb.id)).toBe(true);
    expect(expectOk(await a.api('/api/audit')).every((e: { patternId: string }) => e.patternId === pa.id)).toBe(true);
    // Even the admin sees only the admin's own patterns through these lists.
    expect(expectOk(await s.api('/api/patterns'))).toEqual([]);
  });

  it("a pattern cannot call another user's deployed pattern", async () => {
    const callee = await createPattern(a, {
      format: 'dragops.pattern/1',
      name: 'callee',
      nodes: [
        { id: 'in', type: 'OnPatternCall', config: { inputs: [], outputs: [{ name: 'x', type: 'Integer' }] } },
        { id: 'out', type: 'RespondWith', defaults: { x: 7 } },
      ],
      wires: [{ from: { node: 'in', pin: 'then' }, to: { node: 'out', pin: 'exec' } }],
    });
    expectOk(await a.api(`/api/patterns/${callee.id}/deploy`, { json: {} }), 201);
    const caller = {
      format: 'dragops.pattern/1',
      name: 'caller',
      nodes: [
        { id: 's', type: 'OnStart' },
        { id: 'call', type: 'CallPattern', config: { pattern: callee.id } },
      ],
      wires: [{ from: { node: 's', pin: 'then' }, to: { node: 'call', pin: 'exec' } }],
    };
    const mine = await createPattern(a, caller);
    expect(expectOk(await a.api(`/api/patterns/${mine.id}/validate`, { json: {} })).errors).toEqual([]);
    const theirs = await createPattern(b, caller);
    const v = expectOk(await b.api(`/api/patterns/${theirs.id}/validate`, { json: {} }));
    expect(v.errors.map((e: { code: string }) => e.code)).toEqual(['INVALID_CONFIG']);
    expectError(await b.api(`/api/patterns/${theirs.id}/deploy`, { json: {} }), 422, 'COMPILE_FAILED');
  });
});
