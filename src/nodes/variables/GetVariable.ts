import { defineNode } from '../sdk/index.js';
import { variableConfig, variableType, checkVariable } from './shared.js';

export default defineNode<{ variable: string }>({
  type: 'GetVariable',
  category: 'Variables',
  label: 'Get Variable',
  description: 'Reads a pattern variable. Read afresh each time a node needs it, so inside a loop it sees the current value.',
  config: variableConfig,
  outputs: (c, env) => [{ id: 'value', type: variableType(c, env) }],
  safe: true,
  deterministic: false,
  check: checkVariable(),
  inline: (g) => g.variable(g.config.variable),
});
