import { defineData, defineNode, type ExecutionContext } from '../sdk/index.js';
import { Type } from '@sinclair/typebox';

type Config = { pattern: string };

export default defineNode<Config>({
  type: 'CallPattern',
  impure: true,
  category: 'Flow Control',
  label: 'Call Pattern',
  description:
    "Runs another pattern (by id) with its declared inputs and waits for its RespondWith (or its end); its outputs become this node's outputs. A failure of the callee is an error here, catchable with TryCatch.",
  config: Type.Object({ pattern: Type.String({ minLength: 1, description: "The called pattern's id." }) }, { additionalProperties: false }),
  inputs: (c, env) => (env.callee(c.pattern)?.inputs ?? []).map((f) => ({ id: f.name, type: f.type, default: null })),
  outputs: (c, env) => (env.callee(c.pattern)?.outputs ?? []).map((f) => ({ id: f.name, type: f.type })),
  check: (c, env, report) => {
    const callee = env.callee(c.pattern);
    if (!callee) report(`unknown called pattern ${JSON.stringify(c.pattern)} (or it has no OnPatternCall trigger)`, 'pattern');
    else if (callee.outputs.some((f) => f.name === 'then'))
      report('the called pattern declares an output named "then", which clashes with the exec pin', 'pattern');
  },
  async: true,
  make: (c, node) => {
    // Pin lists are fixed at compile time; the implementation maps positional inputs to names.
    const names = node.inputs.map((p) => p.id);
    const outputs = node.outputs.map((p) => p.id);
    return async function callPattern(ctx: ExecutionContext, ...args: unknown[]) {
      const inputs: Record<string, unknown> = {};
      names.forEach((n, i) => defineData(inputs, n, args[i] ?? null));
      const out = (await ctx.callPattern(c.pattern, inputs, node.index)) ?? {};
      if (outputs.length === 1) return Object.hasOwn(out, outputs[0]!) ? (out[outputs[0]!] ?? null) : null; // own keys only: "__proto__" is data
      const r: Record<string, unknown> = {};
      for (const n of outputs) defineData(r, n, Object.hasOwn(out, n) ? out[n] : null);
      return r;
    };
  },
});
