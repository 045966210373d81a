import { _, defineNode, lines } from '../sdk/index.js';
import { variableConfig, variableType, checkVariable } from './shared.js';

export default defineNode<{ variable: string }>({
  type: 'SetVariable',
  category: 'Variables',
  label: 'Set Variable',
  description:
    "Sets a pattern variable to `value` (converted to the variable's type) and passes the new value on. An array is copied, so appending later never changes the value it came from.",
  config: variableConfig,
  inputs: (c, env) => [{ id: 'value', type: variableType(c, env) }],
  outputs: (c, env) => [{ id: 'value', type: variableType(c, env) }],
  execOut: ['then'],
  check: checkVariable(),
  emit: (g) => {
    const { code, values } = g.inputs();
    const v = g.variable(g.config.variable);
    const value = v.type === 'Array' ? _`${g.rt('copyArray')}(${values.value!})` : values.value!;
    g.follow('then');
    return lines([code, _`${v.name} = ${value};`, g.reads('value') && _`${g.out('value')} = ${v.name};`, g.trace(v.name)]);
  },
});
