// A mock service on 127.0.0.1 for pack tests: records every request and answers from a handler.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ResolvedConnection, ConnectionResolver } from '../../src/connections/port.js';
import { DragopsError } from '../../src/errors/error.js';

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

/** Test fixture: an in-memory ConnectionResolver (the real one is src/connections, built elsewhere). */
export function memoryResolver(connections: Record<string, { owner: string } & Omit<ResolvedConnection, 'id'>>): ConnectionResolver & { calls: number } {
  const r = {
    calls: 0,
    async resolve(owner: string, id: string): Promise<ResolvedConnection> {
      r.calls++;
      const c = Object.hasOwn(connections, id) ? connections[id] : undefined;
      if (!c || c.owner !== owner) throw new DragopsError('NOT_FOUND', `connection ${JSON.stringify(id)} not found`);
      if (c.provider === 'broken') throw new DragopsError('CONNECTION_ERROR' as never, `connection ${JSON.stringify(id)} needs to be reconnected`);
      return { id, provider: c.provider, authType: c.authType, credentials: c.credentials, fields: { id, ...c.fields } };
    },
  };
  return r;
}
