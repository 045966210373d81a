// What an inspection replay records (docs/semantics.md, "Inspecting an execution"): every node run,
// pure nodes included, with the values on its input and output pins, in the order they ran. Only the
// inspection variant of a plan calls it (codegen `inspect`), never a live execution.
import type { ErrorInfo } from '../errors/error.js';
import { preview, type Mask } from './preview.js';

export interface NodeRun {
  seq: number;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  durationMs: number | null;
  error: ErrorInfo | null;
}

export interface InspectedNode {
  index: number;
  runs: NodeRun[];
  truncatedRuns: number;
}

/** Runs kept per node (then only counted), and in all. */
export const RUNS_PER_NODE = 100;
const MAX_RUNS = 20_000;

export interface PinTable {
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
}

const put = (o: Record<string, unknown>, k: string, v: unknown) =>
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });

export class Inspector {
  private seq = 0;
  private total = 0;
  /** By node index, in the order nodes first ran. */
  readonly nodes = new Map<number, InspectedNode>();
  /** The run of each node still taking inputs and outputs (control-flow nodes record in steps). */
  private readonly open = new Map<number, NodeRun>();
  mask: Mask | undefined;
  constructor(private readonly pins: readonly PinTable[]) {}

  private start(k: number): NodeRun | undefined {
    let n = this.nodes.get(k);
    if (!n) this.nodes.set(k, (n = { index: k, runs: [], truncatedRuns: 0 }));
    const seq = this.seq++;
    if (n.runs.length >= RUNS_PER_NODE || this.total >= MAX_RUNS) {
      n.truncatedRuns++;
      this.open.delete(k);
      return undefined;
    }
    this.total++;
    const run: NodeRun = { seq, inputs: {}, outputs: {}, durationMs: null, error: null };
    n.runs.push(run);
    this.open.set(k, run);
    return run;
  }
  private value(v: unknown): unknown {
    return preview(v, 0, this.mask);
  }
  private outputs(run: NodeRun, k: number, result: unknown): void {
    const outs = this.pins[k]?.outputs ?? [];
    if (outs.length === 1) put(run.outputs, outs[0]!, this.value(result));
    else if (result !== null && typeof result === 'object')
      for (const p of outs) put(run.outputs, p, this.value(Object.hasOwn(result, p) ? (result as Record<string, unknown>)[p] : null));
  }

  /** A pure node folded at compile time: its constant inputs (in pin order) and outputs (one value,
   * or one per output pin in order when `perPin`). */
  r(k: number, inputs: unknown[], result: unknown, perPin = false): void {
    const run = this.start(k);
    if (!run) return;
    const ins = this.pins[k]?.inputs ?? [];
    ins.forEach((p, i) => put(run.inputs, p, this.value(inputs[i])));
    const outs = this.pins[k]?.outputs ?? [];
    if (perPin && outs.length > 1 && Array.isArray(result)) outs.forEach((p, i) => put(run.outputs, p, this.value(result[i])));
    else this.outputs(run, k, result);
  }
  /** A pure or action node starts (its inputs in pin order)… */
  b(k: number, inputs: unknown[]): void {
    const run = this.start(k);
    if (!run) return;
    const ins = this.pins[k]?.inputs ?? [];
    ins.forEach((p, i) => put(run.inputs, p, this.value(inputs[i])));
  }
  /** …and ends with its result (a node that throws has only its inputs, and its error). */
  e(k: number, result: unknown): void {
    const run = this.open.get(k);
    if (run) this.outputs(run, k, result);
  }
  /** A control-flow node starts a run. */
  i(k: number): void {
    this.start(k);
  }
  /** …evaluates some of its inputs… */
  in(k: number, pins: readonly string[], values: unknown[]): void {
    const run = this.open.get(k);
    if (run) pins.forEach((p, i) => put(run.inputs, p, this.value(values[i])));
  }
  /** …and sets its outputs (those some node reads: the others were never computed). */
  o(k: number, pins: readonly string[], values: unknown[]): void {
    const run = this.open.get(k);
    if (run) pins.forEach((p, i) => put(run.outputs, p, this.value(values[i] ?? null)));
  }
  /** The error a node raised (its last run). */
  err(k: number, e: ErrorInfo): void {
    const n = this.nodes.get(k);
    const run = n?.runs[n.runs.length - 1];
    if (run && !run.error) run.error = e;
  }
}
