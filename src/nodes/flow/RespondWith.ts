import { _, defineNode, lines, objectLiteral } from '../sdk/index.js';

export default defineNode({
  type: 'RespondWith',
  category: 'Flow Control',
  label: 'Respond With',
  description: "Ends a called execution and returns its outputs (the outputs declared by this pattern's OnPatternCall) to the caller.",
  inputs: (_c, env) => (env.ownInterface?.outputs ?? []).map((f) => ({ id: f.name, type: f.type, default: null })),
  execOut: [],
  check: (_c, env, report) => {
    if (!env.ownInterface) report('RespondWith needs an OnPatternCall trigger that declares the outputs');
  },
  emit: (g) => {
    const { code, values } = g.inputs();
    return lines([code, _`${g.ctx}.outputs = ${objectLiteral(Object.entries(values))};`, _`return;`]);
  },
});
