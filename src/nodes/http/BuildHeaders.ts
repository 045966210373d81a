import { DragopsError, defineData, defineNode, toStringValue } from '../sdk/index.js';
import * as http from 'node:http';

export default defineNode({
  type: 'BuildHeaders',
  category: 'HTTP',
  label: 'Build Headers',
  description:
    'Makes a headers object for HTTP Request: the entries of `headers` with lower-case names (null values left out, other values as text, objects as JSON), then `contentType`, `accept`, and an `authorization` header from `bearerToken` (`Bearer …`) or from `basicUser` and `basicPassword` (`Basic` + base64 of user:password); empty pins add nothing and set pins override `headers`. A header name or value that HTTP cannot carry (a line break, a non-ASCII name) is an error, so data cannot inject extra headers. Giving both a bearer token and a basic user is an error.',
  inputs: [
    { id: 'headers', type: 'Object', default: {} },
    { id: 'contentType', type: 'String', default: '' },
    { id: 'accept', type: 'String', default: '' },
    { id: 'bearerToken', type: 'String', default: '' },
    { id: 'basicUser', type: 'String', default: '' },
    { id: 'basicPassword', type: 'String', default: '' },
  ],
  outputs: [{ id: 'result', type: 'Object' }],
  eval: (headers: Record<string, unknown> | null, contentType: string, accept: string, bearerToken: string, basicUser: string, basicPassword: string) => {
    const out: Record<string, unknown> = {};
    const set = (name: string, value: string, pin: string) => {
      try {
        http.validateHeaderName(name);
        http.validateHeaderValue(name, value);
      } catch (e) {
        throw new DragopsError('NODE_ERROR', `invalid header ${JSON.stringify(name.slice(0, 60))}: ${(e as Error).message}`, { cause: e, pin });
      }
      defineData(out, name, value);
    };
    if (headers !== null) {
      for (const k of Object.keys(headers)) {
        const v = headers[k];
        if (v !== null && v !== undefined) set(k.toLowerCase(), toStringValue(v), 'headers');
      }
    }
    if (contentType !== '') set('content-type', contentType, 'contentType');
    if (accept !== '') set('accept', accept, 'accept');
    if (bearerToken !== '' && basicUser !== '')
      throw new DragopsError('NODE_ERROR', 'give either a bearer token or basic credentials, not both', { pin: 'bearerToken' });
    if (bearerToken !== '') set('authorization', `Bearer ${bearerToken}`, 'bearerToken');
    if (basicUser !== '') set('authorization', `Basic ${Buffer.from(`${basicUser}:${basicPassword}`, 'utf8').toString('base64')}`, 'basicUser');
    return out;
  },
  examples: [
    {
      inputs: { headers: { 'X-Request-Id': 'abc' }, contentType: 'application/json', bearerToken: 'tok_123' },
      output: { 'x-request-id': 'abc', 'content-type': 'application/json', authorization: 'Bearer tok_123' },
    },
    { inputs: { basicUser: 'ada', basicPassword: 'pa:ss' }, output: { authorization: 'Basic YWRhOnBhOnNz' } },
  ],
});
