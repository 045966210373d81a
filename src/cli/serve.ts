import type { Command } from 'commander';
import { createServices, defaultConfig, type ServerConfig } from '../server/services.js';
import { buildApp } from '../api/app.js';
import pino from 'pino';
import { redactUrl } from '../server/redact.js';
import { positiveInt, readText, UsageError } from './io.js';
import { findWebDir } from '../server/web.js';
import { collect } from './run.js';
import { CompiledPolicy } from '../nodes/http/policy.js';
import { DEFAULT_POOL } from '../isolation/pool.js';
import { DEFAULT_BUDGETS } from '../deploy/budgets.js';
import { parseOAuthClients } from '../connections/oauth.js';
import { lockDataFolder } from '../server/data-lock.js';
import { Listener } from '../server/listener.js';

/** The pause between a SIGTERM and closing the port (docs/semantics.md "Stopping"): long enough for
 * a load balancer to see /readyz fail and stop sending requests. */
export const DEFAULT_DRAIN_DELAY_MS = 5000;

/** `--drain-delay-ms`, else $DRAGOPS_DRAIN_DELAY_MS, else the default: a whole number of ms, 0 or more. */
export function drainDelay(flag: string | undefined, env: string | undefined): number {
  const [v, from] = flag !== undefined ? [flag, '--drain-delay-ms'] : env !== undefined && env !== '' ? [env, 'DRAGOPS_DRAIN_DELAY_MS'] : [undefined, ''];
  if (v === undefined) return DEFAULT_DRAIN_DELAY_MS;
  const n = Number(v);
  if (v.trim() === '' || !Number.isInteger(n) || n < 0)
    throw new UsageError(`${from} must be a whole number of milliseconds (0 or more), got ${JSON.stringify(v)}`);
  return n;
}

