// `dragops pack from-openapi` as a user runs it (the built CLI, as a process): help, the shipped
// ShipEngine pack made again from its files, a YAML document to standard output with warnings,
// --json, every problem at once with exit 2, and a generated pack run offline against a mock service.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dragops } from './spawn.js';
import { mockService, type MockService } from '../packs/mock.js';
import { validatePack } from '../../src/packs/validate.js';

const root = new URL('../../', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'dragops-cli-openapi-'));
const SLOW = 60_000;
const run = (...args: string[]) => dragops({ ...process.env, XDG_CONFIG_HOME: join(tmp, 'config') }, ...args);

/** A small OpenAPI 3.1 document in YAML: an API key in a header, one operation with a cookie
 * parameter the pack leaves out (a warning), one that cannot be a node (skipped, a warning). */
const yamlSpec = `openapi: 3.1.0
info: { title: Notes, version: 0.3.0 }
servers: [{ url: 'http://{host}/api', variables: { host: { default: notes.example } } }]
security: [{ key: [] }]
components:
  securitySchemes:
    key: { type: apiKey, in: header, name: X-Notes-Key }
  schemas:
    Note:
      type: object
      properties:
        id: { type: string }
        text: { type: string }
        pinned: { type: boolean }
paths:
  /notes/{id}:
    get:
      operationId: get_note
      summary: Get a note
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
        - { name: session, in: cookie, schema: { type: string } }
      responses:
        '200': { description: the note, content: { application/json: { schema: { $ref: '#/components/schemas/Note' } } } }
  /notes:
    post:
      operationId: upload_note
      requestBody: { required: true, content: { multipart/form-data: { schema: { type: object } } } }
      responses: { '201': { description: created } }
`;

