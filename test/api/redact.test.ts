// What logs show of a URL: never the value of a token-like query parameter, however it is encoded.
import { describe, expect, it } from 'vitest';
import { redactUrl } from '../../src/server/redact.js';

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
