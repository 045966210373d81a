import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validatePack } from '../validate.js';
import { packText } from '../json-text.js';
import { generatePack, GenerateError, type GenerateOptions, type Generated } from './generate.js';
import { OpenApiInputError, packFromOpenApi, prepareOpenApi, readOverlay } from './load.js';
import { camel, idFromPath, nearMatches, nodeIdOf, pinNameOf } from './names.js';
import type { Overlay } from './overlay.js';

const api = (paths: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  openapi: '3.0.3',
  info: { title: 'Acme Tickets', version: '2024-01', description: 'Tickets.\n\nMore text.' },
  servers: [{ url: 'https://api.acme.example/v1' }],
  paths,
  ...extra,
});
const ok = { '200': { description: 'ok' } };

/** Dereferenced as the CLI does, generated, and checked with the pack validator. */
async function gen(doc: unknown, opts: Partial<GenerateOptions> = {}): Promise<Generated> {
  const { doc: d } = await prepareOpenApi(doc, 'test.json');
  const r = generatePack(d, { slug: 'acme', ...opts });
  const v = validatePack(r.pack);
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  return r;
}
async function problems(doc: unknown, opts: Partial<GenerateOptions> = {}): Promise<string[]> {
  const { doc: d } = await prepareOpenApi(doc, 'test.json');
  try {
    generatePack(d, { slug: 'acme', ...opts });
  } catch (e) {
    if (e instanceof GenerateError) return e.problems.map((p) => `${p.path}: ${p.message}`);
    throw e;
  }
  throw new Error('generated without problems');
}

describe('parameters → typed input pins', () => {
  it('path, query and header parameters: types, enums, defaults, required or not, in path order', async () => {
    const { pack, warnings } = await gen(
      api({
        '/orgs/{org_id}/tickets/{ticket-id}': {
          parameters: [
            { name: 'ticket-id', in: 'path', required: true, schema: { type: 'integer' } },
            { name: 'verbose', in: 'query', schema: { type: 'boolean' }, description: 'Path-level, overridden below' },
          ],
          get: {
            operationId: 'get_ticket',
            summary: 'Get a ticket',
            description: 'Reads one [ticket](https://docs.acme.example/t).\n\nSecond paragraph.',
            parameters: [
              { name: 'org_id', in: 'path', required: true, schema: { type: 'string' }, description: 'The organization' },
              { name: 'verbose', in: 'query', schema: { type: 'boolean', default: false } },
              { name: 'fields', in: 'query', schema: { type: 'array', items: { type: 'string' } } },
              { name: 'ids', in: 'query', explode: false, schema: { type: 'array', items: { type: 'integer' } } },
              { name: 'state', in: 'query', required: true, schema: { type: 'string', enum: ['open', 'closed'], default: 'open' } },
              { name: 'since', in: 'query', schema: { type: 'string', format: 'date-time' } },
              { name: 'ratio', in: 'query', schema: { type: 'number' } },
              { name: 'X-Request-Id', in: 'header', schema: { type: 'string' } },
              { name: 'Accept', in: 'header', schema: { type: 'string' } },
              { name: 'session', in: 'cookie', schema: { type: 'string' } },
            ],
            responses: ok,
          },
        },
      }),
    );
    const n = pack.nodes[0]!;
    expect(n.id).toBe('getTicket');
    expect(n.name).toBe('Get a ticket');
    expect(n.description).toBe('Reads one ticket.');
    expect(n.inputs).toEqual([
      { pin: 'orgId', type: 'String', description: 'The organization' },
      { pin: 'ticketId', type: 'Integer' },
      { pin: 'verbose', type: 'Boolean', default: false },
      { pin: 'fields', type: 'Array', default: null },
      { pin: 'ids', type: 'String', default: null, description: 'comma-separated' },
      { pin: 'state', type: 'Enum', options: ['open', 'closed'], default: 'open' },
      { pin: 'since', type: 'DateTime', default: null },
      { pin: 'ratio', type: 'Float', default: null },
      { pin: 'xRequestId', type: 'String', default: null },
    ]);
    expect(n.request).toEqual({
      method: 'GET',
      path: '/orgs/{{inputs.orgId}}/tickets/{{inputs.ticketId}}',
      query: {
        verbose: '{{inputs.verbose}}',
        fields: '{{inputs.fields}}',
        ids: '{{inputs.ids}}',
        state: '{{inputs.state}}',
        since: '{{inputs.since}}',
        ratio: '{{inputs.ratio}}',
      },
      headers: { 'X-Request-Id': '{{inputs.xRequestId}}' },
    });
    expect(warnings).toContainEqual({ operation: 'get_ticket', message: 'cookie parameter "session" left out: packs send no cookies' });
  });

  it('skips, with a warning saying why, an operation it cannot call; the others are generated', async () => {
    const { pack, warnings } = await gen(
      api({
        '/a': { get: { operationId: 'needsCookie', parameters: [{ name: 's', in: 'cookie', required: true, schema: { type: 'string' } }], responses: ok } },
        '/b/{x}': {
          get: { operationId: 'matrix', parameters: [{ name: 'x', in: 'path', required: true, style: 'matrix', schema: { type: 'string' } }], responses: ok },
        },
        '/c': {
          post: {
            operationId: 'upload',
            requestBody: { required: true, content: { 'multipart/form-data': { schema: { type: 'object', properties: { f: { type: 'string' } } } } } },
            responses: ok,
          },
        },
        '/d/{missing}': { get: { operationId: 'undeclared', responses: ok } },
        '/e': { trace: { operationId: 'traceIt', responses: ok }, get: { operationId: 'fine', responses: ok } },
      }),
    );
    expect(pack.nodes.map((n) => n.id)).toEqual(['fine']);
    expect(warnings.map((w) => `${w.operation}: ${w.message}`)).toEqual([
      'needsCookie: skipped (GET /a): required cookie parameter "s": packs send no cookies',
      'matrix: skipped (GET /b/{x}): required path parameter "x": path style "matrix" is not supported (only simple)',
      'upload: skipped (POST /c): the request body is multipart/form-data; packs send JSON bodies only',
      'undeclared: skipped (GET /d/{missing}): the path names {missing}, which no parameter declares',
      'traceIt: skipped (TRACE /e): packs send GET, POST, PUT, PATCH, DELETE and HEAD requests, not TRACE',
    ]);
  });

  it('an operation without an operationId gets an id from its method and path', async () => {
    const { pack } = await gen(
      api({
        '/users/{user_id}/keys': { delete: { parameters: [{ name: 'user_id', in: 'path', required: true, schema: { type: 'string' } }], responses: ok } },
      }),
    );
    expect(pack.nodes[0]!.id).toBe('deleteUsersByUserIdKeys');
    expect(pack.nodes[0]!.name).toBe('Delete Users By User Id Keys');
  });
});

