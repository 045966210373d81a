import { DragopsError, defineNode } from '../sdk/index.js';
import { checkText } from './shared.js';
import { parseQuery } from './query.js';

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443, 'ws:': 80, 'wss:': 443, 'ftp:': 21 };

export default defineNode({
  type: 'ParseURL',
  category: 'Data Formats',
  label: 'Parse URL',
  description:
    "Splits an absolute URL into its parts, as the WHATWG URL standard (browsers, Node) reads it: `protocol` without the colon (`https`), `host` with the port when one is written, `hostname` (lower-case; international names in punycode), `port` (the written port, else the scheme's default: 80, 443, 21; null when there is none), `path` (percent-encoded, `/` at least for web URLs), `query` (an object, as Parse Query String), `hash` (without `#`), `origin`. A text that is not an absolute URL is an error.",
  inputs: [{ id: 'url', type: 'String' }],
  outputs: [
    { id: 'protocol', type: 'String' },
    { id: 'host', type: 'String' },
    { id: 'hostname', type: 'String' },
    { id: 'port', type: 'Integer' },
    { id: 'path', type: 'String' },
    { id: 'query', type: 'Object' },
    { id: 'hash', type: 'String' },
    { id: 'origin', type: 'String' },
  ],
  eval: (url: string) => {
    checkText(url, 'url');
    let u: URL;
    try {
      u = new URL(url.trim());
    } catch (e) {
      const shown = url.length > 80 ? `${url.slice(0, 80)}…` : url;
      throw new DragopsError('NODE_ERROR', `not an absolute URL: ${JSON.stringify(shown)}`, { cause: e, pin: 'url' });
    }
    const port = u.port !== '' ? Number(u.port) : (DEFAULT_PORTS[u.protocol] ?? null);
    return {
      protocol: u.protocol.replace(/:$/, ''),
      host: u.host,
      hostname: u.hostname,
      port,
      path: u.pathname,
      query: parseQuery(u.search),
      hash: u.hash.replace(/^#/, ''),
      origin: u.origin === 'null' ? '' : u.origin,
    };
  },
  examples: [
    {
      inputs: { url: 'https://api.example.com:8443/v1/orders?status=open&tag=a&tag=b#top' },
      output: {
        protocol: 'https',
        host: 'api.example.com:8443',
        hostname: 'api.example.com',
        port: 8443,
        path: '/v1/orders',
        query: { status: 'open', tag: ['a', 'b'] },
        hash: 'top',
        origin: 'https://api.example.com:8443',
      },
    },
    {
      inputs: { url: 'http://Example.COM/a%20b' },
      output: { protocol: 'http', host: 'example.com', hostname: 'example.com', port: 80, path: '/a%20b', query: {}, hash: '', origin: 'http://example.com' },
    },
  ],
});
