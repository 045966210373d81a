// docs/packs.md "Writing a pack": its example pack, pattern and connections file, run as the page
// says, send the request and log the output the page shows (blocks marked `<!-- doc-test: … -->`).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../src/compiler/index.js';
import { execute } from '../../src/runtime/execute.js';
import { installed, packNodesOf } from '../../src/packs/library.js';
import { validatePack } from '../../src/packs/validate.js';
import { readConnections } from '../../src/cli/pack.js';
import { registry } from '../helpers.js';
import { packFromOpenApi } from '../../src/packs/openapi/load.js';
import { overlayProblems } from '../../src/packs/openapi/overlay.js';
import { mockService, type MockService } from './mock.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const page = readFileSync(new URL('../../docs/packs.md', import.meta.url), 'utf8');
/** The fenced block after `<!-- doc-test: name -->`. */
function block(name: string): string {
  const m = new RegExp(`<!-- doc-test: ${name} -->\\n\`\`\`[a-z]*\\n([\\s\\S]*?)\\n\`\`\``).exec(page);
  if (!m) throw new Error(`docs/packs.md has no doc-test block ${name}`);
  return m[1]!;
}

let svc: MockService;
beforeAll(async () => {
  svc = await mockService(() => ({ status: 201, headers: { location: 'https://tasks.example/t/t_1' }, body: { task: { id: 't_1' } } }));
});
afterAll(() => svc.close());

describe('docs/packs.md', () => {
  it('the example pack is valid, and its pattern sends the documented request and logs the documented output', async () => {
    const checked = validatePack(JSON.parse(block('pack')));
    if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
    const pack = structuredClone(checked.pack);
    expect(pack.defaults.baseUrl).toBe('https://api.tasks.example/v1');
    pack.defaults.baseUrl = `${svc.url}/v1`; // the stand-in for the service
    const file = join(mkdtempSync(join(tmpdir(), 'dragops-doc-')), 'connections.json');
    writeFileSync(file, block('connections'));
    const connections = readConnections(file, [pack]);
    const r = compile(JSON.parse(block('pattern')), { registry, packs: packNodesOf([installed(pack)]) });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const result = await execute(r.compiled, {}, { connections });
    expect(result.error).toBeNull();
    expect(result.logs).toEqual(JSON.parse(block('logs')));

    const [head, body] = block('request').split('\n\n') as [string, string];
    const [requestLine, ...headerLines] = head.split('\n');
    const [method, path] = requestLine!.split(' ');
    const got = svc.seen[0]!;
    expect(`${got.method} ${got.path}`).toBe(`${method} ${path}`);
    for (const line of headerLines) {
      const [name, ...value] = line.split(': ');
      expect([name, got.headers[name!]]).toEqual([name, value.join(': ')]);
    }
    expect(got.body).toBe(body);
  });

  it('the shipped packs and the page agree on the template rules', () => {
    for (const bad of ['{{env.HOME}}', '{{inputs.nope}}', '{{credentials.token}}']) {
      const p = JSON.parse(block('pack'));
      p.nodes[0].request.body.note = bad;
      expect(validatePack(p).ok, bad).toBe(false);
    }
  });
});

describe('docs/packs.md "From an OpenAPI document"', () => {
  it('generates the pack shown from the document and overlay shown, byte for byte, and the pack sends the request the page says', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dragops-doc-openapi-'));
    writeFileSync(join(dir, 'helpdesk.openapi.yaml'), block('openapi'));
    writeFileSync(join(dir, 'helpdesk.overlay.yaml'), block('overlay'));
    const r = await packFromOpenApi(join(dir, 'helpdesk.openapi.yaml'), { slug: 'helpdesk', overlay: join(dir, 'helpdesk.overlay.yaml') });
    expect(r.warnings).toEqual([]);
    expect(r.text).toBe(block('generated') + '\n');
    expect(page).toContain('prints `wrote helpdesk.dragops-pack.json: helpdesk 1.4.0, 2 nodes:\nhelpdesk.listTickets, helpdesk.createTicket`');

    const pack = structuredClone(r.pack);
    expect(pack.defaults.baseUrl).toBe('https://demo.helpdesk.example/api/v2');
    pack.defaults.baseUrl = `${svc.url}/api/v2`;
    const connections = {
      conn_h: { id: 'conn_h', provider: 'helpdesk', authType: 'bearer' as const, credentials: { token: 'hd-token-123' }, fields: { id: 'conn_h' } },
    };
    const doc = {
      format: 'dragops.pattern/1',
      nodes: [
        { id: 's', type: 'OnStart' },
        { id: 'c', type: 'helpdesk.createTicket', config: { connection: 'conn_h' }, defaults: { subject: 'Printer on fire' } },
      ],
      wires: [{ from: { node: 's', pin: 'then' }, to: { node: 'c', pin: 'exec' } }],
    };
    const c = compile(doc, { registry, packs: packNodesOf([installed(pack)]) });
    if (!c.ok) throw new Error(JSON.stringify(c.errors));
    svc.seen.length = 0;
    const result = await execute(c.compiled, {}, { connections });
    expect(result.error).toBeNull();
    const got = svc.seen[0]!;
    expect(`${got.method} ${got.path}`).toBe('POST /api/v2/tickets');
    expect(got.headers.authorization).toBe('Bearer hd-token-123');
    expect(got.body).toBe('{"subject":"Printer on fire","priority":"normal"}');
    expect(page).toContain('`{"subject":"Printer on fire","priority":"normal"}`');
  });

  it('the overlay format shown is the one the generator reads', async () => {
    const { parse } = await import('yaml');
    expect(overlayProblems(parse(block('overlay-reference')))).toEqual([]);
  });
});