describe('request bodies', () => {
  it("a JSON object body's properties are inputs sent as its keys (readOnly ones left out); names that clash get the body prefix", async () => {
    const { pack } = await gen(
      api({
        '/items/{id}': {
          put: {
            operationId: 'updateItem',
            parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
            requestBody: {
              required: true,
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['name'],
                    properties: {
                      id: { type: 'string', readOnly: true },
                      name: { type: 'string', description: 'Its name' },
                      count: { type: 'integer', default: 1 },
                      tags: { type: 'array', items: { type: 'string' } },
                      meta: { type: 'object' },
                    },
                  },
                },
              },
            },
            responses: ok,
          },
          post: {
            operationId: 'renameItem',
            parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
            requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string' } } } } } },
            responses: ok,
          },
        },
      }),
    );
    const [update, rename] = pack.nodes;
    expect(update!.inputs).toEqual([
      { pin: 'id', type: 'String' },
      { pin: 'name', type: 'String', description: 'Its name' },
      { pin: 'count', type: 'Integer', default: 1 },
      { pin: 'tags', type: 'Array', default: null },
      { pin: 'meta', type: 'Object', default: null },
    ]);
    expect(update!.request.body).toEqual({ name: '{{inputs.name}}', count: '{{inputs.count}}', tags: '{{inputs.tags}}', meta: '{{inputs.meta}}' });
    expect(rename!.inputs!.map((i) => i.pin)).toEqual(['id', 'bodyId']);
    expect(rename!.request.body).toEqual({ id: '{{inputs.bodyId}}' });
  });

  it('an array (or free-form) body is one input, the whole body; a +json media type is sent as its Content-Type', async () => {
    const { pack } = await gen(
      api({
        '/batch': {
          post: {
            operationId: 'batch',
            requestBody: { required: true, content: { 'application/json': { schema: { type: 'array', items: { type: 'object' } } } } },
            responses: ok,
          },
          patch: {
            operationId: 'patchAll',
            requestBody: { content: { 'application/merge-patch+json': { schema: { type: 'object', additionalProperties: true } } } },
            responses: ok,
          },
        },
      }),
    );
    expect(pack.nodes[0]!.inputs).toEqual([{ pin: 'body', type: 'Array' }]);
    expect(pack.nodes[0]!.request.body).toBe('{{inputs.body}}');
    expect(pack.nodes[1]!.inputs).toEqual([{ pin: 'body', type: 'Object', default: null }]);
    expect(pack.nodes[1]!.request.headers).toEqual({ 'Content-Type': 'application/merge-patch+json' });
  });
});