/** A request as the access log shows it: never a token from its query string (server/redact.ts). */
export function requestForLog(req: { method?: string; url?: string; ip?: string; socket?: { remotePort?: number } }) {
  return { method: req.method, url: redactUrl(req.url), remoteAddress: req.ip, remotePort: req.socket?.remotePort };
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Start the server: dashboard, API, webhooks and health, with an embedded SQLite database in --data (or PostgreSQL).')
    .option('--port <port>', 'port to listen on', '3000')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--data <dir>', 'folder of the embedded SQLite database', './data')
    .option('--database-url <url>', 'use PostgreSQL instead, e.g. postgres://user@127.0.0.1:5432/dragops')
    .option('--allow-signup', 'let anyone create an account (default: only the admin creates users)')
    .option('--public-url <url>', 'base of the webhook URLs shown to users (default: the address requests come to)')
    .option('--retention-days <n>', "delete executions older than this (a pattern's settings.retentionDays overrides it)", '14')
    .option(
      '--retention-count <n>',
      'keep at most this many executions per deployment (settings.retentionCount overrides it; default: no limit)',
      positiveInt('--retention-count'),
    )
    .option('--allow-env <name>', 'let GetEnvironment read this environment variable (repeatable); no other is ever readable', collect, [])
    .option('--allow-host <host>', 'HTTP policy: only call these hosts (repeatable; a name, *.example.com, an IP or a CIDR range)', collect, [])
    .option('--deny-host <host>', 'HTTP policy: never call these hosts (repeatable; same forms)', collect, [])
    .option('--secrets-key <key>', 'AES-256 key for secrets at rest, 64 hex characters (default: $DRAGOPS_SECRETS_KEY, else a key made once in --data)')
    .option('--deny-private-networks', 'HTTP policy: refuse loopback, private and reserved addresses unless --allow-host names them')
    .option('--workers <n>', 'execution workers kept running (executions that cannot run inline run in them)', positiveInt('--workers'), DEFAULT_POOL.workers)
    .option(
      '--max-workers <n>',
      'execution workers at most (more start while all are busy with long steps)',
      positiveInt('--max-workers'),
      DEFAULT_POOL.maxWorkers,
    )
    .option(
      '--execution-memory-mb <mb>',
      'heap of each execution worker; an execution that fills it fails LIMIT_EXCEEDED',
      positiveInt('--execution-memory-mb'),
      DEFAULT_POOL.memoryMb,
    )
    .option('--max-timeout-ms <ms>', 'the longest deadline any execution gets, whatever its settings.timeoutMs', positiveInt('--max-timeout-ms'), 3_600_000)
    .option(
      '--max-tree-executions <n>',
      'executions one request (or tick, or run) may start through pattern calls, itself included',
      positiveInt('--max-tree-executions'),
      DEFAULT_BUDGETS.maxTreeExecutions,
    )
    .option('--max-call-rate <n>', 'pattern calls per second into one deployment', positiveInt('--max-call-rate'), DEFAULT_BUDGETS.maxCallRate)
    .option('--queue-concurrency <n>', 'queued (immediate) executions run at once', positiveInt('--queue-concurrency'), 16)
    .option('--owner-concurrency <n>', 'of those, at most this many of one owner', positiveInt('--owner-concurrency'), 8)
    .option('--deployment-concurrency <n>', 'of those, at most this many of one deployment', positiveInt('--deployment-concurrency'), 4)
    .option(
      '--max-crash-attempts <n>',
      'a queued execution that crashed the server this many times is dead-lettered, not run again',
      positiveInt('--max-crash-attempts'),
      3,
    )
    .option(
      '--lease-seconds <n>',
      'several instances on PostgreSQL: an instance not seen for this long is taken for dead; its queued executions run again elsewhere',
      positiveInt('--lease-seconds'),
      30,
    )
    .option(
      '--drain-delay-ms <ms>',
      `on SIGTERM, answer /readyz 503 for this long before closing the port, so that a load balancer stops sending requests first (default: $DRAGOPS_DRAIN_DELAY_MS, else ${DEFAULT_DRAIN_DELAY_MS})`,
    )
    .option(
      '--oauth-clients <file>',
      'the OAuth clients registered for this server, by provider: {"provider": {"clientId", "clientSecret"}} (default: $DRAGOPS_OAUTH_CLIENTS)',
    )
    .action(
      async (opts: {
        port: string;
        host: string;
        data: string;
        databaseUrl?: string;
        allowSignup?: boolean;
        publicUrl?: string;
        retentionDays: string;
        retentionCount?: number;
        allowEnv: string[];
        allowHost: string[];
        denyHost: string[];
        denyPrivateNetworks?: boolean;
        secretsKey?: string;
        workers: number;
        maxWorkers: number;
        executionMemoryMb: number;
        maxTimeoutMs: number;
        maxTreeExecutions: number;
        maxCallRate: number;
        queueConcurrency: number;
        ownerConcurrency: number;
        deploymentConcurrency: number;
        maxCrashAttempts: number;
        leaseSeconds: number;
        oauthClients?: string;
        drainDelayMs?: string;
      }) => {
        const http = { allowHosts: opts.allowHost, denyHosts: opts.denyHost, denyPrivateNetworks: opts.denyPrivateNetworks === true };
        try {
          new CompiledPolicy(http);
        } catch (e) {
          throw new UsageError(`--allow-host/--deny-host: ${(e as Error).message}`);
        }
        const retentionDays = Number(opts.retentionDays);
        if (!Number.isFinite(retentionDays) || retentionDays <= 0)
          throw new UsageError(`--retention-days must be a positive number, got ${JSON.stringify(opts.retentionDays)}`);
        const port = Number(opts.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, got ${JSON.stringify(opts.port)}`);
        if (opts.databaseUrl && !/^postgres(ql)?:\/\//.test(opts.databaseUrl)) throw new UsageError('--database-url must start with postgres://');
        const drainDelayMs = drainDelay(opts.drainDelayMs, process.env.DRAGOPS_DRAIN_DELAY_MS);
        const clientsFile = opts.oauthClients ?? process.env.DRAGOPS_OAUTH_CLIENTS;
        let oauthClients: ReturnType<typeof parseOAuthClients> | undefined;
        try {
          oauthClients = clientsFile ? parseOAuthClients(readText(clientsFile)) : undefined;
        } catch (e) {
          if (e instanceof UsageError) throw e;
          throw new UsageError(`--oauth-clients ${clientsFile}: ${(e as Error).message}`);
        }
        const config = defaultConfig({
          port,
          oauthClients,
          host: opts.host,
          dataDir: opts.data,
          databaseUrl: opts.databaseUrl,
          allowSignup: Boolean(opts.allowSignup),
          publicUrl: opts.publicUrl,
          retentionDays,
          retentionCount: opts.retentionCount ?? null,
          http,
          allowEnv: opts.allowEnv,
          secretsKey: opts.secretsKey,
          workers: opts.workers,
          maxWorkers: Math.max(opts.workers, opts.maxWorkers),
          executionMemoryMb: opts.executionMemoryMb,
          maxTimeoutMs: opts.maxTimeoutMs,
          maxTreeExecutions: opts.maxTreeExecutions,
          maxCallRate: opts.maxCallRate,
          queueConcurrency: opts.queueConcurrency,
          ownerConcurrency: opts.ownerConcurrency,
          deploymentConcurrency: opts.deploymentConcurrency,
          maxCrashAttempts: opts.maxCrashAttempts,
          leaseSeconds: opts.leaseSeconds,
          // Taken for dead by the others (its queued work may be running elsewhere): stop at once, for
          // a supervisor to start it again clean.
          onFenced: () => {
            process.stderr.write('dragops: the other instances took this one for dead (its lease ran out); exiting, to be restarted\n');
            process.exit(1);
          },
        });
        await serveUntilSignal(config, { host: opts.host, port, drainDelayMs });
      },
    );
}

/** Runs the server until SIGTERM or SIGINT (the end of `dragops serve`): locks the data folder
 * (SQLite), opens the port, builds the services and the app, and shuts down gracefully. */
async function serveUntilSignal(config: ServerConfig, opts: { host: string; port: number; drainDelayMs: number }): Promise<void> {
  const { host, port, drainDelayMs } = opts;
  // One structured (pino, JSON lines) logger for the HTTP layer and the services.
  const log = pino({ level: process.env.DRAGOPS_LOG_LEVEL ?? 'info', base: { service: 'dragops' }, serializers: { req: requestForLog } });
  // SQLite: one server per data folder (SPEC §13), decided before anything in the folder is
  // opened or written (server/data-lock.ts). A second server exits here with status 1. The lock
  // stays referenced by the shutdown handler below for the life of the process.
  const lock = config.databaseUrl ? null : lockDataFolder(config.dataDir);
  // The port is taken first: /healthz and /readyz answer during start-up (server/listener.ts).
  const listener = new Listener({ database: config.databaseUrl ? 'postgres' : 'sqlite' });
  let address: string;
  let services: Awaited<ReturnType<typeof createServices>>;
  let app: Awaited<ReturnType<typeof buildApp>>;
  const lifecycle = { draining: false };
  const webDir = findWebDir();
  try {
    address = await listener.listen(port, host);
    services = await createServices(config, log);
    app = await buildApp(services, { logger: log, webDir, lifecycle, adopt: listener });
  } catch (e) {
    // Nothing may keep the process alive after a failed start: it exits 1 (bin/dragops.js).
    listener.server.close();
    lock?.release();
    throw e;
  }
  const users = await services.store.countUsers();
  process.stdout.write(`dragops is serving on ${address} (${config.databaseUrl ? 'PostgreSQL' : `SQLite in ${config.dataDir}`})\n`);
  process.stdout.write(webDir ? `Dashboard: ${address}/\n` : 'The dashboard is not built (run `npm run build`); serving the API only.\n');
  if (users === 0)
    process.stdout.write(
      `First run: create the admin account ${webDir ? `in the dashboard (${address}/) or ` : ''}with\n  curl -X POST ${address}/api/auth/register -H 'content-type: application/json' -d '{"email":"you@example.com","password":"a long password","name":"You"}'\n`,
    );
  let closing = false;
  // Graceful shutdown: /readyz fails first and, on SIGTERM, the server goes on serving for the
  // drain delay while load balancers notice; then it stops taking connections and lets in-flight
  // requests and executions finish and the history be written, within a deadline counted from
  // the signal (the delay included). SIGINT (Ctrl-C at a terminal) skips the delay. A second
  // signal exits at once.
  const shutdown = async (signal: string) => {
    if (closing) {
      process.stdout.write(`${signal} again: exiting now\n`);
      process.exit(1);
    }
    closing = true;
    lifecycle.draining = true;
    const graceMs = Number(process.env.DRAGOPS_SHUTDOWN_GRACE_MS ?? 30_000);
    const delayMs = signal === 'SIGTERM' ? drainDelayMs : 0;
    process.stdout.write(
      `${signal}: ${delayMs > 0 ? `draining (/readyz answers 503) for ${delayMs} ms, then ` : ''}finishing in-flight work (up to ${Math.round(graceMs / 1000)} s)…\n`,
    );
    const timer = setTimeout(() => {
      log.error({ graceMs }, 'shutdown grace period over; exiting with work unfinished');
      // Queued executions still running are put back as they were (not counted as crashes, which
      // would dead-letter a long job after a few restarts): the next start runs them again.
      const exit = setTimeout(() => process.exit(1), 2000);
      void services.queue
        .abandon()
        .catch(() => {})
        .finally(() => {
          clearTimeout(exit);
          process.exit(1);
        });
    }, graceMs);
    timer.unref();
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    // In-flight requests finish; their keep-alive connections are closed as soon as they go idle
    // (node:http only closes the connections that are idle at the moment close starts). The app
    // does not own the listener's server (adopted), so both are closed.
    const idle = setInterval(() => listener.server.closeIdleConnections?.(), 50);
    await Promise.all([app.close(), listener.close()]);
    clearInterval(idle);
    await services.close();
    lock?.release();
    process.stdout.write('stopped cleanly\n');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await new Promise(() => {}); // serve until a signal
}
