// The HTTP server of `dragops serve`, listening from the first moment of start-up: while migrations
// run and deployments load, `/healthz` already answers 200 (the process is alive: a liveness probe
// must not kill a long migration), `/readyz` answers 503 `starting`, and every other request a 503
// SERVER_STARTING with Retry-After. Once the app is built it takes over the same server (Fastify's
// serverFactory + ready(), without Fastify's listen), so the port is never let go in between.
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { SECURITY_HEADERS } from './security-headers.js';
import { ApiError } from '../api/errors.js';

export class Listener {
  readonly server: Server;
  private handler: RequestListener;

  constructor(opts: { database: 'sqlite' | 'postgres' }) {
    this.handler = startingHandler(opts.database);
    this.server = createServer((req, res) => this.handler(req, res));
    this.server.keepAliveTimeout = 72_000; // Fastify's default, which it sets only on servers it makes
  }

  /** Listens on `port` (0: any free one); resolves to the base URL, e.g. http://127.0.0.1:3000. */
  listen(port: number, host: string): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const a = this.server.address();
        if (a === null || typeof a === 'string') return resolve(String(a));
        resolve(`http://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}`);
      });
    });
  }

  /** Hands every request from now on to the app (called once it is ready). */
  use(handler: RequestListener): void {
    this.handler = handler;
  }

  /** Stops accepting connections; resolves once the open ones have ended. */
  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function startingHandler(database: 'sqlite' | 'postgres'): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
      res.end(req.method === 'HEAD' ? undefined : JSON.stringify(body));
    };
    // The request body, if any, is not read: drained so that a keep-alive connection stays usable.
    req.resume();
    if (path === '/healthz') return send(200, { status: 'ok', database });
    if (path === '/readyz') return send(503, { status: 'starting' });
    send(503, new ApiError('SERVER_STARTING', 'the server is starting; try again in a moment').body(), { 'retry-after': '1' });
  };
}
