// Browser tests: the real `dragops serve` (the built CLI and dashboard) on a free port with a fresh
// data folder, and Debian's Chromium driven by playwright-core (which never downloads a browser).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
const ROOT = new URL('../../', import.meta.url).pathname;

export interface Server {
  url: string;
  stop(): Promise<void>;
}

export async function startServer(): Promise<Server> {
  if (!existsSync(join(ROOT, 'dist/web/index.html'))) throw new Error('dist/web is missing: run `npm run build` first');
  const data = mkdtempSync(join(tmpdir(), 'dragops-e2e-'));
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'bin/dragops.js'), 'serve', '--port', '0', '--data', data], {
    // No drain delay: stop() waits 5 s for the exit.
    env: { ...process.env, DRAGOPS_LOG_LEVEL: 'warn', DRAGOPS_DRAIN_DELAY_MS: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`the server did not start in 15 s:\n${out}`)), 15_000);
    const read = (b: Buffer) => {
      out += b.toString();
      const m = /Dashboard: (http:\/\/\S+?)\/?\n/.exec(out);
      if (m) {
        clearTimeout(t);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', (b: Buffer) => {
      out += b.toString();
    });
    child.on('exit', (code) => {
      clearTimeout(t);
      reject(new Error(`the server exited (${code}):\n${out}`));
    });
  }).catch((e: unknown) => {
    child.kill('SIGKILL');
    rmSync(data, { recursive: true, force: true });
    throw e;
  });
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(data, { recursive: true, force: true });
    },
  };
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  errors: string[];
  close(): Promise<void>;
}

/** Chromium with a fresh profile, at 1280×800; `errors` collects console errors and page exceptions. */
export async function openBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'dragops-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    viewport: { width: 1280, height: 800 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(8000); // under the test timeout, so a miss names its locator
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  return {
    context,
    page,
    errors,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

const SHOTS = new URL('../../docs/screenshots/', import.meta.url).pathname;
/** Where a test writes a screenshot: docs/screenshots/ when it is missing there or UPDATE_SCREENSHOTS=1
 * asks for new ones, else a temporary folder (the committed ones stay as they are). */
export function shotPath(name: string): string {
  if (process.env.UPDATE_SCREENSHOTS === '1' || !existsSync(join(SHOTS, name))) {
    mkdirSync(SHOTS, { recursive: true });
    return join(SHOTS, name);
  }
  return join(mkdtempSync(join(tmpdir(), 'dragops-shot-')), name);
}
