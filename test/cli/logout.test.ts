// `dragops login` then `dragops logout` against a real server: the saved session is revoked on the
// server, not only forgotten on disk. The built CLI, run as a user runs it, with its own config folder.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectOk, startServer, type TestServer } from '../api/harness.js';
import { dragops as run } from './spawn.js';

const config = mkdtempSync(join(tmpdir(), 'dragops-cli-logout-'));
const configFile = join(config, 'dragops', 'config.json');

/** The CLI with its own config folder (no token or server from this environment). */
function dragops(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_CONFIG_HOME: config };
  delete env.DRAGOPS_TOKEN;
  delete env.DRAGOPS_SERVER;
  return run(env, ...args);
}

describe('dragops logout', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer();
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('revokes the saved session on the server and removes it from the config; a second logout says there is none', async () => {
    const login = await dragops('login', '--email', s.admin.email, '--password', s.admin.password, '--server', s.url);
    expect(login.code, login.err).toBe(0);
    const saved = JSON.parse(readFileSync(configFile, 'utf8')) as { server: string; token: string };
    expectOk(await s.raw('/api/auth/me', { token: saved.token }));

    const out = await dragops('logout');
    expect(out.code, out.err).toBe(0);
    expect(out.out).toMatch(/signed out: the token is revoked; the saved login is removed/);
    expectError(await s.raw('/api/auth/me', { token: saved.token }), 401, 'UNAUTHORIZED');
    expect(existsSync(configFile)).toBe(true);
    expect(JSON.parse(readFileSync(configFile, 'utf8'))).toEqual({ server: s.url });

    const again = await dragops('logout');
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/not signed in/);
    // Another user's sessions are untouched.
    expectOk(await s.api('/api/auth/me'));
  });

  it('--token revokes that token; one already revoked is reported, not an error', async () => {
    const t = expectOk(await s.api('/api/tokens', { json: { name: 'script' } }), 201).token as string;
    const first = await dragops('logout', '--token', t, '--server', s.url);
    expect(first.code, first.err).toBe(0);
    expect(first.out).toMatch(/^signed out: the token is revoked\n$/);
    expectError(await s.raw('/api/auth/me', { token: t }), 401, 'UNAUTHORIZED');
    const second = await dragops('logout', '--token', t, '--server', s.url);
    expect(second.code, second.err).toBe(0);
    expect(second.out).toMatch(/already revoked or expired/);
  });
});
