// `dragops inspect RUNID [--node ID] [--json]` (SPEC §12): an execution node by node with the values
// on its pins, from GET /api/runs/:runId/inspect. `dragops logs` prints the same values after the log.
import type { Command } from 'commander';
import { call, remoteOf, withServer } from './client.js';
import { UsageError, writeJsonLine } from './io.js';

type Opts = { server?: string; token?: string; json?: boolean; node?: string };
const out = (s: string) => process.stdout.write(s + '\n');
const show = (v: unknown, max = 160) => {
  const t = JSON.stringify(v) ?? 'null';
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};
const pins = (o: Record<string, unknown>) =>
  Object.entries(o)
    .map(([k, v]) => `${k}=${show(v, 80)}`)
    .join(' ');

interface Inspection {
  runId: string;
  status: string;
  version: number | null;
  exact: boolean;
  reason?: string;
  response: unknown;
  outputs: unknown;
  error: { code: string; message: string; nodeId: string | null } | null;
  nodes: {
    id: string;
    type: string;
    name: string;
    runs: {
      seq: number;
      inputs: Record<string, unknown>;
      outputs: Record<string, unknown>;
      durationMs: number | null;
      error: { code: string; message: string } | null;
    }[];
    truncatedRuns?: number;
  }[];
}

/** The values of every node run, in `seq` order (or one node's runs). */
export function printValues(d: Inspection, node?: string): void {
  if (!d.exact) out(`not exact: ${d.reason}`);
  const runs = d.nodes
    .filter((n) => node === undefined || n.id === node)
    .flatMap((n) => n.runs.map((r) => ({ n, r })))
    .sort((a, b) => a.r.seq - b.r.seq);
  for (const { n, r } of runs) {
    out(`#${String(r.seq).padStart(3)} ${n.id} (${n.type})${r.durationMs !== null ? ` ${r.durationMs} ms` : ''}`);
    if (Object.keys(r.inputs).length) out(`       in   ${pins(r.inputs)}`);
    if (Object.keys(r.outputs).length) out(`       out  ${pins(r.outputs)}`);
    if (r.error) out(`       error ${r.error.code}: ${r.error.message}`);
  }
  for (const n of d.nodes) if (n.truncatedRuns && (node === undefined || n.id === node)) out(`(${n.id}: ${n.truncatedRuns} more runs not shown)`);
}

export function registerInspect(program: Command, setExit: (c: number) => void): void {
  withServer(
    program
      .command('inspect')
      .description('Show one execution node by node with the values on every pin (pure nodes and loop turns included).')
      .argument('<runId>', 'run id')
      .option('--node <id>', "only this node's runs"),
  ).action(async (runId: string, o: Opts) => {
    const res = await call(remoteOf(o), 'GET', `/api/runs/${encodeURIComponent(runId)}/inspect`);
    const d = res.data as Inspection;
    if (o.node !== undefined && !d.nodes.some((n) => n.id === o.node))
      throw new UsageError(`node ${JSON.stringify(o.node)} did not run in ${runId}; nodes that ran: ${d.nodes.map((n) => n.id).join(', ')}`);
    if (o.json) return writeJsonLine(o.node === undefined ? res : { ...res, data: { ...d, nodes: d.nodes.filter((n) => n.id === o.node) } });
    out(`${d.runId}: ${d.status} (version ${d.version ?? 'draft'})${d.exact ? '' : ' — inexact'}`);
    if (d.error) out(`error ${d.error.code} at ${d.error.nodeId}: ${d.error.message}`);
    if (d.response !== null) out(`response ${show(d.response, 300)}`);
    if (d.outputs !== null) out(`outputs ${show(d.outputs, 300)}`);
    printValues(d, o.node);
    if (d.status !== 'completed') setExit(1);
  });
}