describe('$ref and allOf', () => {
  it('resolves $refs (parameters, bodies, responses, schemas) and merges allOf into one set of properties', async () => {
    const doc = api(
      {
        '/pets/{petId}': {
          parameters: [{ $ref: '#/components/parameters/PetId' }],
          put: {
            operationId: 'putPet',
            requestBody: { $ref: '#/components/requestBodies/Pet' },
            responses: { '200': { $ref: '#/components/responses/Pet' } },
          },
        },
      },
      {
        components: {
          parameters: { PetId: { name: 'petId', in: 'path', required: true, schema: { $ref: '#/components/schemas/Id' } } },
          requestBodies: { Pet: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/NewPet' } } } } },
          responses: { Pet: { description: 'the pet', content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } } } },
          schemas: {
            Id: { type: 'integer', format: 'int64' },
            Named: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
            NewPet: { allOf: [{ $ref: '#/components/schemas/Named' }, { type: 'object', properties: { tag: { type: 'string' } } }] },
            Pet: {
              allOf: [
                { $ref: '#/components/schemas/NewPet' },
                { type: 'object', properties: { id: { $ref: '#/components/schemas/Id' }, status: { type: 'string' } } },
              ],
            },
          },
        },
      },
    );
    const { pack } = await gen(doc);
    const n = pack.nodes[0]!;
    expect(n.inputs).toEqual([
      { pin: 'petId', type: 'Integer' },
      { pin: 'name', type: 'String' },
      { pin: 'tag', type: 'String', default: null },
    ]);
    expect(n.outputs).toEqual([
      { pin: 'name', type: 'String', path: 'name' },
      { pin: 'tag', type: 'String', path: 'tag' },
      { pin: 'id', type: 'Integer', path: 'id' },
      { pin: 'statusField', type: 'String', path: 'status' },
      { pin: 'response', type: 'Object', description: 'The whole answer', path: '' },
    ]);
  });

  it('a self-referencing schema does not loop', async () => {
    const doc = api(
      {
        '/nodes': {
          get: {
            operationId: 'tree',
            responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Node' } } } } },
          },
        },
      },
      {
        components: {
          schemas: {
            Node: { type: 'object', properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/components/schemas/Node' } } } },
          },
        },
      },
    );
    const { pack } = await gen(doc);
    expect(pack.nodes[0]!.outputs!.map((o) => `${o.pin}:${o.type}`)).toEqual(['name:String', 'children:Array', 'response:Object']);
  });
});

describe('responses → output pins', () => {
  it('the first 2xx answer: top-level properties (odd names in brackets), then the whole body; none for 204; Any for a non-JSON answer', async () => {
    const { pack, warnings } = await gen(
      api({
        '/a': {
          get: {
            operationId: 'a',
            responses: {
              '201': { description: 'later', content: { 'application/json': { schema: { type: 'object', properties: { other: { type: 'string' } } } } } },
              '200': {
                description: 'ok',
                content: {
                  'application/json': {
                    schema: {
                      type: 'object',
                      properties: {
                        'full.name': { type: 'string' },
                        count: { type: 'integer' },
                        score: { type: ['number', 'null'] },
                        secret: { type: 'string', writeOnly: true },
                      },
                    },
                  },
                },
              },
            },
          },
        },
        '/b': { delete: { operationId: 'b', responses: { '204': { description: 'gone' } } } },
        '/c': { get: { operationId: 'c', responses: { '200': { description: 'csv', content: { 'text/csv': { schema: { type: 'string' } } } } } } },
        '/d': {
          get: { operationId: 'd', responses: { '200': { description: 'list', content: { 'application/json': { schema: { type: 'array', items: {} } } } } } },
        },
      }),
    );
    expect(pack.nodes[0]!.outputs).toEqual([
      { pin: 'fullName', type: 'String', path: '["full.name"]' },
      { pin: 'count', type: 'Integer', path: 'count' },
      { pin: 'score', type: 'Float', path: 'score' },
      { pin: 'response', type: 'Object', description: 'The whole answer', path: '' },
    ]);
    expect(pack.nodes[1]!.outputs).toBeUndefined();
    expect(pack.nodes[2]!.outputs).toEqual([{ pin: 'response', type: 'Any', path: '' }]);
    expect(warnings).toContainEqual({ operation: 'c', message: 'the 200 answer is text/csv, not JSON: one output "response" with the whole body' });
    expect(pack.nodes[3]!.outputs).toEqual([{ pin: 'response', type: 'Array', description: 'The whole answer', path: '' }]);
  });
});

