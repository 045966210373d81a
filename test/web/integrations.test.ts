// The pure rules of the Integrations and Connections pages (web/src/pages/integrations/model.ts) and
// the editor's id for a new pack node (web/src/editor/graph.ts newNodeId).
import { describe, expect, it } from 'vitest';
import {
  addConnectionHref,
  connectionsFor,
  credentialsToSend,
  flowOf,
  packProblems,
  pointerText,
  providersOf,
  readPackText,
  statusLabel,
  testText,
} from '../../web/src/pages/integrations/model.js';
import { newNodeId } from '../../web/src/editor/graph.js';
import type { ConnectionResource, PackInfo } from '../../src/api/types.js';

const pack = (over: Partial<PackInfo>): PackInfo => ({
  slug: 'acme',
  version: '1.0.0',
  nodes: ['acme.get'],
  name: 'Acme',
  description: '',
  category: null,
  tags: [],
  provider: 'acme',
  authType: 'api_key',
  credentials: [{ name: 'apiKey', label: 'API Key', secret: true, required: true }],
  digest: 'd',
  installedAt: '2026-01-01T00:00:00.000Z',
  ...over,
});
const conn = (over: Partial<ConnectionResource>): ConnectionResource => ({
  id: 'conn_1',
  provider: 'acme',
  displayName: 'A',
  authType: 'api_key',
  status: 'active',
  createdAt: '',
  updatedAt: '',
  ...over,
});

describe('Integrations and Connections pages', () => {
  it('a pack text is JSON or one problem; the problems of INVALID_PACK are read with their paths', () => {
    expect(readPackText('{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
    const bad = readPackText('{nope');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problems[0]!.message).toMatch(/^not valid JSON/);
    expect(readPackText('  ').ok).toBe(false);
    expect(
      packProblems({
        errors: [{ path: '/metadata/slug', message: 'lower-case' }, { path: '/nodes/0/request/path', message: '{{inputs.x}}: no input' }, { nonsense: 1 }],
      }),
    ).toEqual([
      { path: '/metadata/slug', message: 'lower-case' },
      { path: '/nodes/0/request/path', message: '{{inputs.x}}: no input' },
    ]);
    expect(packProblems(undefined)).toEqual([]);
    expect(pointerText('/nodes/0/request/path')).toBe('nodes[0].request.path');
    expect(pointerText('/defaults/headers/a~1b')).toBe('defaults.headers.a/b');
    expect(pointerText('')).toBe('(the pack)');
  });

  it('providers: one per provider, with the fields and how a connection is made', () => {
    const list = providersOf([
      pack({ slug: 'zeta', provider: 'acme', name: 'Zeta' }),
      pack({}),
      pack({ slug: 'social', provider: 'social', authType: 'oauth2_authorization_code', credentials: [] }),
      pack({
        slug: 'own',
        provider: 'own',
        authType: 'oauth2_authorization_code',
        credentials: [{ name: 'clientId', label: 'Client ID', secret: false, required: true }],
      }),
      pack({ slug: 'open', provider: 'open', authType: 'none', credentials: [] }),
    ]);
    expect(list.map((p) => [p.provider, p.pack, p.flow])).toEqual([
      ['acme', 'acme', 'fields'],
      ['open', 'open', 'none'],
      ['own', 'own', 'oauth-own-client'],
      ['social', 'social', 'oauth'],
    ]);
    expect(flowOf('basic', [])).toBe('fields');
    expect(addConnectionHref('rest api')).toBe('/connections?add=rest%20api');
  });

  it('credentials to send: typed values only; a required one left empty is missing, unless Reconnect keeps it', () => {
    const fields = [
      { name: 'username', label: 'Username', secret: false, required: true },
      { name: 'password', label: 'Password', secret: true, required: true },
      { name: 'region', label: 'Region', secret: false, required: false },
    ];
    expect(credentialsToSend(fields, { username: 'ada', password: 'pw' })).toEqual({ credentials: { username: 'ada', password: 'pw' }, missing: [] });
    expect(credentialsToSend(fields, { username: 'ada' })).toEqual({ credentials: { username: 'ada' }, missing: ['Password'] });
    expect(credentialsToSend(fields, { password: 'new' }, true)).toEqual({ credentials: { password: 'new' }, missing: [] });
  });

  it('status and Test answers as text; the inspector offers the connections of its provider, active first', () => {
    expect([statusLabel(conn({})), statusLabel(conn({ status: 'pending' })), statusLabel(conn({ status: 'error' }))]).toEqual(['ok', 'pending', 'error']);
    expect(testText({ ok: true, status: 200, message: 'GET /me answered 200' })).toBe('ok · HTTP 200');
    expect(testText({ ok: false, status: 401, message: 'GET /me answered 401' })).toBe('failed · HTTP 401 — GET /me answered 401');
    expect(testText({ ok: false, status: null, message: 'connect ECONNREFUSED' })).toBe('failed — connect ECONNREFUSED');
    const list = [
      conn({ id: 'c1', displayName: 'b', status: 'error' }),
      conn({ id: 'c2', displayName: 'c' }),
      conn({ id: 'c3', provider: 'other' }),
      conn({ id: 'c4', displayName: 'a' }),
    ];
    expect(connectionsFor(list, 'acme').map((c) => c.id)).toEqual(['c4', 'c2', 'c1']);
  });

  it('a new pack node id has no dot: greeter.greet → greeterGreet', () => {
    expect(newNodeId('greeter.greet', new Set())).toBe('greeterGreet');
    expect(newNodeId('greeter.greet', new Set(['greeterGreet']))).toBe('greeterGreet2');
    expect(newNodeId('rest-api.getItem', new Set())).toBe('restApiGetItem');
    expect(newNodeId('Log', new Set(['log']))).toBe('log2');
    expect(newNodeId('OnWebhook', new Set())).toBe('onWebhook');
  });
});
