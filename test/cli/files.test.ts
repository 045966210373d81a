// Patterns as files from the command line (SPEC §15) and the CLI's own rough edges (issue 14): the
// built `dragops`, run as a process against a real server and database, with its own config folder.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOk, hookPath, startServer, type Account, type TestServer } from '../api/harness.js';
import { dragops as run } from './spawn.js';

const root = new URL('../../', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'dragops-cli-files-'));
// Each test starts the CLI several times (about a second each on a busy machine).
const SLOW = 60_000;
const config = join(tmp, 'config');

describe('patterns as files, from the CLI', () => {
  let s: TestServer, bob: Account;
  /** The CLI signed in as `who` (the admin by default). */
  const dragops = (...args: string[]) => as(s.admin, ...args);
  const as = (who: Account, ...args: string[]) => {
    const env: NodeJS.ProcessEnv = { ...process.env, XDG_CONFIG_HOME: config, DRAGOPS_SERVER: s.url, DRAGOPS_TOKEN: who.token };
    return run(env, ...args);
  };
  const file = (dir: string, name: string, doc: unknown) => {
    mkdirSync(dir, { recursive: true });
    const p = join(dir, name);
    writeFileSync(p, JSON.stringify(doc, null, 2));
    return p;
  };
  const hello = (message: string, extra: Record<string, unknown> = {}) => ({
    format: 'dragops.pattern/1',
    name: 'Hello',
    ...extra,
    nodes: [
      { id: 'hook', type: 'OnWebhook', config: { responseMode: 'responseNode' } },
      { id: 'ok', type: 'RespondToWebhook', defaults: { status: 200, body: message } },
    ],
    wires: [{ from: { node: 'hook', pin: 'then' }, to: { node: 'ok', pin: 'exec' } }],
  });

  beforeAll(async () => {
    s = await startServer();
    bob = await s.newUser('Bob');
  });
  afterAll(async () => {
    await s?.stop();
  });

  it(
    '--help works for deploy, push and pull',
    async () => {
      for (const c of ['deploy', 'push', 'pull']) {
        const r = await dragops(c, '--help');
        expect(r.code).toBe(0);
        expect(r.out).toMatch(new RegExp(`Usage: dragops ${c}`));
      }
      expect((await dragops('push', '--help')).out).toMatch(/--dry-run/);
    },
    SLOW,
  );

  it(
    'deploy FILE twice: created, then updated — one pattern, one webhook URL, versions 1 and 2',
    async () => {
      const f = file(join(tmp, 'twice'), 'greeting.pattern.json', hello('one'));
      const first = await dragops('deploy', f);
      expect(first.code, first.err).toBe(0);
      expect(first.out).toMatch(/^created "Hello" \(greeting\): version 1 active\nwebhook: (http\S+)\n$/);
      const url = /webhook: (\S+)/.exec(first.out)![1]!;
      expect((await s.raw(new URL(url).pathname, { json: {} })).body).toBe('one');
      file(join(tmp, 'twice'), 'greeting.pattern.json', hello('two'));
      const second = await dragops('deploy', f, '--note', 'second');
      expect(second.code, second.err).toBe(0);
      expect(second.out).toBe(`updated "Hello" (greeting): version 2 active\nwebhook: ${url}\n`);
      expect((await s.raw(new URL(url).pathname, { json: {} })).body).toBe('two');
      expect(expectOk(await s.api('/api/patterns?search=Hello')).map((p: { id: string }) => p.id)).toEqual(['greeting']);
      const j = JSON.parse((await dragops('deploy', f, '--json')).out);
      expect(j.data).toMatchObject({ patternId: 'greeting', created: false, version: 3 });
    },
    SLOW,
  );

  it(
    'deploy FILE that does not compile: the errors, "did you mean Log?", exit 2, and no pattern left behind',
    async () => {
      const before = (await s.api('/api/patterns')).body.meta.total;
      const f = file(join(tmp, 'broken'), 'typo.pattern.json', { ...hello('x'), nodes: [...hello('x').nodes, { id: 'say', type: 'Logg' }] });
      const r = await dragops('deploy', f);
      expect(r.code).toBe(2);
      expect(r.err).toContain('error UNKNOWN_NODE_TYPE: node "say" has unknown type "Logg"; did you mean Log?');
      expect(r.err).toMatch(/dragops: COMPILE_FAILED: .*nothing was created/);
      expect((await s.api('/api/patterns/typo')).status).toBe(404);
      expect((await s.api('/api/patterns')).body.meta.total).toBe(before);
      // `check` offline says the same.
      const check = await dragops('check', f);
      expect(check.out + check.err).toContain('did you mean Log?');
    },
    SLOW,
  );

  it(
    "deploy: a missing file, a file that is not a document, another user's id: one clear line each",
    async () => {
      const missing = await dragops('deploy', 'nope/none.pattern.json');
      expect(missing.code).toBe(2);
      expect(missing.err).toBe('dragops: nope/none.pattern.json: no such file\n');
      const list = await dragops('deploy', file(join(tmp, 'bad'), 'list.pattern.json', [1, 2]));
      expect(list.err).toMatch(/list\.pattern\.json: not a pattern document/);
      const nameless = await dragops('deploy', file(join(tmp, 'bad'), 'my greeting.pattern.json', hello('x')));
      expect(nameless.code).toBe(2);
      expect(nameless.err).toMatch(/my greeting\.pattern\.json: no id to keep: give the document an "id"/);
      const badId = await dragops('deploy', file(join(tmp, 'bad'), 'bad-id.pattern.json', hello('x', { id: '../up' })));
      expect(badId.err).toMatch(/VALIDATION_ERROR: id "\.\.\/up" cannot be kept: a pattern id is 1 to 100 letters/);
      const taken = await as(bob, 'deploy', join(tmp, 'twice', 'greeting.pattern.json'));
      expect(taken.code).toBe(2);
      expect(taken.err).toMatch(/CONFLICT: pattern id "greeting" is taken by another user's pattern/);
    },
    SLOW,
  );

  it(
    'the examples invoice → tax-calculator deploy from their files and call through by id',
    async () => {
      const tax = await as(bob, 'deploy', 'examples/tax-calculator.pattern.json');
      expect(tax.code, tax.err).toBe(0);
      expect(tax.out).toMatch(/^created "Tax calculator" \(tax-calculator\): version 1 active\n$/);
      const invoice = await as(bob, 'deploy', 'examples/invoice.pattern.json');
      expect(invoice.code, invoice.err).toBe(0);
      expect(invoice.out).toMatch(/^created "Invoice" \(invoice\): version 1 active\n/);
      const url = /webhook: (\S+)/.exec(invoice.out)![1]!;
      expect((await s.raw(new URL(url).pathname, { json: { amount: 100 } })).body).toEqual({ amount: 100, tax: 20, total: 120 });
      expect((await as(bob, 'deploy', 'examples/invoice.pattern.json')).out).toMatch(/^updated "Invoice" \(invoice\): version 2 active/);
    },
    SLOW,
  );

  it(
    'push DIR: --dry-run changes nothing; then created, unchanged, updated; --json; bad files fail alone',
    async () => {
      const dir = join(tmp, 'push');
      mkdirSync(dir);
      for (const n of ['hello-world', 'fizzbuzz']) copyFileSync(join(root, 'examples', `${n}.pattern.json`), join(dir, `${n}.pattern.json`));
      file(dir, 'waver.pattern.json', hello('wave', { id: 'wave' }));
      const dry = await dragops('push', dir, '--dry-run');
      expect(dry.code, dry.err).toBe(0);
      expect(dry.out).toMatch(/would be created +hello-world/);
      expect(dry.out).toMatch(/3 patterns: 3 created, 0 updated, 0 unchanged, 0 failed \(dry run: nothing changed\)/);
      expect((await s.api('/api/patterns/hello-world')).status).toBe(404);
      expect(dry.err).toBe(
        `warning: ${join(dir, 'waver.pattern.json')}: its id "wave" is not its file name (waver.pattern.json): dragops run --patterns finds it as "waver", the server as "wave"; rename the file to wave.pattern.json\n`,
      );

      const first = await dragops('push', dir, '--json');
      expect(first.code, first.err).toBe(0);
      expect(JSON.parse(first.out)).toEqual({
        dryRun: false,
        patterns: [
          { file: join(dir, 'fizzbuzz.pattern.json'), id: 'fizzbuzz', action: 'created' },
          { file: join(dir, 'hello-world.pattern.json'), id: 'hello-world', action: 'created' },
          { file: join(dir, 'waver.pattern.json'), id: 'wave', action: 'created' },
        ],
      });
      expect(expectOk(await s.api('/api/patterns/wave')).deployment).toBeNull(); // drafts: push deploys nothing

      file(dir, 'waver.pattern.json', hello('wave again', { id: 'wave' }));
      file(dir, 'broken.pattern.json', { format: 'dragops.pattern/1', nodes: [{ id: 'a', type: 'OnStart', colour: 'red' }], wires: [] });
      const second = await dragops('push', dir);
      expect(second.code).toBe(1);
      expect(second.out).toMatch(/failed +broken +.*broken\.pattern\.json: .*colour/);
      expect(second.out).toMatch(/unchanged +hello-world/);
      expect(second.out).toMatch(/updated +wave/);
      expect(second.out).toMatch(/4 patterns: 0 created, 1 updated, 2 unchanged, 1 failed/);
      expect(expectOk(await s.api('/api/patterns/wave')).nodes[1].defaults.body).toBe('wave again');
    },
    SLOW,
  );

  it(
    'push DIR: two files with one id, or no folder, change nothing',
    async () => {
      const dir = join(tmp, 'dupes');
      file(dir, 'a.pattern.json', hello('a', { id: 'same' }));
      file(dir, 'same.pattern.json', hello('b'));
      const r = await dragops('push', dir);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/are both pattern "same"; nothing was pushed/);
      expect((await s.api('/api/patterns/same')).status).toBe(404);
      expect((await dragops('push', join(tmp, 'nowhere'))).err).toMatch(/no such folder/);
    },
    SLOW,
  );

  it(
    'pull DIR: one <id>.pattern.json per pattern in a stable key order; again: unchanged; run --patterns resolves calls from it',
    async () => {
      const dir = join(tmp, 'pulled');
      const dry = await as(bob, 'pull', dir, '--dry-run');
      expect(dry.code, dry.err).toBe(0);
      expect(dry.out).toMatch(/would be created +invoice/);
      expect(existsSync(dir)).toBe(false);
      const r = await as(bob, 'pull', dir);
      expect(r.code, r.err).toBe(0);
      expect(readdirSync(dir).sort()).toEqual(['invoice.pattern.json', 'tax-calculator.pattern.json']);
      const text = readFileSync(join(dir, 'tax-calculator.pattern.json'), 'utf8');
      expect(Object.keys(JSON.parse(text))).toEqual(['format', 'id', 'name', 'description', 'tags', 'nodes', 'wires']);
      expect(JSON.parse(text)).toEqual(JSON.parse(readFileSync(join(root, 'examples/tax-calculator.pattern.json'), 'utf8')));
      expect(text.endsWith('}\n')).toBe(true);
      const again = JSON.parse((await as(bob, 'pull', dir, '--json')).out);
      expect(again.patterns.map((p: { action: string }) => p.action)).toEqual(['unchanged', 'unchanged']);
      // The pulled folder runs offline exactly as on the server.
      const offline = await as(bob, 'run', join(dir, 'invoice.pattern.json'), '--event', '{"body":{"amount":100}}');
      expect(offline.code, offline.err).toBe(0);
      expect(JSON.parse(offline.out.trim().split('\n').pop()!).response.body).toEqual({ amount: 100, tax: 20, total: 120 });
      // A pulled folder pushed back is unchanged.
      expect((await as(bob, 'push', dir)).out).toMatch(/2 patterns: 0 created, 0 updated, 2 unchanged, 0 failed/);
    },
    SLOW,
  );
});

