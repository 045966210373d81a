// Benchmark: W1 through dragops' webhook pipeline in-process, without the network: the request
// handler dragops' HTTP server calls (routing, body, checks, execution, node log, history in SQLite,
// metrics, live events) fed with in-memory requests, 10 in flight, against the hand-written W1
// handler of bench/servers/w1-handler.mjs (node:http baseline) on the same in-memory requests, alternating.
// This is the part of `bench/http.mjs`'s per-request cost that is dragops' own, measured without
// the kernel's share (which is the same for both servers and the noisiest part of the machine).
//   node bench/pipeline.mjs [requests per round, default 20000] [rounds, default 7]
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createServices, defaultConfig } from '../dist/server/services.js';
import { buildApp } from '../dist/api/app.js';
import { WebhookServer } from '../dist/triggers/webhook.js';
import { median, round } from './lib/measure.mjs';
import { handleW1 } from './servers/w1-handler.mjs';

const root = new URL('..', import.meta.url).pathname;
const n = Number(process.argv[2] ?? 20_000);
const rounds = Number(process.argv[3] ?? 7);
const raw = readFileSync(join(root, 'examples/w1/body-gold.json'));
const expected = JSON.parse(readFileSync(join(root, 'examples/w1/expected.json'), 'utf8'))['body-gold.json'];

/** What node:http hands a handler, in memory: a readable body, headers, method and URL. */
function request(url) {
  const req = Readable.from([raw], { objectMode: false });
  req.headers = { host: '127.0.0.1:3000', 'content-type': 'application/json', 'content-length': String(raw.length) };
  req.rawHeaders = Object.entries(req.headers).flat();
  req.method = 'POST';
  req.url = url;
  return req;
}
function response(done) {
  return {
    headersSent: false,
    destroyed: false,
    status: 0,
    body: undefined,
    writeHead(status, headers) {
      this.status = status;
      this.headers = headers;
      this.headersSent = true;
      return this;
    },
    end(body) {
      this.body = body;
      done(this);
    },
  };
}

/** `count` requests through `handle`, 10 in flight; milliseconds. Each next request arrives in a
 * later turn of the event loop, as it does from a socket (timers and immediates run between). */
function drive(handle, url, count) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    let started = 0,
      finished = 0;
    const next = () => {
      if (started === count) return;
      started++;
      handle(
        request(url),
        response(() => {
          if (++finished === count) resolve(performance.now() - t0);
          else setImmediate(next);
        }),
      );
    };
    for (let i = 0; i < 10; i++) next();
  });
}

export async function benchPipeline() {
  const data = mkdtempSync(join(tmpdir(), 'dragops-pipeline-'));
  const s = await createServices(defaultConfig({ dataDir: data, passwordCost: { N: 1024, r: 8, p: 1 } }), { error: (o) => console.error(o), info: () => {} });
  const app = await buildApp(s);
  try {
    const call = async (method, url, payload, token) => {
      const r = await app.inject({ method, url, payload, headers: token ? { authorization: `Bearer ${token}` } : {} });
      if (r.statusCode >= 300) throw new Error(`${method} ${url}: ${r.body}`);
      return r.json().data;
    };
    const { token } = await call('POST', '/api/auth/register', { email: 'bench@example.com', password: 'bench password 1', name: 'Bench' });
    const doc = JSON.parse(readFileSync(join(root, 'examples/w1-order-summary.pattern.json'), 'utf8'));
    const p = await call('POST', '/api/patterns', doc, token);
    await call('POST', `/api/patterns/${p.id}/deploy`, {}, token);
    const webhooks = new WebhookServer({
      activity: s.activity,
      engine: s.engine,
      store: s.store,
      queue: s.queue,
      bodyLimit: s.config.webhookBodyLimit,
      log: { error: (o) => console.error(o) },
    });
    const url = `/webhooks/${p.webhookId}`;
    for (const [name, handle] of [
      ['dragops', (q, r) => webhooks.handle(q, r)],
      ['hand-written', handleW1],
    ]) {
      const answer = await new Promise((r) => handle(request(url), response(r)));
      if (answer.status !== 200 || JSON.stringify(JSON.parse(answer.body)) !== JSON.stringify(expected))
        throw new Error(`${name} answers W1 wrongly: ${answer.status} ${answer.body}`);
    }
    const a = [],
      b = [];
    for (let r = 0; r < rounds + 2; r++) {
      const ta = await drive((q, x) => webhooks.handle(q, x), url, n);
      await s.history.flush();
      const tb = await drive(handleW1, url, n);
      if (r >= 2) {
        a.push(ta);
        b.push(tb);
      }
    }
    const runs = await s.store.countRuns?.(p.id);
    return {
      requests: n,
      rounds,
      dragopsUsPerRequest: round((median(a) * 1000) / n, 1),
      handWrittenUsPerRequest: round((median(b) * 1000) / n, 1),
      ratio: round(median(a) / median(b), 2),
      ...(runs === undefined ? {} : { runsRecorded: runs }),
    };
  } finally {
    await app.close();
    await s.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await benchPipeline());
}
