// The packs that ship in packs/, each checked against its fixtures (packs/fixtures/<slug>.json) with
// no network: a mock service on 127.0.0.1 stands where the service's base URL was, answers the
// canned responses, and the test compares the request the node sent, the node's outputs (as the
// node log shows them) and that no secret credential appears in the stored log, logs or error.
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../src/compiler/index.js';
import { execute } from '../../src/runtime/execute.js';
import { installed, packNodesOf } from '../../src/packs/library.js';
import { credentialFields, validatePackText } from '../../src/packs/validate.js';
import type { PackDocument } from '../../src/packs/schema.js';
import { pattern, registry } from '../helpers.js';
import { mockService, type Answer, type MockService } from './mock.js';

const dir = new URL('../../packs/', import.meta.url);

interface ExpectedRequest {
  method: string;
  /** As sent, URL-encoded. */
  path: string;
  query?: [string, string][];
  /** Lower-case names; only these are compared. */
  headers?: Record<string, string>;
  /** The JSON body sent (absent: no body). */
  body?: unknown;
}
interface Case {
  name: string;
  node: string;
  inputs: Record<string, unknown>;
  credentials: Record<string, string>;
  /** One per request (pagination); the last answers any further request. */
  responses: Answer[];
  expectedRequests: ExpectedRequest[];
  expectedOutputs?: Record<string, unknown>;
  expectedError?: { code: string; message: string };
}

const files = readdirSync(dir).filter((f) => f.endsWith('.dragops-pack.json'));

let svc: MockService;
beforeAll(async () => {
  svc = await mockService();
});
afterAll(() => svc.close());

/** The pack with its base URL moved onto the mock service (its path kept). */
function onMock(pack: PackDocument, base: string): PackDocument {
  const copy = structuredClone(pack);
  if (!copy.defaults.baseUrl.includes('{{')) copy.defaults.baseUrl = base + new URL(copy.defaults.baseUrl).pathname.replace(/\/$/, '');
  return copy;
}

it('ships GitHub, Slack, SendGrid, a generic REST API pack and ShipEngine (generated from its OpenAPI document)', () => {
  expect(files.sort()).toEqual([
    'github.dragops-pack.json',
    'rest-api.dragops-pack.json',
    'sendgrid.dragops-pack.json',
    'shipengine.dragops-pack.json',
    'slack.dragops-pack.json',
  ]);
});

describe.each(files)('%s', (file) => {
  const checked = validatePackText(readFileSync(new URL(file, dir), 'utf8'));
  if (!checked.ok) throw new Error(`${file}: ${JSON.stringify(checked.errors)}`);
  const pack = checked.pack;
  const slug = pack.metadata.slug;
  const { cases } = JSON.parse(readFileSync(new URL(`fixtures/${slug}.json`, dir), 'utf8')) as { cases: Case[] };
  const secrets = credentialFields(pack.connection).filter((f) => f.secret === true);

  it('has a fixture for every node', () => {
    expect(new Set(cases.map((c) => c.node))).toEqual(new Set(pack.nodes.map((n) => n.id)));
  });

  it.each(cases.map((c) => [`${c.node}: ${c.name}`, c] as const))('%s', async (_name, c) => {
    const local = onMock(pack, svc.url);
    const credentials = { ...c.credentials };
    // A base URL that comes from the connection is moved onto the mock too.
    if (credentials.baseUrl) credentials.baseUrl = svc.url + new URL(credentials.baseUrl).pathname.replace(/\/$/, '');
    const fields: Record<string, string> = { id: 'conn_fixture' };
    for (const f of credentialFields(pack.connection)) if (f.secret !== true && Object.hasOwn(credentials, f.name)) fields[f.name] = credentials[f.name]!;
    const connections = {
      conn_fixture: { id: 'conn_fixture', provider: pack.connection.provider, authType: pack.connection.authType, credentials, fields },
    };
    svc.seen.length = 0;
    svc.handle = (_req, n) => c.responses[Math.min(n, c.responses.length) - 1]!;
    const doc = pattern(
      [
        { id: 's', type: 'OnStart' },
        { id: 'n', type: `${slug}.${c.node}`, config: { connection: 'conn_fixture' }, defaults: c.inputs },
      ],
      ['s.then -> n.exec'],
    );
    const r = compile(doc, { registry, packs: packNodesOf([installed(local)]) });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const result = await execute(r.compiled, {}, { connections });

    // The request(s).
    expect(svc.seen).toHaveLength(c.expectedRequests.length);
    c.expectedRequests.forEach((want, i) => {
      const got = svc.seen[i]!;
      expect({ method: got.method, path: got.path }).toEqual({ method: want.method, path: want.path });
      if (want.query) expect(got.query).toEqual(want.query);
      for (const [k, v] of Object.entries(want.headers ?? {})) expect([k, got.headers[k]]).toEqual([k, v]);
      if (want.body === undefined) expect(got.body).toBe('');
      else expect(JSON.parse(got.body)).toEqual(want.body);
    });

    // The outcome.
    if (c.expectedError) {
      expect(result.status).toBe('failed');
      expect(result.error?.code).toBe(c.expectedError.code);
      expect(result.error?.message).toMatch(new RegExp(c.expectedError.message));
    } else {
      expect(result.error).toBeNull();
      const out = result.trace.entries.find((e) => e.nodeId === 'n' && e.event === 'finish')?.output;
      expect(out).toEqual(c.expectedOutputs);
    }

    // No secret in anything the execution keeps.
    const kept = [result.nodeLog.stored(), JSON.stringify(result.logs), JSON.stringify(result.error), JSON.stringify(result.trace)].join('\n');
    for (const f of secrets) {
      const v = credentials[f.name];
      if (v) expect(kept.includes(v), `${f.name} appears in the log`).toBe(false);
    }
  });
});