describe('security schemes → the connection', () => {
  const op = (security?: unknown) => ({ get: { operationId: 'me', ...(security ? { security } : {}), responses: ok } });
  const withScheme = async (scheme: Record<string, unknown>, security: unknown = [{ s: [] }], overlay?: Overlay) =>
    (await gen(api({ '/me': op() }, { security, components: { securitySchemes: { s: scheme } } }), overlay ? { overlay } : {})).pack.connection;

  it('apiKey in a header or the query → api_key, injected there', async () => {
    expect(await withScheme({ type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'Your key.' })).toEqual({
      provider: 'acme',
      authType: 'api_key',
      credentials: [{ name: 'apiKey', label: 'API Key', secret: true, required: true, description: 'Your key.' }],
      inject: { headers: { 'X-Api-Key': '{{credentials.apiKey}}' } },
    });
    expect((await withScheme({ type: 'apiKey', in: 'query', name: 'api_key' })).inject).toEqual({ query: { api_key: '{{credentials.apiKey}}' } });
  });

  it('http bearer → bearer; http basic → basic', async () => {
    expect(await withScheme({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })).toEqual({
      provider: 'acme',
      authType: 'bearer',
      credentials: [{ name: 'token', label: 'Token', secret: true, required: true }],
    });
    expect((await withScheme({ type: 'http', scheme: 'Basic' })).authType).toBe('basic');
  });

  it("oauth2 → the oauth2 types with the flow's URLs (relative ones resolved against the server) and the scopes the operations ask for", async () => {
    const flows = {
      authorizationCode: { authorizationUrl: 'https://acme.example/oauth/authorize', tokenUrl: '/oauth/token', scopes: { read: '', write: '', admin: '' } },
      clientCredentials: { tokenUrl: 'https://acme.example/oauth/token', scopes: { read: '' } },
    };
    expect(await withScheme({ type: 'oauth2', flows }, [{ s: ['write', 'read'] }])).toEqual({
      provider: 'acme',
      authType: 'oauth2_authorization_code',
      credentials: [
        { name: 'clientId', label: 'Client ID', required: true },
        { name: 'clientSecret', label: 'Client secret', secret: true, required: true },
      ],
      oauth2: {
        authorizationUrl: 'https://acme.example/oauth/authorize',
        tokenUrl: 'https://api.acme.example/oauth/token',
        scopes: ['read', 'write'],
        pkce: true,
      },
    });
    const cc = await withScheme({ type: 'oauth2', flows }, [{ s: ['read'] }], { connection: { flow: 'clientCredentials' } });
    expect(cc.authType).toBe('oauth2_client_credentials');
    expect(cc.oauth2).toEqual({ tokenUrl: 'https://acme.example/oauth/token', scopes: ['read'] });
  });

  it('an unsupported scheme is skipped with a warning (the next supported one is used, else none); the overlay can name the scheme', async () => {
    const doc = api(
      { '/me': op([{ oidc: [] }, { key: [] }]) },
      {
        components: {
          securitySchemes: {
            oidc: { type: 'openIdConnect', openIdConnectUrl: 'https://acme.example/.well-known/openid-configuration' },
            key: { type: 'apiKey', in: 'header', name: 'K' },
          },
        },
      },
    );
    const r = await gen(doc);
    expect(r.pack.connection.authType).toBe('api_key');
    expect(r.warnings).toContainEqual({ operation: null, message: 'security scheme "oidc" skipped: security scheme type "openIdConnect" is not supported' });
    const none = await gen(
      api({ '/me': op([{ oidc: [] }]) }, { components: { securitySchemes: { oidc: { type: 'openIdConnect', openIdConnectUrl: 'https://x.example' } } } }),
    );
    expect(none.pack.connection).toEqual({ provider: 'acme', authType: 'none' });
    expect(await problems(doc, { overlay: { connection: { scheme: 'nope' } } })).toEqual([
      '/connection/scheme: the document has no security scheme "nope" (it has: oidc, key)',
    ]);
  });

  it('no security → authType none', async () => {
    expect((await gen(api({ '/me': op() }))).pack.connection).toEqual({ provider: 'acme', authType: 'none' });
  });
});

