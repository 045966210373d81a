// What logs show of a URL: never the value of a token-like query parameter, however it is encoded.
import { describe, expect, it } from 'vitest';
import { redactUrl } from '../../src/server/redact.js';
import { eventJson, headersJson, queryJson } from '../../src/history/event.js';

describe('redactUrl', () => {
  it('masks token and access_token values, whatever the case or percent-encoding of the name', () => {
    expect(redactUrl('/api/events?token=dgo_secret&lastEventId=4')).toBe('/api/events?token=***&lastEventId=4');
    expect(redactUrl('/api/events?%74oken=dgo_secret')).toBe('/api/events?%74oken=***');
    expect(redactUrl('/x?a=1&TOK%45N=s&access_token=t&b=2')).toBe('/x?a=1&TOK%45N=***&access_token=***&b=2');
    expect(redactUrl('/x?token')).toBe('/x?token=***');
  });
  it('masks API-key-style parameters too (api_key, apikey, api-key, auth_token, client_secret, …), and returns the URL itself when nothing is masked', () => {
    expect(redactUrl('/w/1?api_key=k1&APIKEY=k2&Api-Key=k3&auth_token=t&client_secret=c&page=2')).toBe(
      '/w/1?api_key=***&APIKEY=***&Api-Key=***&auth_token=***&client_secret=***&page=2',
    );
    expect(redactUrl('/w/1?refresh_token=r&id_token=i&password=p&secret=s')).toBe('/w/1?refresh_token=***&id_token=***&password=***&secret=***');
    const plain = '/w/1?page=2&sort=desc&key=orders&tokens=3';
    expect(redactUrl(plain)).toBe(plain);
  });
  it('leaves other URLs as they are, including broken encodings', () => {
    expect(redactUrl('/api/patterns?search=token')).toBe('/api/patterns?search=token');
    expect(redactUrl('/x?%E0%A4%A=1')).toBe('/x?%E0%A4%A=1');
    expect(redactUrl('/plain')).toBe('/plain');
    expect(redactUrl(undefined)).toBeUndefined();
  });
});

describe('headersJson and eventJson (what the history keeps of a request)', () => {
  it('masks credentials, whatever the case of the name, and keeps the rest as JSON', () => {
    const h = {
      host: 'x',
      authorization: 'Bearer a',
      Cookie: 's=1',
      'X-Hub-Signature-256': 'sha256=f',
      'x-webhook-signature': 'ab',
      'proxy-authorization': 'p',
      'x-api-key': 'k',
      'set-cookie': ['a', 'b'],
    };
    expect(JSON.parse(headersJson(h))).toEqual({
      host: 'x',
      authorization: '***',
      Cookie: '***',
      'X-Hub-Signature-256': '***',
      'x-webhook-signature': '***',
      'proxy-authorization': '***',
      'x-api-key': '***',
      'set-cookie': ['a', 'b'],
    });
    const plain = { host: 'x', 'content-type': 'application/json' };
    expect(headersJson(plain)).toBe(JSON.stringify(plain));
  });
  it('masks credential-carrying headers: x-auth-token, x-access-token, api-key, x-gitlab-token, the timestamped signature', () => {
    const h = {
      'x-auth-token': 'a',
      'X-Access-Token': 'b',
      'x-api-token': 'c',
      'api-key': 'd',
      'x-gitlab-token': 'e',
      'x-dragops-signature': 't=1,v1=ab',
      'x-amz-security-token': 'f',
      'x-request-id': 'r',
    };
    expect(JSON.parse(headersJson(h))).toEqual({
      'x-auth-token': '***',
      'X-Access-Token': '***',
      'x-api-token': '***',
      'api-key': '***',
      'x-gitlab-token': '***',
      'x-dragops-signature': '***',
      'x-amz-security-token': '***',
      'x-request-id': 'r',
    });
  });
  it('queryJson masks credential parameters, whatever their case or - and _; no copy when there is none', () => {
    expect(JSON.parse(queryJson({ token: 't', Access_Token: 'a', 'api-key': 'k', apikey: 'k2', ' API_KEY ': 'k3', q: 'x' }))).toEqual({
      token: '***',
      Access_Token: '***',
      'api-key': '***',
      apikey: '***',
      ' API_KEY ': '***',
      q: 'x',
    });
    const plain = { q: 'token', page: '2', key: 'orders' };
    expect(queryJson(plain)).toBe(JSON.stringify(plain));
  });
  it('eventJson masks the query and the URL of a webhook event, keeping the key order', () => {
    const e = {
      body: null,
      headers: { 'x-auth-token': 'h' },
      query: { token: 'q1', api_key: 'q2', n: '1' },
      method: 'GET',
      url: '/webhooks/w?token=q1&api_key=q2&n=1',
    };
    expect(eventJson(e, 'null')).toBe(
      '{"body":null,"headers":{"x-auth-token":"***"},"query":{"token":"***","api_key":"***","n":"1"},"method":"GET","url":"/webhooks/w?token=***&api_key=***&n=1"}',
    );
    const clean = { body: { a: 1 }, headers: { accept: '*/*' }, query: { n: '1' }, method: 'POST', url: '/webhooks/w?n=1' };
    expect(eventJson(clean)).toBe(JSON.stringify(clean));
    expect(eventJson({ url: '/webhooks/w', query: {} })).toBe('{"url":"/webhooks/w","query":{}}');
  });
  it('writes an event with its keys in order and its headers masked; events without headers as they are', () => {
    const e = {
      body: { a: [1, 'two'] },
      headers: { authorization: 'Bearer a', accept: '*/*' },
      query: { q: '1' },
      method: 'POST',
      url: '/w',
      skipped: undefined,
    };
    expect(eventJson(e)).toBe('{"body":{"a":[1,"two"]},"headers":{"authorization":"***","accept":"*/*"},"query":{"q":"1"},"method":"POST","url":"/w"}');
    expect(eventJson({ inputs: { n: 1 } })).toBe('{"inputs":{"n":1}}');
    expect(JSON.parse(eventJson({ headers: 'not an object', body: null }))).toEqual({ headers: 'not an object', body: null });
  });
});
