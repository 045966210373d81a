// The CLI's connection to a server: --server/--token flags, else DRAGOPS_SERVER/DRAGOPS_TOKEN, else
// what `dragops login` saved in the user's config folder.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from './io.js';

export interface Remote {
  server: string;
  token: string | undefined;
}

export const configFile = () => join(process.env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'dragops', 'config.json');

export function savedConfig(): { server?: string; token?: string } {
  try {
    return JSON.parse(readFileSync(configFile(), 'utf8'));
  } catch {
    return {};
  }
}

export function saveConfig(c: { server: string; token: string }): string {
  const file = configFile();
  mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
  writeFileSync(file, JSON.stringify(c, null, 2) + '\n', { mode: 0o600 });
  return file;
}

/** Removes the saved token (keeping the saved server); true when there was one. */
export function forgetToken(): boolean {
  const saved = savedConfig();
  if (saved.token === undefined) return false;
  const { token: _t, ...rest } = saved;
  writeFileSync(configFile(), JSON.stringify(rest, null, 2) + '\n', { mode: 0o600 });
  return true;
}

export function remoteOf(opts: { server?: string; token?: string }): Remote {
  const saved = savedConfig();
  const server = (opts.server ?? process.env.DRAGOPS_SERVER ?? saved.server ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
  return { server, token: opts.token ?? process.env.DRAGOPS_TOKEN ?? saved.token };
}

/** Adds --server, --token and --json to a server command. */
export function withServer(c: Command): Command {
  return c
    .option('--server <url>', 'server URL (default: $DRAGOPS_SERVER, the saved login, or http://127.0.0.1:3000)')
    .option('--token <token>', 'API token (default: $DRAGOPS_TOKEN or the saved login)')
    .option('--json', "print the server's JSON answer");
}

export async function call(r: Remote, method: string, path: string, body?: unknown): Promise<any> {
  let res: Response;
  try {
    res = await fetch(r.server + path, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(r.token ? { authorization: `Bearer ${r.token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (e) {
    throw new UsageError(
      `cannot reach ${r.server} (${(e as Error & { cause?: Error }).cause?.message ?? (e as Error).message}); is \`dragops serve\` running? (--server to point elsewhere)`,
    );
  }
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError(`${method} ${path}: the server answered ${res.status} with non-JSON`);
  }
  if (!res.ok || json.success === false) {
    const e = json.error ?? {};
    // Only a missing or expired token is cured by logging in (not, say, a wrong password at login).
    const hint = res.status === 401 && e.code === 'UNAUTHORIZED' ? ' (log in with `dragops login`, or pass --token)' : '';
    const err = new UsageError(`${e.code ?? res.status}: ${e.message ?? 'request failed'}${hint}`) as UsageError & { details?: unknown; code?: string };
    err.details = e.details;
    err.code = e.code;
    throw err;
  }
  return json;
}