describe('servers, metadata', () => {
  it('servers[0] with its variables at their defaults is the base URL; the document names the pack', async () => {
    const { pack } = await gen(
      api(
        { '/me': { get: { operationId: 'me', responses: ok } } },
        {
          servers: [{ url: 'https://{region}.acme.example/{base}/', variables: { region: { default: 'eu', enum: ['eu', 'us'] }, base: { default: 'api' } } }],
          externalDocs: { url: 'https://docs.acme.example' },
        },
      ),
    );
    expect(pack.defaults).toEqual({ baseUrl: 'https://eu.acme.example/api', headers: { Accept: 'application/json' } });
    expect(pack.metadata).toEqual({ slug: 'acme', name: 'Acme Tickets', description: 'Tickets.', version: '1.0.0', homepage: 'https://docs.acme.example' });
  });

  it('a relative or missing server needs defaults.baseUrl in the overlay', async () => {
    const rel = api({ '/me': { get: { operationId: 'me', responses: ok } } }, { servers: [{ url: '/v1' }] });
    expect(await problems(rel)).toEqual(['/servers/0/url: "/v1" is not an absolute http(s) URL: give defaults.baseUrl in an overlay']);
    expect((await gen(rel, { overlay: { defaults: { baseUrl: 'https://acme.example/v1' } } })).pack.defaults.baseUrl).toBe('https://acme.example/v1');
  });
});

describe('choosing operations', () => {
  const doc = api({
    '/labels': {
      get: { operationId: 'list_labels', tags: ['labels'], responses: ok },
      post: { operationId: 'create_label', tags: ['labels'], responses: ok },
    },
    '/rates': { post: { operationId: 'calculate_rates', tags: ['rates'], responses: ok } },
  });

  it('by operationId, node id or tag:NAME, in the order given; exclude drops some', async () => {
    const ids = async (o: Partial<GenerateOptions>) => (await gen(doc, o)).pack.nodes.map((n) => n.id);
    expect(await ids({})).toEqual(['listLabels', 'createLabel', 'calculateRates']);
    expect(await ids({ operations: ['calculateRates', 'tag:labels'] })).toEqual(['calculateRates', 'listLabels', 'createLabel']);
    expect(await ids({ overlay: { operations: ['tag:labels'], exclude: ['create_label'] } })).toEqual(['listLabels']);
  });

  it('an unknown operation or tag is an error naming the near matches; all of them at once', async () => {
    expect(await problems(doc, { operations: ['list_lables', 'tag:label', 'zzz'] })).toEqual([
      '--operations: unknown operation "list_lables"; did you mean list_labels? (the document has 3 operations)',
      '--operations: no operation has tag "label"; did you mean tag:labels? (tags: labels, rates)',
      '--operations: unknown operation "zzz" (the document has 3 operations)',
    ]);
    expect(await problems(doc, { slug: 'Not A Slug' })).toEqual(['--slug: "Not A Slug": lower-case letters, digits and -, starting with a letter, up to 40']);
  });

  it('no operation that can be a node is an error', async () => {
    const only = api({ '/x': { trace: { operationId: 'x', responses: ok } } });
    expect(await problems(only)).toEqual([': no operation could be made a node (see the warnings)']);
  });
});

