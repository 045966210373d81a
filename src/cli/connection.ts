// `dragops connection add|list|test|reconnect|delete`: connections on a server (SPEC §14, docs/api.md
// "Connections"). Secret values are never taken on the command line: they are asked for without
// echo, or read from standard input (one line per secret), so they stay out of shell history and
// process lists.
import type { Command } from 'commander';
import { call, remoteOf, withServer } from './client.js';
import { table, UsageError, writeJsonLine } from './io.js';
import { readSecrets } from './prompt.js';

type Opts = { server?: string; token?: string; json?: boolean };
const out = (s: string): void => {
  process.stdout.write(s + '\n');
};
const collect = (v: string, prev: string[]) => [...prev, v];
const FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The link continues the authorization in the dashboard, which must be signed in as the same user:
 * only the browser of the user who started it may complete it (src/connections/binding.ts). */
function authorizeMessage(url: string, what: string): string {
  return `open this link in a browser signed in to the dashboard as you, to authorize ${what} (valid 10 minutes):\n${url}\nthen \`dragops connection list\` shows it active`;
}

/** `--field name=value` values, then the `--secret` fields asked for (or read from stdin). */
async function credentialsOf(fields: string[], secretNames: string[]): Promise<Record<string, string>> {
  const credentials: Record<string, string> = Object.create(null);
  for (const f of fields) {
    const i = f.indexOf('=');
    const name = i < 0 ? f : f.slice(0, i);
    if (i < 0 || !FIELD.test(name)) throw new UsageError(`--field takes name=value, not ${JSON.stringify(f)}`);
    credentials[name] = f.slice(i + 1);
  }
  for (const name of secretNames) if (!FIELD.test(name)) throw new UsageError(`--secret takes a field name, not ${JSON.stringify(name)}`);
  const secrets = secretNames.length ? await readSecrets(secretNames.map((n) => `${n}: `)) : [];
  secretNames.forEach((n, i) => (credentials[n] = secrets[i]!));
  return credentials;
}

function added(res: any, o: Opts): void {
  if (o.json) return writeJsonLine(res);
  out(`added ${res.data.id} (${res.data.provider}, ${res.data.authType}): ${res.data.status}`);
}

export function registerConnection(program: Command, setExit: (c: number) => void): void {
  const cmd = program
    .command('connection')
    .description("Saved credentials for outside services (an integration pack's provider): add, list, test, reconnect, delete.");

  withServer(
    cmd
      .command('add')
      .description(
        'Add a connection. Non-secret fields with --field name=value; secret ones named with --secret name are asked for without echo, or read from standard input, one line each in order. --api-key asks for one API key. --oauth starts an OAuth authorization and prints the link to open in the dashboard.',
      )
      .argument('<provider>', "the provider (an installed pack's connection.provider)")
      .option('--name <displayName>', 'a name for the connection (default: the provider)')
      .option('--field <name=value>', 'a non-secret credential field (repeatable)', collect, [])
      .option('--secret <name>', 'a secret credential field, asked for or read from stdin (repeatable)', collect, [])
      .option('--api-key', 'the provider takes one API key: ask for it (or read it from stdin)')
      .option('--oauth', 'OAuth authorization code: print the authorization URL to open in a browser'),
  ).action(async (provider: string, o: Opts & { name?: string; field: string[]; secret: string[]; apiKey?: boolean; oauth?: boolean }) => {
    const r = remoteOf(o);
    const displayName = o.name ?? provider;
    if (o.apiKey && (o.secret.length || o.field.length || o.oauth))
      throw new UsageError('--api-key takes the key alone: use --field/--secret for other fields');
    if (o.apiKey) {
      const [apiKey] = await readSecrets([`API key for ${provider}: `]);
      return added(await call(r, 'POST', '/api/connections/api-key', { provider, apiKey, displayName }), o);
    }
    const credentials = await credentialsOf(o.field, o.secret);
    if (o.oauth && Object.keys(credentials).length === 0) {
      const res = await call(r, 'GET', `/api/connections/oauth/start?${new URLSearchParams({ provider, displayName })}`);
      return o.json ? writeJsonLine(res) : out(authorizeMessage(res.data.browserUrl, displayName));
    }
    const res = await call(r, 'POST', '/api/connections', { provider, displayName, credentials });
    if (!o.oauth && res.data.status !== 'pending') return added(res, o);
    const start = await call(r, 'GET', `/api/connections/oauth/start?connectionId=${encodeURIComponent(res.data.id)}`);
    if (o.json) return writeJsonLine({ success: true, data: { connection: res.data, ...start.data } });
    out(`added ${res.data.id} (${res.data.provider}): pending authorization`);
    out(authorizeMessage(start.data.browserUrl, displayName));
  });

  withServer(cmd.command('list').description('List your connections (never their values).')).action(async (o: Opts) => {
    const res = await call(remoteOf(o), 'GET', '/api/connections');
    if (o.json) return writeJsonLine(res);
    if (res.data.length === 0) return out('no connections yet: dragops connection add PROVIDER');
    out(
      table(
        ['ID', 'PROVIDER', 'AUTH', 'STATUS', 'NAME'],
        res.data.map((c: any) => [c.id, c.provider, c.authType, c.status === 'error' ? `error: ${c.statusMessage ?? ''}` : c.status, c.displayName]),
      ),
    );
  });

  withServer(
    cmd
      .command('test')
      .description("Test a connection: send its provider's verify request with the credentials (exit status 1 when it fails).")
      .argument('<id>', 'connection id'),
  ).action(async (id: string, o: Opts) => {
    const res = await call(remoteOf(o), 'POST', `/api/connections/${encodeURIComponent(id)}/test`);
    setExit(res.data.ok ? 0 : 1);
    if (o.json) return writeJsonLine(res);
    out(`${res.data.ok ? 'ok' : 'failed'}: ${res.data.message}`);
  });

  withServer(
    cmd
      .command('reconnect')
      .description('Authorize an OAuth connection again (after its status became error): prints the link to open in the dashboard.')
      .argument('<id>', 'connection id'),
  ).action(async (id: string, o: Opts) => {
    const res = await call(remoteOf(o), 'GET', `/api/connections/oauth/start?connectionId=${encodeURIComponent(id)}`);
    if (o.json) return writeJsonLine(res);
    out(authorizeMessage(res.data.browserUrl, id));
  });

  withServer(cmd.command('delete').description('Delete a connection.').argument('<id>', 'connection id')).action(async (id: string, o: Opts) => {
    const res = await call(remoteOf(o), 'DELETE', `/api/connections/${encodeURIComponent(id)}`);
    if (o.json) return writeJsonLine(res);
    out(`deleted ${id}`);
  });
}
