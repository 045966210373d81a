import { _, defineNode, lines } from '../sdk/index.js';
import { variableConfig, variableType, checkVariable } from './shared.js';

export default defineNode<{ variable: string }>({
  type: 'IncrementVariable',
  category: 'Variables',
  label: 'Increment Variable',
  description: 'Adds `amount` (default 1, may be negative) to a numeric variable; an Integer variable stays whole (truncated toward zero).',
  config: variableConfig,
  inputs: [{ id: 'amount', type: 'Float', default: 1 }],
  outputs: (c, env) => [{ id: 'newValue', type: variableType(c, env) === 'Integer' ? 'Integer' : 'Float' }],
  execOut: ['then'],
  check: checkVariable(['Integer', 'Float']),
  emit: (g) => {
    const { code, values } = g.inputs();
    const v = g.variable(g.config.variable);
    const sum = v.type === 'Integer' ? _`Math.trunc(${v.name} + ${values.amount!})` : _`${v.name} + ${values.amount!}`;
    g.follow('then');
    return lines([code, _`${v.name} = ${sum};`, g.reads('newValue') && _`${g.out('newValue')} = ${v.name};`, g.trace(v.name)]);
  },
});