describe('the overlay', () => {
  const doc = api({
    '/labels': {
      get: {
        operationId: 'list_labels',
        parameters: [
          { name: 'page', in: 'query', schema: { type: 'integer' } },
          { name: 'page_size', in: 'query', schema: { type: 'integer' } },
          { name: 'status', in: 'query', schema: { type: 'string' } },
        ],
        responses: {
          '200': {
            description: 'ok',
            content: {
              'application/json': {
                schema: { type: 'object', properties: { labels: { type: 'array' }, total: { type: 'integer' }, links: { type: 'object' } } },
              },
            },
          },
        },
      },
    },
    '/labels/{id}': { get: { operationId: 'get_label', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: ok } },
  });

  it('renames, drops, paginates (the paging parameters stop being inputs), fixes query values, adds outputs; metadata, verify, defaults', async () => {
    const { pack } = await gen(doc, {
      overlay: {
        metadata: { name: 'Acme Labels', version: '2.0.0', category: 'shipping', tags: ['labels'] },
        connection: { verify: { method: 'GET', path: '/labels', expectStatus: [200] } },
        defaults: { timeoutMs: 5000, retry: { on: [429], maxAttempts: 2 }, headers: { 'X-Client': 'dragops' } },
        nodes: {
          list_labels: {
            name: 'List Labels',
            paginate: { type: 'page', pageParam: 'page', itemsPath: 'labels', maxPages: 3 },
            query: { page_size: 50 },
            inputs: { status: { pin: 'labelStatus', label: 'Status', default: 'open' } },
            outputs: { labels: { path: '$items', description: 'Every page' }, links: { drop: true }, total: { pin: 'count', type: 'Float' } },
            addOutputs: [{ pin: 'requestId', type: 'String', path: '$headers.x-request-id' }],
          },
          getLabel: { id: 'fetchLabel', inputs: { id: { description: 'The label' } } },
        },
      },
    });
    expect(pack.metadata).toMatchObject({ name: 'Acme Labels', version: '2.0.0', category: 'shipping', tags: ['labels'] });
    expect(pack.connection.verify).toEqual({ method: 'GET', path: '/labels', expectStatus: [200] });
    expect(pack.defaults).toEqual({
      baseUrl: 'https://api.acme.example/v1',
      headers: { Accept: 'application/json', 'X-Client': 'dragops' },
      timeoutMs: 5000,
      retry: { on: [429], maxAttempts: 2 },
    });
    const [list, get] = pack.nodes;
    expect(list).toEqual({
      id: 'listLabels',
      name: 'List Labels',
      inputs: [{ pin: 'labelStatus', type: 'String', default: 'open', label: 'Status' }],
      request: { method: 'GET', path: '/labels', query: { status: '{{inputs.labelStatus}}', page_size: 50 } },
      paginate: { type: 'page', pageParam: 'page', itemsPath: 'labels', maxPages: 3 },
      outputs: [
        { pin: 'labels', type: 'Array', description: 'Every page', path: '$items' },
        { pin: 'count', type: 'Float', path: 'total' },
        { pin: 'response', type: 'Object', description: 'The whole answer', path: '' },
        { pin: 'requestId', type: 'String', path: '$headers.x-request-id' },
      ],
    });
    expect(get!.id).toBe('fetchLabel');
    expect(get!.inputs).toEqual([{ pin: 'id', type: 'String', description: 'The label' }]);
  });

  it('names it does not know are errors with near matches; a path parameter cannot be dropped', async () => {
    expect(
      await problems(doc, {
        overlay: {
          nodes: {
            list_label: {},
            list_labels: { outputs: { totl: {} } },
            get_label: { inputs: { id: { drop: true }, idd: {} }, outputs: { respnse: { drop: true } } },
          },
        },
      }),
    ).toEqual([
      '/nodes/list_label: unknown operation "list_label"; did you mean list_labels, get_label? (the document has 2 operations)',
      '/nodes/list_labels/outputs/totl: the node has no output "totl"; did you mean total?',
      '/nodes/get_label/inputs/id/drop: a path parameter cannot be dropped',
      '/nodes/get_label/inputs/idd: the node has no input "idd"; did you mean id?',
      '/nodes/get_label/outputs/respnse: the node has no output "respnse"',
    ]);
  });

  it('an overlay file (YAML or JSON) is checked: unknown keys and wrong types are reported with their paths', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dragops-overlay-'));
    const yaml = join(dir, 'o.yaml');
    writeFileSync(yaml, 'metadata:\n  nme: X\nnodes:\n  a:\n    inputs:\n      b: { drop: yes please }\n');
    const err = await readOverlay(yaml).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenApiInputError);
    expect((err as OpenApiInputError).problems.map((p) => p.path)).toEqual(['/metadata/nme', '/nodes/a/inputs/b/drop']);
    const json = join(dir, 'o.json');
    writeFileSync(json, JSON.stringify({ operations: ['a'], nodes: { a: { query: { per_page: 100 } } } }));
    expect(await readOverlay(json)).toEqual({ operations: ['a'], nodes: { a: { query: { per_page: 100 } } } });
  });
});

