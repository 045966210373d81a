// The hostile suites' server: `dragops serve` as users run it (the built CLI, a fresh SQLite folder, a
// free port), in its own process, so that its memory can be measured and its death seen. An
// attacker is a signed-up user with an account; the helpers deploy their patterns and read history.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PatternDocument } from '../../src/pattern/schema.js';

const root = new URL('../../', import.meta.url).pathname;
const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Deployed {
  patternId: string;
  deploymentId: string;
  webhookUrl: string;
}

export interface HostileServer {
  base: string;
  proc: ChildProcess;
  /** The server's resident memory now, MB (from /proc). */
  rssMb(): number;
  alive(): boolean;
  output(): string;
  /** A new account (the first is the admin); returns its token. */
  signUp(name: string): Promise<string>;
  api(token: string, path: string, body?: unknown, method?: string): Promise<{ status: number; body: any }>;
  deploy(token: string, doc: PatternDocument): Promise<Deployed>;
  /** Waits until the run has ended (any status but running), or throws after `ms`. */
  waitRun(token: string, runId: string, ms: number): Promise<any>;
  stop(): Promise<void>;
}

export async function startHostile(args: string[] = []): Promise<HostileServer> {
  const data = mkdtempSync(join(tmpdir(), 'dragops-hostile-'));
  const port = await freePort();
  const proc = spawn(process.execPath, [join(root, 'bin/dragops.js'), 'serve', '--port', String(port), '--data', data, '--allow-signup', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DRAGOPS_LOG_LEVEL: 'error' },
  });
  let out = '';
  let exited = false;
  let stopping = false;
  proc.stdout!.on('data', (d) => {
    out += d;
  });
  proc.stderr!.on('data', (d) => {
    out += d;
  });
  // A server that dies under attack is the failure these suites look for: say how it died.
  proc.on('exit', (code, signal) => {
    exited = true;
    if (!stopping) console.error(`the server exited (${code ?? signal}):\n${out.slice(-4000)}`);
  });
  for (let i = 0; i < 150 && !out.includes('serving on') && !exited; i++) await sleep(100);
  if (!out.includes('serving on')) throw new Error(`the server did not start: ${out}`);
  const base = `http://127.0.0.1:${port}`;
  const api = async (token: string, path: string, body?: unknown, method?: string) => {
    const r = await fetch(base + path, {
      method: method ?? (body === undefined ? 'GET' : 'POST'),
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null };
  };
  let n = 0;
  return {
    base,
    proc,
    api,
    rssMb: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${proc.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024,
    alive: () => !exited,
    output: () => out,
    async signUp(name) {
      const r = await fetch(`${base}/api/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: `${name}-${n++}@example.test`, password: 'a long enough password', name }),
      });
      const body = (await r.json()) as any;
      if (r.status !== 201) throw new Error(`sign-up failed: ${r.status} ${JSON.stringify(body)}`);
      return body.data.token as string;
    },
    async deploy(token, doc) {
      const c = await api(token, '/api/patterns', doc);
      if (c.status !== 201) throw new Error(`create failed: ${JSON.stringify(c.body)}`);
      const d = await api(token, `/api/patterns/${c.body.data.id}/deploy`, {});
      if (d.status !== 201) throw new Error(`deploy failed: ${JSON.stringify(d.body)}`);
      return { patternId: c.body.data.id, deploymentId: d.body.data.deploymentId, webhookUrl: c.body.data.webhookUrl };
    },
    async waitRun(token, runId, ms) {
      const until = Date.now() + ms;
      for (;;) {
        const r = await api(token, `/api/runs/${runId}`);
        if (r.status === 200 && r.body.data.status !== 'running') return r.body.data;
        if (Date.now() > until) throw new Error(`run ${runId} still ${r.body?.data?.status ?? r.status} after ${ms} ms`);
        await sleep(100);
      }
    },
    async stop() {
      stopping = true;
      if (!exited) {
        proc.kill('SIGKILL');
        await new Promise((r) => proc.once('exit', r));
      }
      rmSync(data, { recursive: true, force: true });
    },
  };
}

/** Latencies (ms) of `count` sequential requests, one every `everyMs`. */
export async function latencies(send: () => Promise<unknown>, count: number, everyMs: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    await send();
    out.push(performance.now() - t);
    await sleep(everyMs);
  }
  return out;
}

export const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.99))]!;
