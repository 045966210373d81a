// The hostile corpus for integration packs (issue 13): pack text never becomes code, input values
// never become URL structure or extra headers, and connection credentials never appear in what an
// execution keeps, whatever the strings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../src/compiler/index.js';
import { execute } from '../../src/runtime/execute.js';
import { installed, packNodesOf } from '../../src/packs/library.js';
import { validatePack } from '../../src/packs/validate.js';
import type { PackDocument } from '../../src/packs/schema.js';
import type { ConnectionEntry } from '../../src/runtime/context.js';
import { acme } from '../../src/packs/testing.js';
import { pattern, registry } from '../helpers.js';
import { mockService, type MockService } from '../packs/mock.js';
import { assertValidJs, forbiddenCode } from './codegen-safety.js';

declare global {
  var __pwned: boolean | undefined;
}
const S = 'globalThis.__pwned=true';
const CORPUS = [
  `"+(${S})+"`,
  `'+(${S})+'`,
  '`+(' + S + ')+`',
  '${' + S + '}',
  `*/${S};/*`,
  `\n${S};//`,
  `\u2028${S};//`,
  `"];${S};//`,
  `"}; ${S}; {"`,
  `{{constructor.constructor('${S}')()}}`,
  `{{inputs.__proto__}}`,
  '../../admin',
  '..',
  '%2e%2e',
  '/?#@:',
  'https://evil.example/',
  '//evil.example',
  '\r\nX-Injected: 1',
  '__proto__',
  'constructor',
  '\u0000',
  'é ü 😀',
];

let svc: MockService;
beforeAll(async () => {
  svc = await mockService((req) => ({ body: { echo: req.headers['x-api-key'] ?? null, path: req.path } }));
  globalThis.__pwned = undefined;
});
afterAll(async () => {
  await svc.close();
  expect(globalThis.__pwned).toBeUndefined();
});

const packWith = (change: (p: any) => void): ReturnType<typeof validatePack> => {
  const p: any = acme();
  p.defaults.baseUrl = svc.url;
  p.nodes[0].inputs.push({ pin: 'note', type: 'String', default: '' });
  change(p);
  return validatePack(p);
};

const doc = (defaults: Record<string, unknown>) =>
  pattern(
    [
      { id: 's', type: 'OnStart' },
      { id: 'n', type: 'acme.getTicket', config: { connection: 'conn_a' }, defaults },
    ],
    ['s.then -> n.exec'],
  );

async function runPack(pack: PackDocument, defaults: Record<string, unknown>, connections: Record<string, ConnectionEntry>) {
  const r = compile(doc(defaults), { registry, packs: packNodesOf([installed(pack)]) });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  for (const v of ['sync', 'async'] as const) {
    if (v === 'sync' && !r.compiled.runSync) continue;
    const source = r.compiled.source(v);
    assertValidJs(source);
    expect(forbiddenCode(source)).toEqual([]);
  }
  return execute(r.compiled, {}, { connections });
}

const conn = (apiKey: string): Record<string, ConnectionEntry> => ({
  conn_a: { id: 'conn_a', provider: 'acme', authType: 'api_key', credentials: { apiKey }, fields: { id: 'conn_a' } },
});

describe('hostile strings in packs', () => {
  it.each(CORPUS.map((s) => [JSON.stringify(s), s]))('as pack text %s: refused, or data only', async (_l, s) => {
    const places: ((p: any) => void)[] = [
      (p) => (p.metadata.description = s),
      (p) => (p.nodes[0].name = s),
      (p) => (p.nodes[0].description = s),
      (p) => (p.nodes[0].request.path = `/t/${s}/{{inputs.id}}`),
      (p) => (p.nodes[0].request.query = { [s]: s }),
      (p) => (p.nodes[0].request.headers = { 'X-Note': s }),
      (p) => {
        p.nodes[0].request.method = 'POST';
        p.nodes[0].request.body = { [s]: s, t: `${s}{{inputs.note}}` };
      },
      (p) => (p.nodes[0].outputs[0].path = s),
      (p) => (p.connection.inject.headers['X-Api-Key'] = `${s}{{credentials.apiKey}}`),
    ];
    for (const place of places) {
      const v = packWith(place);
      if (!v.ok) {
        for (const e of v.errors) expect(e.path).toMatch(/^\//);
        continue;
      }
      svc.seen.length = 0;
      const r = await runPack(v.pack, { id: '1' }, conn('key-123456'));
      // It ran as data: at most one request, to the mock, and the sentinel untouched.
      expect(svc.seen.length).toBeLessThanOrEqual(1);
      expect(globalThis.__pwned).toBeUndefined();
      if (r.status === 'failed') expect(['NODE_ERROR', 'HTTP_REQUEST_FAILED']).toContain(r.error!.code);
    }
  });

  it.each(CORPUS.map((s) => [JSON.stringify(s), s]))('as input values %s: one path segment, one query value, no new header', async (_l, s) => {
    const v = packWith((p) => {
      p.nodes[0].request.query = { q: '{{inputs.note}}' };
      p.nodes[0].request.headers = { 'X-Note': 'n:{{inputs.note}}' };
      p.nodes[0].request.method = 'POST';
      p.nodes[0].request.body = { note: '{{inputs.note}}', text: 'note {{inputs.note}}' };
    });
    if (!v.ok) throw new Error(JSON.stringify(v.errors));
    svc.seen.length = 0;
    const r = await runPack(v.pack, { id: s, note: s }, conn('key-123456'));
    if (r.status === 'failed') {
      // Only what cannot be sent at all is refused: a dot segment, a header with a line break or NUL.
      expect(r.error!.code).toBe('NODE_ERROR');
      expect(svc.seen).toHaveLength(0);
      return;
    }
    expect(svc.seen).toHaveLength(1);
    const seen = svc.seen[0]!;
    expect(seen.path.split('/')).toHaveLength(3); // "", "tickets", the id
    expect(decodeURIComponent(seen.path.split('/')[2]!)).toBe(s);
    expect(seen.query).toEqual([['q', s]]);
    expect(seen.headers['x-injected']).toBeUndefined();
    expect(JSON.parse(seen.body)).toEqual({ note: s, text: `note ${s}` });
  });

  it.each(CORPUS.filter((s) => s.length >= 4 && !['\r', '\n', '\u0000'].some((c) => s.includes(c))).map((s) => [JSON.stringify(s), s]))(
    'as a credential %s: sent, and masked everywhere the execution keeps it',
    async (_l, s) => {
      const v = packWith(() => {});
      if (!v.ok) throw new Error(JSON.stringify(v.errors));
      const key = `k${s}k`;
      const r = await runPack(v.pack, { id: '1' }, conn(key));
      // A value no header can carry (non-Latin-1, a line separator) is refused before sending.
      if (r.error) expect(r.error.code).toBe('NODE_ERROR');
      const kept = [r.nodeLog.stored(), JSON.stringify(r.trace), JSON.stringify(r.logs), JSON.stringify(r.error)].join('\n');
      for (const form of [key, JSON.stringify(key).slice(1, -1), encodeURIComponent(key)]) expect(kept.includes(form)).toBe(false);
    },
  );
});
