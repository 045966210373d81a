// `dragops serve` as users run it, in a child process (`node bin/dragops.js serve`), for the suites
// that kill it (-9) and start it again: durability.test.ts, crash-loop.test.ts. It needs the build
// (`npm run build`, done here when stale).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const root = new URL('../../', import.meta.url).pathname;

/** The newest modification time of the built files under `dir` (tests are not built). */
function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p));
    else if (!e.name.endsWith('.test.ts')) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

/** Builds dist/ when any source file is newer than the bundle (a type error elsewhere in the tree
 * does not stop tsc from emitting, so the bundle is made from what it emitted). */
export function ensureBuilt(): void {
  if (process.env.DRAGOPS_TEST_SKIP_BUILD) return; // the caller built it (or wants this dist/)
  const bundle = join(root, 'dist/dragops.mjs');
  let built = 0;
  try {
    built = statSync(bundle).mtimeMs;
  } catch {
    /* not built */
  }
  if (built > newest(join(root, 'src'))) return;
  const b = spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8', timeout: 240_000 });
  if (b.status !== 0) {
    const bundled = spawnSync(process.execPath, ['scripts/bundle.mjs'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    if (bundled.status !== 0) throw new Error(`npm run build failed:\n${b.stdout}\n${b.stderr}\n${bundled.stderr}`);
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface Child {
  proc: ChildProcess;
  url: string;
  output: () => string;
}

/** `dragops serve --port PORT --data DIR [args…]` in a child process; resolves once it is listening. */
export async function serve(dataDir: string, port: number, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<Child> {
  const proc = spawn(process.execPath, [join(root, 'bin/dragops.js'), 'serve', '--port', String(port), '--data', dataDir, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DRAGOPS_LOG_LEVEL: 'warn', ...env },
  });
  let out = '';
  proc.stdout!.on('data', (d) => {
    out += d;
  });
  proc.stderr!.on('data', (d) => {
    out += d;
  });
  const url = `http://127.0.0.1:${port}`;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${out}`)), 20_000);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code}:\n${out}`));
    });
    const check = () => {
      if (out.includes('dragops is serving on')) {
        clearTimeout(timer);
        resolve();
      } else setTimeout(check, 20);
    };
    check();
  });
  return { proc, url, output: () => out };
}

export function kill9(c: Child): Promise<void> {
  return new Promise((resolve) => {
    if (c.proc.exitCode !== null || c.proc.signalCode !== null) {
      resolve();
      return;
    }
    c.proc.once('exit', () => resolve());
    c.proc.kill('SIGKILL');
  });
}
