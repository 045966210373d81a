// What logs show of a URL: never the value of a token-like query parameter, however it is encoded.
import { describe, expect, it } from 'vitest';
import { eventJson, headersJson, redactUrl } from '../../src/server/redact.js';

describe('redactUrl', () => {
  it('masks token and access_token values, whatever the case or percent-encoding of the name', () => {
    expect(redactUrl('/api/events?token=dgo_secret&lastEventId=4')).toBe('/api/events?token=***&lastEventId=4');
    expect(redactUrl('/api/events?%74oken=dgo_secret')).toBe('/api/events?%74oken=***');
    expect(redactUrl('/x?a=1&TOK%45N=s&access_token=t&b=2')).toBe('/x?a=1&TOK%45N=***&access_token=***&b=2');
    expect(redactUrl('/x?token')).toBe('/x?token=***');
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
    const h = { host: 'x', authorization: 'Bearer a', Cookie: 's=1', 'X-Hub-Signature-256': 'sha256=f', 'x-webhook-signature': 'ab', 'proxy-authorization': 'p', 'x-api-key': 'k', 'set-cookie': ['a', 'b'] };
    expect(JSON.parse(headersJson(h))).toEqual({ host: 'x', authorization: '***', Cookie: '***', 'X-Hub-Signature-256': '***', 'x-webhook-signature': '***', 'proxy-authorization': '***', 'x-api-key': '***', 'set-cookie': ['a', 'b'] });
    const plain = { host: 'x', 'content-type': 'application/json' };
    expect(headersJson(plain)).toBe(JSON.stringify(plain));
  });
  it('writes an event with its keys in order and its headers masked; events without headers as they are', () => {
    const e = { body: { a: [1, 'two'] }, headers: { authorization: 'Bearer a', accept: '*/*' }, query: { q: '1' }, method: 'POST', url: '/w', skipped: undefined };
    expect(eventJson(e)).toBe('{"body":{"a":[1,"two"]},"headers":{"authorization":"***","accept":"*/*"},"query":{"q":"1"},"method":"POST","url":"/w"}');
    expect(eventJson({ inputs: { n: 1 } })).toBe('{"inputs":{"n":1}}');
    expect(JSON.parse(eventJson({ headers: 'not an object', body: null }))).toEqual({ headers: 'not an object', body: null });
  });
});
