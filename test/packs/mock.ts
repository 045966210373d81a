// A mock service on 127.0.0.1 for pack tests: records every request and answers from a handler.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Seen {
  method: string;
  path: string;
  query: [string, string][];
  headers: IncomingHttpHeaders;
  body: string;
}
export interface Answer {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface MockService {
  url: string;
  seen: Seen[];
  handle: (req: Seen, n: number) => Answer | Promise<Answer>;
  close(): Promise<void>;
}

export async function mockService(handle: MockService['handle'] = () => ({ body: {} })): Promise<MockService> {
  const m: MockService = { url: '', seen: [], handle, close: async () => {} };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const u = new URL(req.url ?? '/', 'http://x');
      const seen: Seen = {
        method: req.method ?? '',
        path: u.pathname,
        query: [...u.searchParams],
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      m.seen.push(seen);
      const a = await m.handle(seen, m.seen.length);
      const body = a.body === undefined ? '' : typeof a.body === 'string' ? a.body : JSON.stringify(a.body);
      res.writeHead(a.status ?? 200, { 'content-type': typeof a.body === 'string' ? 'text/plain' : 'application/json', ...a.headers });
      res.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  m.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  m.close = () => new Promise((r) => server.close(() => r()));
  return m;
}
