import type { Command } from 'commander';
import { createServices, defaultConfig } from '../server/services.js';
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
        // One structured (pino, JSON lines) logger for the HTTP layer and the services.
        const log = pino({ level: process.env.DRAGOPS_LOG_LEVEL ?? 'info', base: { service: 'dragops' }, serializers: { req: requestForLog } });
        const services = await createServices(config, log);
        const webDir = findWebDir();
        const app = await buildApp(services, { logger: log, webDir });
        const address = await app.listen({ port, host: opts.host });
        const users = await services.store.countUsers();
        process.stdout.write(`dragops is serving on ${address} (${config.databaseUrl ? 'PostgreSQL' : `SQLite in ${config.dataDir}`})\n`);
        process.stdout.write(webDir ? `Dashboard: ${address}/\n` : 'The dashboard is not built (run `npm run build`); serving the API only.\n');
        if (users === 0)
          process.stdout.write(
            `First run: create the admin account ${webDir ? `in the dashboard (${address}/) or ` : ''}with\n  curl -X POST ${address}/api/auth/register -H 'content-type: application/json' -d '{"email":"you@example.com","password":"a long password","name":"You"}'\n`,
          );
        let closing = false;
        // Graceful shutdown: stop taking requests, let in-flight requests and executions finish and the
        // history be written, within a deadline; a second signal exits at once.
        const shutdown = async (signal: string) => {
          if (closing) {
            process.stdout.write(`${signal} again: exiting now\n`);
            process.exit(1);
          }
          closing = true;
          const graceMs = Number(process.env.DRAGOPS_SHUTDOWN_GRACE_MS ?? 30_000);
          process.stdout.write(`${signal}: finishing in-flight work (up to ${Math.round(graceMs / 1000)} s)…\n`);
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
          // In-flight requests finish; their keep-alive connections are closed as soon as they go idle
          // (Fastify only closes the connections that are idle at the moment close starts).
          const idle = setInterval(() => app.server.closeIdleConnections?.(), 50);
          await app.close();
          clearInterval(idle);
          await services.close();
          process.stdout.write('stopped cleanly\n');
          process.exit(0);
        };
        process.on('SIGINT', () => void shutdown('SIGINT'));
        process.on('SIGTERM', () => void shutdown('SIGTERM'));
        await new Promise(() => {}); // serve until a signal
      },
    );
}