describe('CLI rough edges (issue 14)', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer();
  });
  afterAll(async () => {
    await s?.stop();
  });
  const env = () => ({ ...process.env, XDG_CONFIG_HOME: join(tmp, 'edges'), DRAGOPS_SERVER: s.url, DRAGOPS_TOKEN: s.admin.token });

  it(
    'status, runs and versions print tables with headers',
    async () => {
      const f = join(tmp, 'edges.pattern.json');
      writeFileSync(
        f,
        JSON.stringify({
          format: 'dragops.pattern/1',
          id: 'edges',
          name: 'Edge cases',
          nodes: [{ id: 'hook', type: 'OnWebhook', config: { responseMode: 'lastNode' } }],
          wires: [],
        }),
      );
      const d = await run(env(), 'deploy', f);
      expect(d.code, d.err).toBe(0);
      const p = expectOk(await s.api('/api/patterns/edges'));
      expect((await s.raw(hookPath(p), { json: {} })).status).toBe(200);

      const status = await run(env(), 'status');
      const [head, row] = status.out.trim().split('\n');
      expect(head).toMatch(/^PATTERN +STATUS +VERSION +TRIGGER +NAME$/);
      expect(row).toMatch(/^edges +active +1 +OnWebhook +Edge cases$/);
      expect(head!.indexOf('STATUS')).toBe(row!.indexOf('active'));

      const runs = await run(env(), 'runs', 'edges');
      const lines = runs.out.trim().split('\n');
      expect(lines[0]).toMatch(/^RUN +STATUS +VERSION +TRIGGER +STARTED +DURATION +ERROR$/);
      expect(lines[1]).toMatch(/^run_\w+ +completed +1 +webhook +\d{4}-/);
      expect(lines.at(-1)).toBe('1 of 1');
      expect((await run(env(), 'versions', 'edges')).out).toMatch(/^VERSION +DEPLOYED +NOTE\n1 +\d{4}-/);
    },
    SLOW,
  );

  it(
    'pause and resume name the pattern',
    async () => {
      const pause = await run(env(), 'pause', 'edges');
      expect(pause.out).toBe('paused "Edge cases" (edges), version 1\n');
      expect((await run(env(), 'resume', 'edges')).out).toBe('resumed "Edge cases" (edges), version 1\n');
    },
    SLOW,
  );

  it(
    'the README quickstart: deploy twice prints created, then updated, as shown',
    async () => {
      const shown = readFileSync(join(root, 'README.md'), 'utf8')
        .split('\n')
        .filter((l) => /^# (created|updated) /.test(l))
        .map((l) => l.slice(2));
      expect(shown).toHaveLength(2);
      const f = join(root, 'examples/w1-order-summary.pattern.json');
      for (const line of shown) {
        const r = await run(env(), 'deploy', f);
        expect(r.code, r.err).toBe(0);
        expect(r.out.split('\n')[0]).toBe(line);
      }
    },
    SLOW,
  );

  /** `dragops login` with standard input piped from `input`. */
  const login = (input: string, ...args: string[]) =>
    new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const e: NodeJS.ProcessEnv = { ...process.env, XDG_CONFIG_HOME: join(tmp, 'login') };
      delete e.DRAGOPS_PASSWORD;
      const child = spawn(process.execPath, [join(root, 'bin/dragops.js'), 'login', '--server', s.url, ...args], { cwd: root, env: e });
      let out = '',
        err = '';
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString();
      });
      child.stderr.on('data', (b: Buffer) => {
        err += b.toString();
      });
      child.on('close', (code) => resolve({ code, out, err }));
      child.stdin.end(input);
    });

  it(
    'login reads a piped password; a wrong one says what is wrong; none at all is a clear error',
    async () => {
      const ok = await login(`${s.admin.password}\n`, '--email', s.admin.email);
      expect(ok.code, ok.err).toBe(0);
      expect(ok.out).toMatch(/^signed in to http:\/\/127\.0\.0\.1:\d+ as /);
      const saved = JSON.parse(readFileSync(join(tmp, 'login', 'dragops', 'config.json'), 'utf8'));
      expect((await s.raw('/api/auth/me', { token: saved.token })).status).toBe(200);

      const wrong = await login('not the password\n', '--email', s.admin.email);
      expect(wrong.code).toBe(2);
      expect(wrong.err).toBe(`dragops: wrong email or password: ${s.url} has no account "${s.admin.email}" with this password\n`);
      expect(wrong.err).not.toMatch(/dragops login/);
      const none = await login('', '--email', s.admin.email);
      expect(none.code).toBe(2);
      expect(none.err).toMatch(/no password given/);
    },
    SLOW,
  );

  it(
    'login at a terminal asks for the password and does not echo it',
    async () => {
      if (!existsSync('/usr/bin/script')) return void console.warn('skipped: no /usr/bin/script to give the CLI a terminal');
      const secret = s.admin.password;
      const cmd = [process.execPath, join(root, 'bin/dragops.js'), 'login', '--server', s.url, '--email', s.admin.email].map((a) => `'${a}'`).join(' ');
      const r = await new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn('/usr/bin/script', ['-qec', cmd, '/dev/null'], { cwd: root, env: { ...process.env, XDG_CONFIG_HOME: join(tmp, 'tty') } });
        let out = '';
        child.stdout.on('data', (b: Buffer) => {
          out += b.toString();
          if (out.includes('Password for') && !child.stdin.writableEnded) child.stdin.end(`${secret}\r`);
        });
        child.on('close', (code) => resolve({ code, out }));
      });
      expect(r.out).toContain(`Password for ${s.admin.email}: `);
      expect(r.out).toMatch(/signed in to/);
      expect(r.out).not.toContain(secret);
      expect(r.code).toBe(0);
    },
    SLOW,
  );
});
