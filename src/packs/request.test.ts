import { describe, expect, it } from 'vitest';
import { buildRequest, renderBody, scopeOf } from './request.js';
import { validatePack } from './validate.js';
import type { PackDocument } from './schema.js';
import type { ResolvedConnection } from '../connections/port.js';
import { acme } from './testing.js';

const packOf = (v: unknown): PackDocument => {
  const r = validatePack(v);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.pack;
};
const conn: ResolvedConnection = { id: 'conn_1', provider: 'acme', authType: 'api_key', credentials: { apiKey: 'sekret-key' }, fields: { id: 'conn_1' } };

describe('buildRequest', () => {
  it('puts a path value in as one URL-encoded segment, never as URL structure', () => {
    const pack = packOf(acme());
    for (const [id, path] of [
      ['a/b', '/tickets/a%2Fb'],
      ['?admin=1#x', '/tickets/%3Fadmin%3D1%23x'],
      ['@evil.example', '/tickets/%40evil.example'],
      ['ü ñ', '/tickets/%C3%BC%20%C3%B1'],
    ]) {
      const r = buildRequest(pack, pack.nodes[0]!, { id, verbose: false }, conn);
      expect(r.url.origin).toBe('https://api.acme.example');
      expect(r.url.pathname).toBe(path);
    }
    expect(() => buildRequest(pack, pack.nodes[0]!, { id: '..', verbose: false }, conn)).toThrow(/not allowed/);
    expect(() => buildRequest(pack, pack.nodes[0]!, { id: '%2e%2E', verbose: false }, conn).url.pathname).not.toThrow();
    expect(buildRequest(pack, pack.nodes[0]!, { id: '%2e%2E', verbose: false }, conn).url.pathname).toBe('/tickets/%252e%252E');
    expect(() => buildRequest(pack, pack.nodes[0]!, { id: '', verbose: false }, conn)).toThrow(/empty/);
    expect(() => buildRequest(pack, pack.nodes[0]!, { id: null, verbose: false }, conn)).toThrow(/no value/);
  });

  it('writes query values in text form, omits null ones, repeats keys for arrays', () => {
    const p: any = acme();
    p.nodes[0].inputs.push(
      { pin: 'labels', type: 'Array', default: null },
      { pin: 'page', type: 'Integer', default: null },
      { pin: 'q', type: 'String', default: '' },
    );
    p.nodes[0].request.query = {
      verbose: '{{inputs.verbose}}',
      label: '{{inputs.labels}}',
      page: '{{inputs.page}}',
      q: 'text:{{inputs.q}}',
      fixed: 42,
      none: null,
    };
    const pack = packOf(p);
    const r = buildRequest(pack, pack.nodes[0]!, { id: '1', verbose: true, labels: ['a', 'b&c'], page: null, q: 'x y&z' }, conn);
    expect(r.url.search).toBe('?verbose=true&label=a&label=b%26c&q=text%3Ax+y%26z&fixed=42');
  });

  it('layers headers: defaults, then the node, then inject (which nothing overrides)', () => {
    const p: any = acme();
    p.defaults.headers = { Accept: 'application/json', 'X-A': 'default', 'X-Api-Key': 'from-defaults' };
    p.nodes[0].request.headers = { 'x-a': 'node', 'X-Api-Key': 'from-node', 'X-Id': '{{inputs.id}}' };
    const pack = packOf(p);
    const r = buildRequest(pack, pack.nodes[0]!, { id: '7', verbose: false }, conn);
    expect(r.headers).toEqual({ accept: 'application/json', 'x-a': 'node', 'x-api-key': 'sekret-key', 'x-id': '7' });
  });

  it('keeps JSON types for whole templates in a body, writes text inside longer strings', () => {
    const scope = scopeOf({ n: 3, b: false, o: { k: [1] }, s: 'hi "there"', u: undefined, nil: null }, undefined);
    expect(
      renderBody(
        {
          n: '{{inputs.n}}',
          b: '{{inputs.b}}',
          o: '{{inputs.o}}',
          text: 'n={{inputs.n}} o={{inputs.o}} s={{inputs.s}}',
          gone: '{{inputs.u}}',
          nil: '{{inputs.nil}}',
          list: ['{{inputs.n}}', '{{inputs.u}}'],
        },
        scope,
      ),
    ).toEqual({ n: 3, b: false, o: { k: [1] }, text: 'n=3 o={"k":[1]} s=hi "there"', nil: null, list: [3, null] });
  });

  it('bearer and basic inject their default Authorization header', () => {
    const p: any = acme();
    p.connection = { provider: 'acme', authType: 'bearer' };
    const bearer = packOf(p);
    expect(buildRequest(bearer, bearer.nodes[0]!, { id: '1', verbose: false }, { ...conn, credentials: { token: 'tok-123' } }).headers.authorization).toBe(
      'Bearer tok-123',
    );
    p.connection = { provider: 'acme', authType: 'basic' };
    const basic = packOf(p);
    expect(
      buildRequest(basic, basic.nodes[0]!, { id: '1', verbose: false }, { ...conn, credentials: { username: 'u', password: 'p:w' } }).headers.authorization,
    ).toBe(`Basic ${Buffer.from('u:p:w').toString('base64')}`);
  });

  it('fills the base URL from connection fields (a self-hosted service)', () => {
    const p: any = acme();
    p.connection.credentials.push({ name: 'baseUrl', label: 'Base URL' });
    p.defaults.baseUrl = '{{connection.baseUrl}}';
    const pack = packOf(p);
    const r = buildRequest(pack, pack.nodes[0]!, { id: 'x', verbose: false }, { ...conn, fields: { baseUrl: 'http://127.0.0.1:9/api/' } });
    expect(r.url.href).toBe('http://127.0.0.1:9/api/tickets/x?verbose=false');
    expect(() => buildRequest(pack, pack.nodes[0]!, { id: 'x', verbose: false }, { ...conn, fields: { baseUrl: 'javascript:alert(1)' } })).toThrow(/base URL/);
  });
});
