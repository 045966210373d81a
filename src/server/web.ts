// The dashboard: the built web app (dist/web, made by `npm run build`) served at `/`, with a fallback
// to index.html for the app's own routes (/patterns/…, /deployments/…). API, webhook and health
// routes are registered first and are exact or parametric, so they always win over the fallback;
// unknown /api and /webhooks paths, and missing files, still get the JSON 404.
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

/**
 * Where the built web app is, or null when it has not been built. Looked up from this module's own
 * place, which is dist/dragops.mjs in the bundle and src/server/web.ts under tsx.
 */
export function findWebDir(from: string = fileURLToPath(import.meta.url)): string | null {
  let dir = dirname(from);
  for (let i = 0; i < 4; i++) {
    const candidates = basename(dir) === 'dist' ? [join(dir, 'web')] : [join(dir, 'dist', 'web')];
    for (const c of candidates) if (existsSync(join(c, 'index.html'))) return c;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return null;
}

/** Paths that belong to the server, never to the web app: a miss there is a JSON 404. */
const SERVER_PATH = /^\/(api|webhooks)(\/|$)|^\/(healthz|readyz|metrics)$/;

export async function webRoutes(app: FastifyInstance, opts: { root: string }): Promise<void> {
  await app.register(async (web) => {
    await web.register(fastifyStatic, {
      root: opts.root,
      // One route per built file (the build does not change while serving), so that the fallback
      // below, not @fastify/static's wildcard, answers every other path.
      wildcard: false,
      cacheControl: false, // set below, per file
      setHeaders: (res, path) => {
        // Vite puts a content hash in every asset name: those never change. index.html always may.
        res.setHeader('cache-control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    web.get('/*', { schema: { hide: true } }, (req, reply) => {
      const path = req.url.split('?')[0]!;
      // A path with a file extension is a missing file, not a page of the app.
      if (SERVER_PATH.test(path) || /\.[a-z0-9]+$/i.test(path)) return reply.callNotFound();
      reply.header('cache-control', 'no-cache');
      return reply.sendFile('index.html');
    });
  });
}
