// Server commands: login, logout, deploy, pause, resume, undeploy, status, versions, rollback, runs, logs
// (inspect is in inspect.ts, push and pull in sync.ts).
import { existsSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { call, forgetToken, remoteOf, savedConfig, saveConfig, withServer, type Remote } from './client.js';
import { parseJson, readText, table, UsageError, writeJsonLine } from './io.js';
import { printValues } from './inspect.js';
import { readPassword } from './prompt.js';
import { fileId, idMismatch, PATTERN_ID_RULE } from '../pattern/files.js';

type Opts = { server?: string; token?: string; json?: boolean };
const out = (s: string): void => {
  process.stdout.write(s + '\n');
};

/** `deploy FILE`: the file's pattern (its `id`, else its name) created or updated and deployed in one
 * request, which changes nothing when it fails (POST /api/patterns/deploy). */
async function deployFile(r: Remote, file: string, note: string | undefined) {
  const doc = parseJson(readText(file), file);
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new UsageError(`${file}: not a pattern document (a JSON object)`);
  const id = fileId(doc as { id?: unknown }, file);
  // Without an id every deploy would make another pattern: the file must say which one it is.
  if (id === undefined) throw new UsageError(`${file}: no id to keep: give the document an "id" (${PATTERN_ID_RULE}) or name the file <id>.pattern.json`);
  const mismatch = idMismatch(id, file);
  if (mismatch) process.stderr.write(`warning: ${file}: ${mismatch}\n`);
  const document = id !== undefined && (doc as { id?: unknown }).id === undefined ? { ...doc, id } : doc;
  return call(r, 'POST', '/api/patterns/deploy', { document, ...(note ? { note } : {}) });
}

/** How a pattern is named in messages: `"Order intake" (pat_…)`, or its id alone. */
async function labelOf(r: Remote, id: string): Promise<string> {
  const name = await call(r, 'GET', `/api/patterns/${encodeURIComponent(id)}`).then(
    (p) => p.data.name as string | undefined,
    () => undefined,
  );
  return name ? `${JSON.stringify(name)} (${id})` : id;
}

export function registerRemote(program: Command, setExit: (c: number) => void): void {
  program
    .command('login')
    .description(
      'Sign in to a server and save the token in your config folder (~/.config/dragops/config.json). Without --password or $DRAGOPS_PASSWORD it asks for the password (not echoed), or reads it from standard input when that is piped.',
    )
    .requiredOption('--email <email>', 'your email')
    .option('--password <password>', 'your password (default: $DRAGOPS_PASSWORD, else asked for)')
    .option('--server <url>', 'server URL', 'http://127.0.0.1:3000')
    .option('--json', "print the server's JSON answer")
    .action(async (o: { email: string; password?: string; server: string; json?: boolean }) => {
      const server = o.server.replace(/\/$/, '');
      const password = o.password ?? process.env.DRAGOPS_PASSWORD ?? (await readPassword(`Password for ${o.email}: `));
      const res = await call({ server, token: undefined }, 'POST', '/api/auth/login', { email: o.email, password }).catch(
        (e: UsageError & { code?: string }) => {
          if (e.code === 'INVALID_CREDENTIALS')
            throw new UsageError(`wrong email or password: ${server} has no account ${JSON.stringify(o.email)} with this password`);
          throw e;
        },
      );
      const file = saveConfig({ server, token: res.data.token });
      if (o.json) writeJsonLine(res);
      else out(`signed in to ${server} as ${res.data.user.email}; token saved in ${file}`);
    });

  withServer(
    program
      .command('logout')
      .description('Revoke the token in use (the saved login unless --token or $DRAGOPS_TOKEN) on the server, and forget it if it is the saved one.'),
  ).action(async (o: Opts) => {
    const r = remoteOf(o);
    if (!r.token) throw new UsageError('not signed in: there is no saved login (or give --token)');
    let res: unknown = null;
    try {
      res = await call(r, 'POST', '/api/auth/logout');
    } catch (e) {
      // Already revoked or expired: as signed out as can be. Anything else (the server cannot be
      // reached): keep the saved token, which still works and can be revoked later.
      if (!/^UNAUTHORIZED:/.test((e as Error).message)) throw e;
    }
    const forgotten = savedConfig().token === r.token && forgetToken();
    if (o.json) return writeJsonLine(res ?? { success: true, data: { revoked: false } });
    out(`${res ? 'signed out: the token is revoked' : 'the token was already revoked or expired'}${forgotten ? '; the saved login is removed' : ''}`);
  });

  withServer(
    program
      .command('deploy')
      .description(
        'Deploy a pattern: a .pattern.json file (the pattern with the file\'s "id", or its name without .pattern.json, is created the first time and updated after; a file that does not compile changes nothing) or the id of a pattern on the server.',
      )
      .argument('<fileOrId>', 'a .pattern.json file or a pattern id')
      .option('--note <text>', 'a note for this version'),
  ).action(async (target: string, o: Opts & { note?: string }) => {
    const r = remoteOf(o);
    const isFile = existsSync(target) && statSync(target).isFile();
    if (!isFile && /\.json$|[\\/]/.test(target)) readText(target); // a path that is not there: say so, not "pattern not found"
    try {
      const res = isFile
        ? await deployFile(r, target, o.note)
        : await call(r, 'POST', `/api/patterns/${encodeURIComponent(target)}/deploy`, o.note ? { note: o.note } : {});
      if (o.json) return writeJsonLine(res);
      const d = res.data;
      if (isFile)
        out(`${d.created ? 'created' : 'updated'} ${d.name ? `${JSON.stringify(d.name)} (${d.patternId})` : d.patternId}: version ${d.version} ${d.status}`);
      else out(`deployed ${target} as version ${d.version} (${d.status})`);
      if (d.triggers?.[0]?.type === 'OnWebhook') out(`webhook: ${d.webhookUrl}`);
    } catch (e) {
      const details = (e as { details?: { errors?: { code: string; message: string }[] } }).details;
      if (details?.errors) for (const d of details.errors) process.stderr.write(`error ${d.code}: ${d.message}\n`);
      throw e;
    }
  });

  withServer(
    program
      .command('rollback')
      .description('Deploy the graph of an earlier version as a new version.')
      .argument('<id>', 'pattern id')
      .argument('<version>', 'the version to go back to'),
  ).action(async (id: string, version: string, o: Opts) => {
    const v = Number(version);
    if (!Number.isInteger(v) || v < 1) throw new UsageError(`the version must be a positive whole number, got ${JSON.stringify(version)}`);
    const res = await call(remoteOf(o), 'POST', `/api/patterns/${encodeURIComponent(id)}/deploy`, { version: v });
    if (o.json) writeJsonLine(res);
    else out(`rolled back ${id} to the graph of version ${v}: now version ${res.data.version}`);
  });

  const lifecycle = (name: string, method: string, path: string, done: string) =>
    withServer(
      program
        .command(name)
        .description(`${name[0]!.toUpperCase()}${name.slice(1)} a deployment.`)
        .argument('<id>', 'pattern id'),
    ).action(async (id: string, o: Opts) => {
      const r = remoteOf(o);
      const res = await call(r, method, `/api/patterns/${encodeURIComponent(id)}/${path}`);
      if (o.json) writeJsonLine(res);
      else out(`${done} ${await labelOf(r, id)}, version ${res.data.version}`);
    });
  lifecycle('pause', 'POST', 'pause', 'paused');
  lifecycle('resume', 'POST', 'resume', 'resumed');
  lifecycle('undeploy', 'DELETE', 'deploy', 'undeployed');

  withServer(program.command('status').description("Show the deployments, or one pattern's deployment.").argument('[id]', 'pattern id')).action(
    async (id: string | undefined, o: Opts) => {
      const r = remoteOf(o);
      if (id) {
        const res = await call(r, 'GET', `/api/patterns/${encodeURIComponent(id)}/deployment`);
        if (o.json) return writeJsonLine(res);
        const d = res.data;
        out(
          `${id}: ${d.status}, version ${d.version}, deployed ${d.deployedAt}${d.pausedReason ? `, paused: ${d.pausedReason}` : ''}\nwebhook: ${d.webhookUrl}`,
        );
        return;
      }
      // Every page (the API answers 500 at most per call).
      const res = await call(r, 'GET', '/api/deployments?limit=500');
      while (res.data.length < res.meta.total) {
        const more = await call(r, 'GET', `/api/deployments?limit=500&offset=${res.data.length}`);
        if (more.data.length === 0) break;
        res.data.push(...more.data);
      }
      if (o.json) return writeJsonLine(res);
      if (res.data.length === 0) return out('no deployments yet: dragops deploy FILE');
      out(
        table(
          ['PATTERN', 'STATUS', 'VERSION', 'TRIGGER', 'NAME'],
          res.data.map((d: any) => [d.patternId, d.status, String(d.version), d.trigger, d.patternName]),
        ),
      );
    },
  );

  withServer(program.command('versions').description('List the versions of a pattern.').argument('<id>', 'pattern id')).action(async (id: string, o: Opts) => {
    const res = await call(remoteOf(o), 'GET', `/api/patterns/${encodeURIComponent(id)}/versions`);
    if (o.json) return writeJsonLine(res);
    out(
      table(
        ['VERSION', 'DEPLOYED', 'NOTE'],
        res.data.map((v: any) => [String(v.version), v.createdAt, v.note ?? '']),
      ),
    );
  });

  withServer(
    program
      .command('runs')
      .description("List the executions of a pattern's deployment, newest first.")
      .argument('<id>', 'pattern id')
      .option('--status <status>', 'only this status')
      .option('--limit <n>', 'how many', '20'),
  ).action(async (id: string, o: Opts & { status?: string; limit: string }) => {
    const r = remoteOf(o);
    const dep = await call(r, 'GET', `/api/patterns/${encodeURIComponent(id)}/deployment`);
    const qs = new URLSearchParams({ limit: o.limit, ...(o.status ? { status: o.status } : {}) });
    const res = await call(r, 'GET', `/api/deployments/${dep.data.id}/runs?${qs}`);
    if (o.json) return writeJsonLine(res);
    if (res.data.length === 0) return out(`no executions${o.status ? ` with status ${o.status}` : ''} yet`);
    out(
      table(
        ['RUN', 'STATUS', 'VERSION', 'TRIGGER', 'STARTED', 'DURATION', 'ERROR'],
        res.data.map((run: any) => [
          run.id,
          run.status,
          String(run.version),
          run.triggeredBy,
          run.startedAt,
          run.durationMs == null ? '-' : `${run.durationMs} ms`,
          run.error ? `${run.error.code}: ${run.error.message}` : '',
        ]),
      ),
    );
    out(`${res.data.length} of ${res.meta.total}${res.meta.totalIsLowerBound ? '+' : ''}`);
  });

  withServer(program.command('logs').description('Show one execution with its node-by-node log.').argument('<runId>', 'run id')).action(
    async (runId: string, o: Opts) => {
      const res = await call(remoteOf(o), 'GET', `/api/runs/${encodeURIComponent(runId)}`);
      if (o.json) return writeJsonLine(res);
      const run = res.data;
      out(`${run.id}: ${run.status} (version ${run.version}, ${run.triggeredBy}, ${run.durationMs} ms)`);
      if (run.error) out(`error ${run.error.code} at ${run.error.nodeId}: ${run.error.message}`);
      for (const e of run.log)
        out(
          `${e.timestamp}  ${e.event.padEnd(6)} ${e.nodeId} (${e.nodeName})${e.durationMs !== undefined ? ` ${e.durationMs} ms` : ''}${e.output !== undefined ? `  ${JSON.stringify(e.output).slice(0, 200)}` : ''}`,
        );
      // The values on every pin (dragops inspect): what the log's records alone do not show.
      const inspected = await call(remoteOf(o), 'GET', `/api/runs/${encodeURIComponent(runId)}/inspect`).catch((e: Error) => {
        out(`(values unavailable: ${e.message})`);
        return null;
      });
      if (inspected) {
        out('values:');
        printValues(inspected.data);
      }
      if (run.status !== 'completed') setExit(1);
    },
  );
}
