// A real dragops server for the API suites: createServices + buildApp on a free port, spoken to over
// HTTP with fetch. The same suite runs on SQLite (a temporary data folder) and on PostgreSQL
// (127.0.0.1:5432, database `test`, a schema of its own that is dropped afterwards).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHmac, randomBytes } from 'node:crypto';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { createServices, defaultConfig, type ServerConfig, type Services } from '../../src/server/services.js';
import { buildApp } from '../../src/api/app.js';
import { ERRORS } from '../../src/errors/catalog.js';
import type { PatternDocument } from '../../src/pattern/schema.js';
import { pattern as doc } from '../helpers.js';

export type Backend = 'sqlite' | 'postgres';
export const PG_URL = process.env.DRAGOPS_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
/** Every suite that runs on both stores uses `describe.each(BACKENDS)`. */
export const BACKENDS: Backend[] = ['sqlite', 'postgres'];
/** scrypt at its cheapest: tests make many accounts. */
export const CHEAP_COST = { N: 1024, r: 8, p: 1 };
export const silentLog = { info: () => {}, error: () => {} };
/** A log that keeps errors, for suites that assert the server logged none. */
export function recordingLog() {
  const errors: unknown[] = [];
  return {
    errors,
    info: () => {},
    error: (o: unknown, m?: string) => {
      errors.push({ o, m });
    },
  };
}

export interface Reply<T = any> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export interface RequestOptions {
  method?: string;
  token?: string | null;
  /** A JSON value (sent as application/json), unless `raw` is given. */
  json?: unknown;
  /** A raw body, sent as is with `contentType`. */
  raw?: string | Buffer | Uint8Array;
  contentType?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** One HTTP request; the answer's body is parsed as JSON when it is JSON. */
export async function request<T = any>(base: string, path: string, o: RequestOptions = {}): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...o.headers };
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  let body: string | Uint8Array | undefined;
  if (o.raw !== undefined) {
    body = typeof o.raw === 'string' ? o.raw : new Uint8Array(o.raw);
    if (o.contentType) headers['content-type'] = o.contentType;
  } else if (o.json !== undefined) {
    body = JSON.stringify(o.json);
    headers['content-type'] = o.contentType ?? 'application/json';
  }
  const res = await fetch(base + path, { method: o.method ?? (body === undefined ? 'GET' : 'POST'), headers, body, ...(o.signal ? { signal: o.signal } : {}) });
  const text = await res.text();
  let parsed: unknown = text;
  if (/json/i.test(res.headers.get('content-type') ?? '') && text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  return { status: res.status, body: parsed as T, text, headers: res.headers };
}

export interface TestServer {
  backend: Backend;
  url: string;
  services: Services;
  app: FastifyInstance;
  dataDir: string;
  /** The first user (an admin), registered on start. */
  admin: Account;
  /** Requests as the admin. */
  api<T = any>(path: string, o?: RequestOptions): Promise<Reply<T>>;
  /** Requests as anyone (no token unless given). */
  raw<T = any>(path: string, o?: RequestOptions): Promise<Reply<T>>;
  /** Creates a user through the admin and returns it logged in. */
  newUser(name?: string): Promise<Account>;
  stop(): Promise<void>;
}

export interface Account {
  token: string;
  user: { id: string; email: string; name: string; role: string; createdAt: string };
  email: string;
  password: string;
  api<T = any>(path: string, o?: RequestOptions): Promise<Reply<T>>;
}

let seq = 0;
export const uniqueEmail = (who = 'user') => `${who}-${Date.now().toString(36)}-${process.pid}-${seq++}@example.test`;

