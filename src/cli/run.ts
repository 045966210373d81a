import type { Command } from 'commander';
import { compile } from '../compiler/index.js';
import { createCallees } from '../runtime/calls.js';
import type { RunOptions } from '../runtime/execute.js';
import type { CompiledPattern } from '../compiler/index.js';
import { DEFAULT_POOL, WorkerPool } from '../isolation/pool.js';
import { Executor } from '../isolation/executor.js';
import type { NodeRegistry } from '../nodes/registry.js';
import { binaryReplacer } from '../pattern/types.js';
import { checkEvent, defaultPatternsDir, folderSource, parseJson, positiveInt, readEvent, readText, UsageError } from './io.js';
import { formatDiagnostic } from './check.js';
import { CompiledPolicy } from '../nodes/http/policy.js';
import { readConnections, readPackDir } from './pack.js';
import { installed, packNodesOf } from '../packs/library.js';

export function registerRun(program: Command, registry: NodeRegistry, setExit: (code: number) => void): void {
  program
    .command('run')
    .description('Run a pattern once in this process (no server, no database) and print the result as one JSON line.')
    .argument('<file>', 'a .pattern.json file')
    .option(
      '--event <json>',
      'the trigger\'s data as JSON, or @file.json: {"body","headers","query","method","url"} for OnWebhook, {"inputs":{…}} for OnPatternCall, {"timestamp"} for OnSchedule',
    )
    .option('--patterns <dir>', "where called patterns live (<dir>/<id>.pattern.json); default: the file's folder")
    .option('--secrets <file>', 'a JSON object of secret names to values, for GetSecret')
    .option('--packs <dir>', 'integration packs (*.dragops-pack.json) whose nodes the pattern may use')
    .option('--connections <file>', 'connections for pack nodes: a JSON object {"conn_id": {"provider", "credentials": {…}}}')
    .option('--env <name>', 'let GetEnvironment read this environment variable (repeatable); no other variable is ever readable', collect, [])
    .option('--allow-host <host>', 'HTTP policy: only call these hosts (repeatable; a name, *.example.com, an IP or a CIDR range)', collect, [])
    .option('--deny-host <host>', 'HTTP policy: never call these hosts (repeatable; same forms)', collect, [])
    .option('--deny-private-networks', 'HTTP policy: refuse loopback, private and reserved addresses unless --allow-host names them')
    .option('--timeout <ms>', "override the pattern's timeoutMs", (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--timeout must be a positive whole number of milliseconds, got ${JSON.stringify(v)}`);
      return n;
    })
    .option(
      '--execution-memory-mb <mb>',
      "heap of the execution's worker; an execution that fills it fails LIMIT_EXCEEDED",
      positiveInt('--execution-memory-mb'),
      DEFAULT_POOL.memoryMb,
    )
    .action(
      async (
        file: string,
        opts: {
          event?: string;
          patterns?: string;
          secrets?: string;
          packs?: string;
          connections?: string;
          timeout?: number;
          env: string[];
          allowHost: string[];
          denyHost: string[];
          denyPrivateNetworks?: boolean;
          executionMemoryMb: number;
        },
      ) => {
        const event = readEvent(opts.event);
        const secrets = opts.secrets ? parseJson(readText(opts.secrets), opts.secrets) : {};
        if (typeof secrets !== 'object' || secrets === null || Array.isArray(secrets))
          throw new UsageError(`${opts.secrets}: must be a JSON object of name → value`);
        const secretMap = new Map(Object.entries(secrets as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
        const packs = opts.packs ? readPackDir(opts.packs) : [];
        const connections = opts.connections ? readConnections(opts.connections, packs) : {};
        const packNodes = packNodesOf(packs.map((p) => installed(p)));
        const http = { allowHosts: opts.allowHost, denyHosts: opts.denyHost, denyPrivateNetworks: opts.denyPrivateNetworks === true };
        try {
          new CompiledPolicy(http);
        } catch (e) {
          throw new UsageError(`--allow-host/--deny-host: ${(e as Error).message}`);
        }
        // The execution runs as on the server: inline when its plan is bounded for this event, else in a
        // worker with its own heap and a deadline that holds even inside one long node call.
        const pool = new WorkerPool({ ...DEFAULT_POOL, workers: 1, maxWorkers: 2, memoryMb: opts.executionMemoryMb });
        const executor = new Executor(pool);
        const runner = (plan: CompiledPattern, ev: Record<string, unknown>, o: RunOptions) => {
          const quick = executor.tryInline(plan, ev, o);
          return quick ? Promise.resolve(quick) : executor.isolated(plan, ev, o);
        };
        // Called patterns run under the same HTTP policy (the base options every callee starts from).
        const callees = createCallees(folderSource(opts.patterns ?? defaultPatternsDir(file)), registry, { http, connections }, runner, packNodes);
        const r = compile(readText(file), { registry, resolveInterface: callees.resolveInterface, packs: packNodes });
        if (!r.ok) {
          for (const d of r.errors) process.stderr.write(formatDiagnostic(d) + '\n');
          process.stdout.write(
            JSON.stringify({
              status: 'failed',
              response: null,
              outputs: null,
              logs: [],
              error: {
                code: 'COMPILE_FAILED',
                message: `${r.errors.length} compile error(s); the first: ${r.errors[0]?.message}`,
                type: 'CompileError',
                nodeId: r.errors[0]?.nodeId ?? null,
              },
              durationMs: 0,
            }) + '\n',
          );
          setExit(1);
          return;
        }
        checkEvent(event, r.compiled.trigger.type);
        const result = await runner(r.compiled, event, {
          callPattern: callees.caller,
          secret: (n) => secretMap.get(n),
          environment: environmentAllowList(opts.env),
          connections,
          http,
          ...(opts.timeout ? { timeoutMs: opts.timeout } : {}),
        });
        const { status, response, outputs, logs, error, durationMs } = result;
        process.stdout.write(JSON.stringify({ status, response, outputs, logs, error, durationMs }, binaryReplacer) + '\n');
        setExit(status === 'completed' ? 0 : 1);
        await pool.close();
      },
    );
}

export const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** GetEnvironment's view of the process environment: only the names given with --env. */
export function environmentAllowList(names: readonly string[], env: NodeJS.ProcessEnv = process.env): (name: string) => string | undefined {
  const allowed = new Set(names);
  return (name) => (allowed.has(name) && Object.hasOwn(env, name) ? env[name] : undefined);
}
