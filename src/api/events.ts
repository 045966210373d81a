// Live events (SPEC §9 GET /api/events): server-sent events of deployment changes and execution
// starts and ends, each to its owner only, with reconnection: every event has an id, the last 1000
// are kept, and a client reconnecting with Last-Event-ID gets what it missed.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../server/services.js';
import { ApiError } from './errors.js';
import { authenticate, SIGN_IN_AGAIN } from './auth.js';
import { Query, type TypeBoxProvider } from './schema.js';
import { owns } from './owner.js';
import type { LiveEvent } from '../deploy/event-hub.js';

/** Bytes of events a subscriber may leave unread: past it the connection is closed (an EventSource
 * reconnects with Last-Event-ID and gets what it missed from the last 1000 events), so a client
 * that never reads costs this much, not everything the server ever sends it. */
export const MAX_UNREAD_BYTES = 1024 * 1024;

export async function eventRoutes(root: FastifyInstance, s: Services): Promise<void> {
  const app = root.withTypeProvider<TypeBoxProvider>();
  app.get('/api/events', { schema: { querystring: Query('token', 'lastEventId') } }, async (req, reply) => {
    // EventSource cannot send headers, so the token may also come as ?token=.
    let user = req.user;
    const q = req.query.token;
    if (!user && q) user = (await authenticate(s, q))?.user ?? null;
    if (!user) throw new ApiError('UNAUTHORIZED', q ? SIGN_IN_AGAIN : 'sign in first: Authorization: Bearer <token>, or ?token= for EventSource');
    const subscriber = user;
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    const send = (e: LiveEvent) => {
      if (!owns(subscriber, e.ownerId) || res.destroyed) return;
      if (res.writableLength > MAX_UNREAD_BYTES) {
        res.destroy();
        return;
      }
      res.write(`id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(e.data)}\n\n`);
    };
    res.write('retry: 2000\n\n');
    const last = Number(req.headers['last-event-id'] ?? req.query.lastEventId ?? NaN);
    if (Number.isFinite(last)) for (const e of s.events.since(last)) send(e);
    const unsubscribe = s.events.subscribe(send);
    const ping = setInterval(() => {
      if (res.writableLength > MAX_UNREAD_BYTES) res.destroy();
      else res.write(': ping\n\n');
    }, 15_000);
    const stop = () => {
      clearInterval(ping);
      unsubscribe();
    };
    req.raw.on('close', stop);
    res.on('close', stop);
  });
}
