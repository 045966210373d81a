import { describe, expect, it } from 'vitest';
import { validatePack } from './validate.js';
import { acme } from './testing.js';

const errorsOf = (v: unknown) => {
  const r = validatePack(v);
  return r.ok ? [] : r.errors;
};

describe('validatePack', () => {
  it('accepts the example of SPEC §14', () => {
    expect(errorsOf(acme())).toEqual([]);
  });

  it('reports every schema problem with its path', () => {
    const p: any = acme();
    p.extra = 1;
    delete p.metadata.version;
    p.nodes[0].request.method = 'FETCH';
    p.connection.authType = 'magic';
    const errors = errorsOf(p);
    const paths = errors.map((e) => e.path);
    expect(paths).toContain('/extra');
    expect(paths).toContain('/metadata/version');
    expect(paths).toContain('/nodes/0/request/method');
    expect(paths).toContain('/connection/authType');
  });

  it('refuses template roots other than inputs, credentials and connection, and undeclared inputs, all at once', () => {
    const p: any = acme();
    p.nodes[0].request.path = '/tickets/{{env.HOME}}';
    p.nodes[0].request.query = { a: '{{inputs.nope}}', b: '{{ process.mainModule }}', c: '{{inputs.id' };
    p.nodes[0].request.headers = { 'X-Token': '{{credentials.apiKey}}' };
    p.nodes[0].request.method = 'POST';
    p.nodes[0].request.body = { text: 'hi {{constructor.constructor}}', nested: ['{{inputs.id}}', '{{connection.apiKey}}'] };
    p.connection.verify.path = '/me/{{credentials.apiKey}}';
    const errors = errorsOf(p);
    const at = (path: string) => errors.filter((e) => e.path === path).map((e) => e.message);
    expect(at('/nodes/0/request/path')[0]).toMatch(/unknown template root "env"/);
    // Every template of one string is checked, not only up to its first problem.
    const both: any = acme();
    both.nodes[0].request.path = '/t/{{env.HOME}}/{{inputs.missing}}/{{ bad }}';
    expect(
      errorsOf(both)
        .filter((e) => e.path === '/nodes/0/request/path')
        .map((e) => e.message),
    ).toEqual([
      expect.stringMatching(/unknown template root "env"/),
      expect.stringMatching(/malformed template \{\{ bad \}\}/),
      expect.stringMatching(/declares no input "missing"/),
    ]);
    expect(at('/nodes/0/request/query/a')[0]).toMatch(/declares no input "nope"/);
    expect(at('/nodes/0/request/query/b')[0]).toMatch(/unknown template root "process"/);
    expect(at('/nodes/0/request/query/c')[0]).toMatch(/unclosed template/);
    expect(at('/nodes/0/request/headers/X-Token')[0]).toMatch(/credentials may appear only in connection.inject/);
    expect(at('/nodes/0/request/body/text')[0]).toMatch(/unknown template root "constructor"/);
    expect(at('/nodes/0/request/body/nested/1')[0]).toMatch(/secret credential/);
    expect(at('/connection/verify/path')[0]).toMatch(/credentials may appear only/);
    expect(errors.length).toBeGreaterThanOrEqual(8);
  });

  it('checks ids, pins, paths, defaults and what an authType needs', () => {
    const p: any = acme();
    p.nodes.push({ ...p.nodes[0] });
    p.nodes[0].inputs.push({ pin: 'id', type: 'String' }, { pin: 'kind', type: 'Enum' }, { pin: 'n', type: 'Integer', default: 'abc' });
    p.nodes[0].outputs.push({ pin: 'status', type: 'Integer' }, { pin: 'x', type: 'Any', path: 'a..b' }, { pin: 'y', type: 'Array', path: '$items' });
    p.connection.inject = {};
    p.defaults.baseUrl = 'ftp://x.example/?q=1';
    const paths = errorsOf(p).map((e) => e.path);
    for (const path of [
      '/nodes/1/id',
      '/nodes/0/inputs/2/pin',
      '/nodes/0/inputs/3/options',
      '/nodes/0/inputs/4/default',
      '/nodes/0/outputs/2/pin',
      '/nodes/0/outputs/3/path',
      '/nodes/0/outputs/4/path',
      '/connection/inject',
      '/defaults/baseUrl',
    ])
      expect(paths).toContain(path);
  });

  it('refuses header names HTTP does not allow and values with line breaks or control characters', () => {
    const p: any = acme();
    p.defaults.headers = { 'X-A': 'a\r\nX-Injected: yes', 'Bad Name': 'x' };
    p.nodes[0].request.headers = { 'X-B': 'tab\tis fine', 'X-C': 'nul\u0000' };
    const errors = errorsOf(p);
    expect(errors).toEqual(
      expect.arrayContaining([
        { path: '/defaults/headers/X-A', message: 'a header value may not hold line breaks or control characters' },
        { path: '/defaults/headers/Bad Name', message: '"Bad Name" is not a valid header name' },
        { path: '/nodes/0/request/headers/X-C', message: 'a header value may not hold line breaks or control characters' },
      ]),
    );
    expect(errors.some((e) => e.path === '/nodes/0/request/headers/X-B')).toBe(false);
  });

  it('refuses dot segments and a query in a request path', () => {
    const p: any = acme();
    p.nodes[0].request.path = '/a/../b?x=1';
    expect(errorsOf(p).map((e) => e.message)).toEqual(expect.arrayContaining([expect.stringMatching(/no \. or \.\./), expect.stringMatching(/no query/)]));
  });
});
