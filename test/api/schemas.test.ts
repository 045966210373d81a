// Route schemas and the owner guard (issue 14): a body a route's schema refuses is 400
// VALIDATION_ERROR with the route's own message and the field it is about; someone else's (or a
// missing) pattern, deployment or run is 404 before the body is looked at, whatever the body; the
// OpenAPI document lists each route's params, query and body.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPattern,
  echoDoc,
  expectError,
  expectOk,
  hookPath,
  request,
  startServer,
  type Account,
  type PatternResource,
  type Reply,
  type TestServer,
} from './harness.js';

function refused(r: Reply, message: RegExp, field?: string) {
  expectError(r, 400, 'VALIDATION_ERROR');
  expect(r.body.error.message).toMatch(message);
  if (field === undefined) expect(r.body.error.details).toBeUndefined();
  else expect(r.body.error.details).toEqual({ field });
}

describe('route schemas', () => {
  let s: TestServer;
  let other: Account;
  let p: PatternResource;
  let deploymentId: string;
  let runId: string;
  beforeAll(async () => {
    s = await startServer();
    other = await s.newUser('Other');
    p = await createPattern(s, echoDoc());
    deploymentId = expectOk(await s.api(`/api/patterns/${p.id}/deploy`, { json: {} }), 201).deploymentId;
    expect((await s.raw(hookPath(p), { json: { a: 1 } })).status).toBe(200);
    runId = expectOk(await s.api(`/api/deployments/${deploymentId}/runs`))[0].id;
  });
  afterAll(async () => {
    await s?.stop();
  });

  it("a refused field answers the route's message and names the field", async () => {
    refused(await s.api(`/api/patterns/${p.id}/deploy`, { json: { note: 5 } }), /^note must be a string$/, 'note');
    refused(await s.api(`/api/patterns/${p.id}/deploy`, { json: { version: 'one' } }), /^version must be a positive whole number$/, 'version');
    refused(await s.api(`/api/patterns/${p.id}/deploy`, { json: { version: 1e20 } }), /^version must be a positive whole number$/, 'version');
    refused(await s.api(`/api/patterns/${p.id}/run`, { json: { event: [1] } }), /^event must be a JSON object$/, 'event');
    refused(await s.api(`/api/patterns/${p.id}/run`, { json: { fromRun: 5 } }), /^fromRun must be a run id$/, 'fromRun');
    refused(await s.api(`/api/patterns/${p.id}/webhook-capture`, { json: { seconds: 0 } }), /^seconds must be between 1 and 3600$/, 'seconds');
    refused(await s.api(`/api/patterns/${p.id}/clone`, { json: { name: 5 } }), /^name must be a string$/, 'name');
    refused(await s.api(`/api/runs/${runId}/replay`, { json: { on: 'later' } }), /^on must be "current" or "original"$/, 'on');
    refused(await s.api(`/api/deployments/${deploymentId}/replay`, { json: { limit: 0 } }), /^limit must be 1 to 1000$/, 'limit');
    refused(await s.api('/api/secrets/KEY', { method: 'PUT', json: {} }), /^value must be a string of at most 64 KiB$/, 'value');
    refused(await s.api('/api/secrets/KEY', { method: 'PUT', json: { value: 5 } }), /^value must be a string of at most 64 KiB$/, 'value');
    refused(await s.api('/api/patterns/deploy', { json: {} }), /^document is required/, 'document');
    refused(await s.api('/api/patterns/deploy', { json: { document: echoDoc(), extra: 1 } }), /^unknown field "extra"/, 'extra');
    // A body that is not an object at all: the route's message, no field.
    refused(await s.api(`/api/patterns/${p.id}/deploy`, { json: [1] }), /^the body must be/);
    refused(await s.api('/api/patterns', { json: 'x' }), /^the body must be a pattern document or \{"name": …\}$/);
    refused(await s.api('/api/patterns', { json: null }), /^the body must be a pattern document or \{"name": …\}$/);
    refused(await s.api('/api/patterns/deploy', { json: null }), /^the body must be \{"document"/);
  });

  it("schemas without messages of their own keep Ajv's list of problems, each naming its field", async () => {
    const r = await s.api('/api/tokens', { json: { name: 'x', expiresInDays: 0 } });
    expectError(r, 400, 'VALIDATION_ERROR');
    expect(r.body.error.message).toMatch(/^invalid request: body\/expiresInDays/);
    expect(r.body.error.details[0]).toMatchObject({ instancePath: '/expiresInDays', field: 'expiresInDays' });
    // Ajv's errors carry the failing value in verbose mode: it never reaches the answer.
    const login = await s.raw('/api/auth/login', { json: { email: 'a@example.test', password: 5 } });
    expectError(login, 400, 'VALIDATION_ERROR');
    expect(login.body.error.details[0]).toEqual({
      instancePath: '/password',
      schemaPath: expect.any(String),
      keyword: 'type',
      params: { type: 'string' },
      message: 'must be string',
      field: 'password',
    });
  });

  it('no body, an empty body and null are "no options" where a body is optional', async () => {
    expectOk(await s.api(`/api/patterns/${p.id}/clone`, { method: 'POST' }), 201);
    expectOk(await s.api(`/api/patterns/${p.id}/clone`, { raw: '', contentType: 'application/json' }), 201);
    expectOk(await s.api(`/api/patterns/${p.id}/clone`, { json: null }), 201);
    const until = Date.parse(expectOk(await s.api(`/api/patterns/${p.id}/webhook-capture`, { json: { seconds: null } })).until);
    expect(until - Date.now()).toBeGreaterThan(290_000); // the default, 300 s
    expectOk(await s.api(`/api/patterns/${p.id}/webhook-capture`, { method: 'DELETE' }));
  });

  it("someone else's pattern, deployment or run is 404 whatever the body (the owner guard runs first)", async () => {
    const cases: [string, string, unknown][] = [
      ['POST', `/api/patterns/${p.id}/deploy`, { note: 5 }],
      ['POST', `/api/patterns/${p.id}/run`, { event: 'x' }],
      ['POST', `/api/patterns/${p.id}/clone`, [1]],
      ['POST', `/api/patterns/${p.id}/pause`, 7],
      ['GET', `/api/patterns/${p.id}/versions/abc`, undefined],
      ['POST', `/api/deployments/${deploymentId}/replay`, { limit: 0 }],
      ['POST', `/api/runs/${runId}/replay`, { on: 'x' }],
      ['GET', `/api/runs/${runId}/inspect`, undefined],
      ['GET', `/api/deployments/${deploymentId}/profile?period=2h`, undefined],
    ];
    for (const [method, path, json] of cases) {
      const theirs = await other.api(path, { method, ...(json === undefined ? {} : { json }) });
      try {
        expectError(theirs, 404, 'NOT_FOUND');
      } catch (e) {
        throw new Error(`${method} ${path}: ${(e as Error).message}`);
      }
      const missing = await other.api(path.replace(p.id, 'pat_missing').replace(deploymentId, 'dep_missing').replace(runId, 'run_missing'), {
        method,
        ...(json === undefined ? {} : { json }),
      });
      expect(missing.status).toBe(404);
      expect(missing.body.error.message.replace('pat_missing', p.id)).toBe(theirs.body.error.message);
    }
    // Without a token: 401, before anything else.
    expectError(await request(s.url, `/api/patterns/${p.id}/deploy`, { json: { note: 5 } }), 401, 'UNAUTHORIZED');
  });

  it("the OpenAPI document describes each route's params, query and body", async () => {
    const doc = expectOk(await s.api('/api/docs').then((r) => ({ ...r, body: { success: true, data: r.body } })));
    const deploy = doc.paths['/api/patterns/{id}/deploy'].post;
    expect(deploy.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ in: 'path', name: 'id' })]));
    expect(JSON.stringify(deploy.requestBody)).toContain('"note"');
    expect(doc.paths['/api/deployments/{id}/runs'].get.parameters.map((q: { name: string }) => q.name)).toEqual(
      expect.arrayContaining(['status', 'triggeredBy', 'version', 'limit', 'offset']),
    );
  });
});