/** Starts a real server on a free port; registers the admin unless `register: false`. */
export async function startServer(
  opts: {
    backend?: Backend;
    config?: Partial<ServerConfig>;
    log?: { info(o: unknown, m?: string): void; error(o: unknown, m?: string): void };
    register?: boolean;
  } = {},
): Promise<TestServer> {
  const backend = opts.backend ?? 'sqlite';
  const dataDir = mkdtempSync(join(tmpdir(), 'dragops-api-'));
  const schema = backend === 'postgres' ? `api_${Date.now().toString(36)}_${process.pid}_${randomBytes(3).toString('hex')}` : undefined;
  const config = defaultConfig({
    dataDir,
    passwordCost: CHEAP_COST,
    port: 0,
    ...(backend === 'postgres' ? { databaseUrl: PG_URL, databaseSchema: schema } : {}),
    ...opts.config,
  });
  const services = await createServices(config, opts.log ?? silentLog);
  const app = await buildApp(services);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  const url = `http://127.0.0.1:${port}`;
  const raw = <T = any>(path: string, o: RequestOptions = {}) => request<T>(url, path, o);
  const account = (token: string, user: Account['user'], email: string, password: string): Account => ({
    token,
    user,
    email,
    password,
    api: <T = any>(path: string, o: RequestOptions = {}) => request<T>(url, path, { token, ...o }),
  });

  let admin: Account | undefined;
  if (opts.register !== false) {
    const email = uniqueEmail('admin'),
      password = 'correct horse battery';
    const r = await raw('/api/auth/register', { json: { email, password, name: 'Admin' } });
    if (r.status !== 201) throw new Error(`registering the admin failed: ${r.status} ${r.text}`);
    admin = account(r.body.data.token, r.body.data.user, email, password);
  }
  let stopped = false;
  const server: TestServer = {
    backend,
    url,
    services,
    app,
    dataDir,
    get admin() {
      if (!admin) throw new Error('no admin: started with register: false');
      return admin;
    },
    api: (path, o = {}) => request(url, path, { token: admin?.token, ...o }),
    raw,
    async newUser(name = 'User') {
      const email = uniqueEmail(name.toLowerCase()),
        password = `pw-${randomBytes(6).toString('hex')}`;
      const r = await request(url, '/api/auth/register', { token: admin?.token, json: { email, password, name } });
      if (r.status !== 201) throw new Error(`creating a user failed: ${r.status} ${r.text}`);
      // Log in as the user (register returns a token for the new user).
      return account(r.body.data.token, r.body.data.user, email, password);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await app.close();
      await services.close();
      if (backend === 'postgres') {
        const c = new pg.Client({ connectionString: PG_URL });
        await c.connect();
        try {
          await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        } finally {
          await c.end();
        }
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return server;
}

// ── Assertions on the SPEC §9 envelope ─────────────────────────────────────────────────────────

/** Asserts `{success:false,error:{code,message[,details]}}` with a catalogued code and its status. */
export function expectError(r: Reply, status: number, code: string): void {
  const where = `${r.status} ${r.text.slice(0, 500)}`;
  if (r.status !== status) throw new Error(`expected ${status} ${code}, got ${where}`);
  const b = r.body as { success?: unknown; error?: { code?: unknown; message?: unknown } };
  if (typeof b !== 'object' || b === null || b.success !== false || typeof b.error !== 'object' || b.error === null)
    throw new Error(`not an error envelope: ${where}`);
  if (b.error.code !== code) throw new Error(`expected code ${code}, got ${where}`);
  if (typeof b.error.message !== 'string' || b.error.message.length === 0) throw new Error(`error without a message: ${where}`);
  if (!Object.hasOwn(ERRORS, code)) throw new Error(`${code} is not in the error catalog`);
  for (const k of Object.keys(b)) if (k !== 'success' && k !== 'error') throw new Error(`unexpected key ${k} in ${where}`);
  for (const k of Object.keys(b.error))
    if (!['code', 'message', 'details', 'runId', 'type', 'nodeId', 'pin'].includes(k)) throw new Error(`unexpected error key ${k} in ${where}`);
}

/** Asserts `{success:true,data}` with the status and returns `data`. */
export function expectOk<T = any>(r: Reply, status = 200): T {
  if (r.status !== status || (r.body as { success?: unknown })?.success !== true)
    throw new Error(`expected ${status} success, got ${r.status} ${r.text.slice(0, 800)}`);
  return (r.body as { data: T }).data;
}

// ── Pattern documents ──────────────────────────────────────────────────────────────────────────

/** `doc([nodes], ['a.then -> b.exec', 'x.result -> y.a'], extra)`: the shared builder of test/helpers.ts. */
export { doc };

/** OnWebhook → RespondToWebhook answering `body` (a constant) with `status`. */
export const respondDoc = (body: unknown, extra: Partial<PatternDocument> = {}, status = 200) =>
  doc(
    [
      { id: 'hook', type: 'OnWebhook', config: { responseMode: 'responseNode' } },
      { id: 'respond', type: 'RespondToWebhook', defaults: { status, body } },
    ],
    ['hook.then -> respond.exec'],
    { name: 'respond', ...extra },
  );

/** OnWebhook → RespondToWebhook echoing the request body. */
export const echoDoc = (config: Record<string, unknown> = {}, extra: Partial<PatternDocument> = {}) =>
  doc(
    [
      { id: 'hook', type: 'OnWebhook', config: { responseMode: 'responseNode', ...config } },
      { id: 'respond', type: 'RespondToWebhook' },
    ],
    ['hook.then -> respond.exec', 'hook.body -> respond.body'],
    { name: 'echo', ...extra },
  );

/** OnWebhook (immediate) → Delay(seconds) → Log. */
/** A webhook pattern that fails unless the body says {"ok": true}, by an outage (an HTTP request to a
 * closed port: HTTP_REQUEST_FAILED, fault `external`), with these circuit breaker settings. */
export const flakyDoc = (circuitBreaker: Record<string, unknown>) =>
  doc(
    [
      { id: 'hook', type: 'OnWebhook', config: { responseMode: 'lastNode' } },
      { id: 'ok', type: 'GetProperty', defaults: { key: 'ok' } },
      { id: 'b', type: 'ToBoolean' },
      { id: 'if', type: 'Branch' },
      { id: 'fail', type: 'HTTPRequest', defaults: { url: 'http://127.0.0.1:1/down', timeoutSeconds: 5 } },
      { id: 'log', type: 'Log', defaults: { message: 'fine' } },
    ],
    ['hook.then -> if.exec', 'hook.body -> ok.object', 'ok.value -> b.value', 'b.result -> if.condition', 'if.false -> fail.exec', 'if.true -> log.exec'],
    { name: 'flaky', settings: { circuitBreaker } },
  );

export const delayedDoc = (seconds: number, mode = 'immediate') =>
  doc(
    [
      { id: 'hook', type: 'OnWebhook', config: { responseMode: mode } },
      { id: 'wait', type: 'Delay', defaults: { seconds } },
      { id: 'log', type: 'Log', defaults: { message: 'done' } },
    ],
    ['hook.then -> wait.exec', 'wait.then -> log.exec'],
    { name: `delay ${seconds}` },
  );

/** A document that is schema-valid but does not compile (a Log without its message). */
export const brokenDoc = () =>
  doc(
    [
      { id: 'hook', type: 'OnWebhook' },
      { id: 'log', type: 'Log' },
      { id: 'ghost', type: 'NoSuchNode' },
    ],
    ['hook.then -> log.exec'],
    { name: 'broken' },
  );

// ── Helpers over the API ───────────────────────────────────────────────────────────────────────

export interface PatternResource {
  id: string;
  webhookId: string;
  webhookUrl: string;
  webhookSecret: string;
  revision: number;
  [k: string]: any;
}

export async function createPattern(a: { api: TestServer['api'] }, d: unknown): Promise<PatternResource> {
  return expectOk<PatternResource>(await a.api('/api/patterns', { json: d }), 201);
}

/** Replaces the draft (no revision check) and deploys it; returns the deploy answer's data. */
export async function saveAndDeploy(a: { api: TestServer['api'] }, id: string, d: unknown, note?: string) {
  expectOk(await a.api(`/api/patterns/${id}`, { method: 'PUT', json: d }));
  return expectOk(await a.api(`/api/patterns/${id}/deploy`, { json: note === undefined ? {} : { note } }), 201);
}

/** Creates and deploys a pattern; returns the pattern resource. */
export async function deployed(a: { api: TestServer['api'] }, d: unknown): Promise<PatternResource> {
  const p = await createPattern(a, d);
  expectOk(await a.api(`/api/patterns/${p.id}/deploy`, { json: {} }), 201);
  return p;
}

/** The path part of a webhook URL. */
export const hookPath = (p: { webhookUrl: string }) => new URL(p.webhookUrl).pathname;

export const sign = (secret: string, body: string | Buffer) => createHmac('sha256', secret).update(body).digest('hex');

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `f` until it returns a truthy value (or throws after `ms`). */
export async function eventually<T>(f: () => Promise<T | undefined | null | false>, ms = 5000, every = 25): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await f();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`not within ${ms} ms${last ? `: ${(last as Error).message}` : ''}`);
    await sleep(every);
  }
}

/** The runs of a pattern's deployment, newest first. */
export async function runsOf(
  a: { api: TestServer['api'] },
  patternId: string,
  query = '',
): Promise<{ data: any[]; meta: { total: number; limit: number; offset: number } }> {
  const d = expectOk(await a.api(`/api/patterns/${patternId}/deployment`));
  const r = await a.api(`/api/deployments/${d.id}/runs${query ? `?${query}` : ''}`);
  expectOk(r);
  return r.body;
}
