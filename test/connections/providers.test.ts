// The pure rules of connections: default fields and inject per auth type, templates, masking, and
// the server's OAuth clients file.
import { describe, expect, it } from 'vitest';
import { checkCredentials, fieldsOf, injectFor, mask, render } from '../../src/connections/providers.js';
import { credentialFields } from '../../src/packs/validate.js';
import { PackLibrary, digestOf } from '../../src/packs/library.js';
import type { PackDocument } from '../../src/packs/schema.js';
import { parseOAuthClients } from '../../src/connections/oauth.js';
import type { ProviderSpec } from '../../src/connections/port.js';
import { redactUrl } from '../../src/server/redact.js';

const spec = (over: Partial<ProviderSpec>): ProviderSpec => ({
  provider: 'p',
  authType: 'api_key',
  credentials: [],
  baseUrl: 'https://api.example',
  pack: { slug: 'p', version: '1.0.0' },
  ...over,
});
const resolved = (credentials: Record<string, string>, fields: Record<string, string> = {}) => ({
  id: 'conn_1',
  provider: 'p',
  authType: 'api_key' as const,
  credentials,
  fields,
});

describe('providers', () => {
  it('default fields and inject: bearer, basic, OAuth2; a pack inject replaces them', () => {
    const bearer = spec({ authType: 'bearer' });
    expect(checkCredentials(bearer, { token: 't0k3n' })).toEqual({ token: 't0k3n' });
    expect(injectFor(bearer, resolved({ token: 't0k3n' })).headers).toEqual({ Authorization: 'Bearer t0k3n' });
    const basic = spec({ authType: 'basic' });
    expect(() => checkCredentials(basic, { username: 'ada' })).toThrow(/credentials\.password is required/);
    expect(injectFor(basic, resolved({ username: 'ada', password: 'pw' })).headers).toEqual({ Authorization: `Basic ${btoa('ada:pw')}` });
    expect(injectFor(spec({ authType: 'oauth2_client_credentials' }), resolved({ accessToken: 'at' })).headers).toEqual({ Authorization: 'Bearer at' });
    const custom = spec({ inject: { headers: { 'X-Key': '{{credentials.apiKey}}' }, query: { account: '{{ connection.account }}' } } });
    expect(injectFor(custom, resolved({ apiKey: 'k' }, { account: 'acme' }))).toEqual({ headers: { 'X-Key': 'k' }, query: { account: 'acme' } });
  });
  it('templates read only credentials and connection; a missing value is empty; nothing else is a template', () => {
    expect(render('{{credentials.a}}-{{connection.b}}-{{credentials.none}}-{{inputs.x}}-{{constructor.name}}', resolved({ a: '1' }, { b: '2' }))).toBe(
      '1-2--{{inputs.x}}-{{constructor.name}}',
    );
    expect(render('{{credentials.toString}}', resolved({}))).toBe('');
  });
  it('optional fields may be left out; prototype names are ordinary unknown fields', () => {
    const s = spec({
      credentials: [
        { name: 'key', secret: true },
        { name: 'region', required: false },
      ],
    });
    expect(checkCredentials(s, { key: 'k' })).toEqual({ key: 'k' });
    expect(() => checkCredentials(s, { key: 'k', __proto__x: 'y' })).toThrow(/no credential field "__proto__x"/);
    expect(() => checkCredentials(s, JSON.parse('{"key":"k","__proto__":{"a":1}}'))).toThrow(/no credential field "__proto__"/);
    expect(() => checkCredentials(s, { key: '' })).toThrow(/credentials\.key is required/);
  });
  it('masks every occurrence of a secret', () => {
    expect(mask('token abcd1234 and abcd1234 again', ['abcd1234'])).toBe('token *** and *** again');
  });
  it('reads the server OAuth clients file strictly', () => {
    expect(parseOAuthClients('{"github":{"clientId":"id","clientSecret":"s"}}')).toEqual({ github: { clientId: 'id', clientSecret: 's' } });
    expect(() => parseOAuthClients('[]')).toThrow(/must be an object/);
    expect(() => parseOAuthClients('{"g":{"clientId":""}}')).toThrow(/"g" must have a clientId/);
    expect(() => parseOAuthClients('{"g":{"clientId":"a","secret":"s"}}')).toThrow(/unknown key "secret"/);
    expect(() => parseOAuthClients('{')).toThrow(/not JSON/);
  });
  it("the OAuth callback's code and state are masked in logged URLs (only there)", () => {
    expect(redactUrl('/api/connections/oauth/callback?code=c0de&state=st4te&x=1')).toBe('/api/connections/oauth/callback?code=***&state=***&x=1');
    expect(redactUrl('/webhooks/abc?code=1&state=open')).toBe('/webhooks/abc?code=1&state=open');
  });

  it("an oauth2_authorization_code pack asks the user for no field unless it declares clientId/clientSecret (the server's OAuth client)", () => {
    const doc = (credentials?: PackDocument['connection']['credentials']): PackDocument => ({
      packVersion: '1.0',
      metadata: { slug: 'social', name: 'Social', version: '1.0.0' },
      connection: {
        provider: 'social',
        authType: 'oauth2_authorization_code',
        ...(credentials ? { credentials } : {}),
        oauth2: { authorizationUrl: 'https://s.example/authorize', tokenUrl: 'https://s.example/token' },
      },
      defaults: { baseUrl: 'https://s.example' },
      nodes: [{ id: 'me', name: 'Me', request: { method: 'GET', path: '/me' } }],
    });
    for (const [d, names] of [
      [doc(), []],
      [doc([{ name: 'clientId' }, { name: 'clientSecret', secret: true }]), ['clientId', 'clientSecret']],
    ] as const) {
      expect(credentialFields(d.connection).map((f) => f.name)).toEqual(names);
      const lib = new PackLibrary();
      lib.add(d, digestOf(d), 'now');
      // What the server asks for (checkCredentials) is what the pack (and GET /api/packs) says.
      expect(fieldsOf(lib.provider('social')!).map((f) => f.name)).toEqual(names);
    }
    expect(credentialFields({ provider: 'm', authType: 'oauth2_client_credentials', oauth2: { tokenUrl: 'https://m.example/t' } }).map((f) => f.name)).toEqual([
      'clientId',
      'clientSecret',
    ]);
  });
});
