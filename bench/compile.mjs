// Benchmark (a): compile time for generated patterns of 100, 1,000 and 10,000 nodes.
// Goal (issue #2): 1,000 nodes in under 50 ms. Baseline in the same run: JSON.parse of the same text.
import { compile } from '../dist/compiler/index.js';
import { createRegistry } from '../dist/nodes/index.js';
import { median, round } from './lib/measure.mjs';

const registry = createRegistry();

/** A realistic mix: a chain of Sequence → Branch → (Log | SetVariable) steps, with pure arithmetic
 * and string work feeding each step. 9 nodes a step. */
export function generatePattern(size) {
  const nodes = [{ id: 'start', type: 'OnStart' }];
  const wires = [];
  let prevExec = { node: 'start', pin: 'then' };
  let i = 0;
  while (nodes.length < size) {
    const k = i++;
    const [seq, get, add, mul, gt, cat, br, set, log] = ['seq', 'get', 'add', 'mul', 'gt', 'cat', 'br', 'set', 'log'].map((p) => `${p}${k}`);
    nodes.push(
      { id: seq, type: 'Sequence', config: { count: 2 } },
      { id: get, type: 'GetVariable', config: { variable: 'acc' } },
      { id: add, type: 'Add', defaults: { b: k } },
      { id: mul, type: 'Multiply', defaults: { b: 1.5 } },
      { id: gt, type: 'GreaterThan', defaults: { b: 1000 } },
      { id: cat, type: 'Concat', defaults: { a: `step ${k}: ` } },
      { id: br, type: 'Branch' },
      { id: set, type: 'SetVariable', config: { variable: 'acc' } },
      { id: log, type: 'Log' },
    );
    wires.push(
      { from: prevExec, to: { node: seq, pin: 'exec' } },
      { from: { node: seq, pin: 'then0' }, to: { node: br, pin: 'exec' } },
      { from: { node: get, pin: 'value' }, to: { node: add, pin: 'a' } },
      { from: { node: add, pin: 'result' }, to: { node: mul, pin: 'a' } },
      { from: { node: mul, pin: 'result' }, to: { node: gt, pin: 'a' } },
      { from: { node: gt, pin: 'result' }, to: { node: br, pin: 'condition' } },
      { from: { node: br, pin: 'true' }, to: { node: log, pin: 'exec' } },
      { from: { node: br, pin: 'false' }, to: { node: set, pin: 'exec' } },
      { from: { node: mul, pin: 'result' }, to: { node: set, pin: 'value' } },
      { from: { node: mul, pin: 'result' }, to: { node: cat, pin: 'b' } },
      { from: { node: cat, pin: 'result' }, to: { node: log, pin: 'message' } },
    );
    prevExec = { node: seq, pin: 'then1' };
  }
  return { format: 'dragops.pattern/1', name: `generated ${size}`, variables: [{ name: 'acc', type: 'Float', default: 1 }], nodes, wires };
}

export async function benchCompile({ sizes = [100, 1000, 10000], rounds = 7 } = {}) {
  const rows = [];
  for (const size of sizes) {
    const text = JSON.stringify(generatePattern(size));
    const reps = size >= 10000 ? Math.max(3, rounds >> 1) : rounds;
    const a = [],
      b = [];
    for (let r = 0; r < reps + 2; r++) {
      let t = performance.now();
      const res = compile(text, { registry });
      if (!res.ok) throw new Error(`generated pattern does not compile: ${JSON.stringify(res.errors.slice(0, 3))}`);
      const ta = performance.now() - t;
      t = performance.now();
      JSON.parse(text);
      const tb = performance.now() - t;
      if (r >= 2) {
        a.push(ta);
        b.push(tb);
      }
    }
    const ms = median(a),
      parse = median(b);
    rows.push({ nodes: size, compileMs: round(ms, 2), jsonParseMs: round(parse, 3), ratioToJsonParse: round(ms / parse, 1) });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(await benchCompile());
}