describe('dragops pack from-openapi', () => {
  let svc: MockService;
  beforeAll(async () => {
    svc = await mockService((req) => ({
      body: { id: decodeURIComponent(req.path.split('/').pop()!), text: 'buy milk', pinned: true, key: req.headers['x-notes-key'] },
    }));
  });
  afterAll(() => svc?.close());

  it(
    '--help names every option',
    async () => {
      const r = await run('pack', 'from-openapi', '--help');
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^Usage: dragops pack from-openapi \[options\] <spec>/);
      for (const o of ['--slug <slug>', '--operations <list>', '--overlay <file>', '--out <file>', '--json', '--no-validate']) expect(r.out).toContain(o);
      expect((await run('pack', '--help')).out).toMatch(/from-openapi/);
    },
    SLOW,
  );

  it(
    'makes the shipped ShipEngine pack again from packs/openapi/, byte for byte (--out)',
    async () => {
      const out = join(tmp, 'shipengine.dragops-pack.json');
      const r = await run(
        'pack',
        'from-openapi',
        'packs/openapi/shipengine.openapi.json',
        '--slug',
        'shipengine',
        '--overlay',
        'packs/openapi/shipengine.overlay.yaml',
        '--out',
        out,
      );
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(r.out).toBe(
        `wrote ${out}: shipengine 1.0.0, 8 nodes: shipengine.validateAddress, shipengine.calculateRates, shipengine.listCarriers, shipengine.listLabels, shipengine.getLabelById, shipengine.voidLabel, shipengine.getTrackingLog, shipengine.createTag\n`,
      );
      expect(readFileSync(out, 'utf8')).toBe(readFileSync(join(root, 'packs/shipengine.dragops-pack.json'), 'utf8'));
    },
    SLOW,
  );

  it(
    'a YAML document: the pack on standard output, warnings and a summary on standard error; --json',
    async () => {
      const spec = join(tmp, 'notes.yaml');
      writeFileSync(spec, yamlSpec);
      const r = await run('pack', 'from-openapi', spec, '--slug', 'notes');
      expect(r.code).toBe(0);
      expect(r.err).toBe(
        [
          'dragops: warning: get_note: cookie parameter "session" left out: packs send no cookies',
          'dragops: warning: upload_note: skipped (POST /notes): the request body is multipart/form-data; packs send JSON bodies only',
          'dragops: generated notes 0.3.0, 1 node: notes.getNote',
          '',
        ].join('\n'),
      );
      const pack = JSON.parse(r.out);
      expect(validatePack(pack).ok).toBe(true);
      expect(pack.defaults.baseUrl).toBe('http://notes.example/api');
      expect(pack.connection.inject).toEqual({ headers: { 'X-Notes-Key': '{{credentials.apiKey}}' } });
      expect(pack.nodes[0].outputs.map((o: { pin: string }) => o.pin)).toEqual(['id', 'text', 'pinned', 'response']);

      const j = await run('pack', 'from-openapi', spec, '--slug', 'notes', '--json');
      expect(j.code).toBe(0);
      expect(j.err).toBe('');
      const line = JSON.parse(j.out);
      expect(line).toMatchObject({ ok: true, slug: 'notes', version: '0.3.0', nodes: ['notes.getNote'], out: null, errors: [] });
      expect(line.pack).toEqual(pack);
      expect(line.warnings).toHaveLength(2);
    },
    SLOW,
  );

  it(
    'every problem at once, exit 2: unknown operations with near matches, a bad slug; with --json too',
    async () => {
      const spec = join(tmp, 'notes.yaml');
      writeFileSync(spec, yamlSpec);
      const r = await run('pack', 'from-openapi', spec, '--slug', 'Notes!', '--operations', 'get_notes,tag:x');
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toBe(
        [
          `dragops: ${spec}: cannot generate a pack, 3 problems:`,
          '  --slug: "Notes!": lower-case letters, digits and -, starting with a letter, up to 40',
          '  --operations: unknown operation "get_notes"; did you mean get_note? (the document has 2 operations)',
          '  --operations: no operation has tag "x" (tags: none)',
          '',
        ].join('\n'),
      );
      const j = await run('pack', 'from-openapi', spec, '--slug', 'notes', '--operations', 'get_notes', '--json');
      expect(j.code).toBe(2);
      expect(JSON.parse(j.out)).toEqual({
        ok: false,
        errors: [{ path: '--operations', message: 'unknown operation "get_notes"; did you mean get_note? (the document has 2 operations)' }],
        warnings: [],
      });
      const missing = await run('pack', 'from-openapi', join(tmp, 'nope.yaml'), '--slug', 'notes');
      expect(missing.code).toBe(2);
      expect(missing.err).toBe(`dragops: ${join(tmp, 'nope.yaml')}: cannot generate a pack, 1 problem:\n  no such file\n`);
      expect((await run('pack', 'from-openapi', spec)).err).toMatch(/required option '--slug <slug>' not specified/);
    },
    SLOW,
  );

  it(
    'the generated pack runs offline (dragops run --packs --connections) against the service; the key is masked',
    async () => {
      const dir = join(tmp, 'offline');
      mkdirSync(join(dir, 'packs'), { recursive: true });
      const spec = join(dir, 'notes.yaml');
      writeFileSync(spec, yamlSpec.replace("'http://{host}/api'", `'${svc.url}/api'`));
      const gen = await run('pack', 'from-openapi', spec, '--slug', 'notes', '--operations', 'get_note', '--out', join(dir, 'packs/notes.dragops-pack.json'));
      expect(gen.code).toBe(0);
      const connections = join(dir, 'connections.json');
      writeFileSync(connections, JSON.stringify({ conn_notes: { provider: 'notes', credentials: { apiKey: 'notes-key-0123456789' } } }));
      const pattern = join(dir, 'note.pattern.json');
      writeFileSync(
        pattern,
        JSON.stringify({
          format: 'dragops.pattern/1',
          nodes: [
            { id: 's', type: 'OnStart' },
            { id: 'get', type: 'notes.getNote', config: { connection: 'conn_notes' }, defaults: { id: 'n 1' } },
            { id: 'log', type: 'Log' },
          ],
          wires: [
            { from: { node: 's', pin: 'then' }, to: { node: 'get', pin: 'exec' } },
            { from: { node: 'get', pin: 'then' }, to: { node: 'log', pin: 'exec' } },
            { from: { node: 'get', pin: 'text' }, to: { node: 'log', pin: 'message' } },
          ],
        }),
      );
      svc.seen.length = 0;
      const r = await run('run', pattern, '--packs', join(dir, 'packs'), '--connections', connections);
      expect(r.err).toBe('');
      const out = JSON.parse(r.out);
      expect(out.status).toBe('completed');
      expect(out.logs).toEqual([{ level: 'info', message: 'buy milk', nodeId: 'log' }]);
      expect(svc.seen).toHaveLength(1);
      expect(svc.seen[0]).toMatchObject({ method: 'GET', path: '/api/notes/n%201' });
      expect(svc.seen[0]!.headers['x-notes-key']).toBe('notes-key-0123456789');
      expect(r.out).not.toContain('notes-key-0123456789');
    },
    SLOW,
  );
});