describe('files, determinism, refusals', () => {
  it('a YAML document and its JSON form give the same bytes, every time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dragops-openapi-'));
    const doc = api({
      '/me': {
        get: {
          operationId: 'me',
          summary: 'Me',
          responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string' } } } } } } },
        },
      },
    });
    writeFileSync(join(dir, 'a.json'), JSON.stringify(doc));
    const { stringify } = await import('yaml');
    writeFileSync(join(dir, 'a.yaml'), stringify(doc));
    const a = await packFromOpenApi(join(dir, 'a.json'), { slug: 'acme' });
    const b = await packFromOpenApi(join(dir, 'a.yaml'), { slug: 'acme' });
    const c = await packFromOpenApi(join(dir, 'a.json'), { slug: 'acme' });
    expect(b.text).toBe(a.text);
    expect(c.text).toBe(a.text);
    expect(a.text).toBe(packText(a.pack));
  });

  it('refuses Swagger 2.0, other versions, references to other files; an invalid generated pack is reported unless validation is off', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dragops-openapi-'));
    const write = (name: string, v: unknown) => {
      writeFileSync(join(dir, name), JSON.stringify(v));
      return join(dir, name);
    };
    const fail = async (file: string, o: { slug: string; validate?: boolean; overlay?: string } = { slug: 'acme' }) => {
      const e = await packFromOpenApi(file, o).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(OpenApiInputError);
      return (e as OpenApiInputError).problems.map((p) => `${p.path}: ${p.message}`);
    };
    expect(await fail(write('s.json', { swagger: '2.0', info: {}, paths: {} }))).toEqual([
      '/swagger: Swagger 2.0 is not supported: convert the document to OpenAPI 3 first',
    ]);
    expect(await fail(write('v.json', { openapi: '4.0.0' }))).toEqual(['/openapi: only OpenAPI 3.0 and 3.1 documents (openapi: "4.0.0")']);
    expect(await fail(join(dir, 'none.json'))).toEqual([': no such file']);
    const ext = write('ext.json', api({ '/me': { get: { operationId: 'me', responses: { '200': { $ref: './other.json#/R' } } } } }));
    expect(await fail(ext)).toEqual([': cannot resolve its references: ./other.json#/R is not in this document (bundle a multi-file document into one first)']);
    // A renamed pin that breaks the pin name rule: the pack validator says so.
    const good = write(
      'g.json',
      api({ '/me': { get: { operationId: 'me', parameters: [{ name: 'q', in: 'query', schema: { type: 'string' } }], responses: ok } } }),
    );
    const overlay = write('o.json', { nodes: { me: { inputs: { q: { pin: 'not a pin' } } } } });
    expect(await fail(good, { slug: 'acme', overlay })).toEqual([
      '/nodes/0/inputs/0/pin: a name starts with a letter or _ and has up to 64 letters, digits and _ (INVALID_PACK; fix it in the overlay, or see it with --no-validate)',
    ]);
    expect((await packFromOpenApi(good, { slug: 'acme', overlay, validate: false })).pack.nodes[0]!.inputs![0]!.pin).toBe('not a pin');
  });
});

describe('names', () => {
  it('camelCase ids and pins from API names; near matches', () => {
    expect(camel('label_status')).toBe('labelStatus');
    expect(camel('X-Request-Id')).toBe('xRequestId');
    expect(camel('page[size]')).toBe('pageSize');
    expect(camel('listLabels')).toBe('listLabels');
    expect(nodeIdOf('2fa_enable')).toBe('op2faEnable');
    expect(pinNameOf('$filter')).toBe('filter');
    expect(pinNameOf('1st')).toBe('_1st');
    expect(pinNameOf('--')).toBe('value');
    expect(idFromPath('get', '/v1/labels/{label_id}')).toBe('getV1LabelsByLabelId');
    expect(nearMatches('lst_labels', ['list_labels', 'list_tags', 'create_label', 'get_label'])).toEqual(['list_labels', 'get_label']);
  });

  it('packText: two-space JSON with short objects on one line, a final newline', () => {
    expect(packText({ a: { b: [1, 2] }, c: 'x'.repeat(130) })).toBe(`{\n  "a": { "b": [1, 2] },\n  "c": "${'x'.repeat(130)}"\n}\n`);
  });
});
