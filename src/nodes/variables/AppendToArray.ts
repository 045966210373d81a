import { _, defineNode, lines } from '../sdk/index.js';
import { variableConfig, checkVariable } from './shared.js';

export default defineNode<{ variable: string }>({
  type: 'AppendToArray',
  category: 'Variables',
  label: 'Append To Array',
  description: 'Appends `item` to an Array variable (a null variable becomes a one-item array). Fails with LIMIT_EXCEEDED past the array size limit.',
  config: variableConfig,
  inputs: [{ id: 'item', type: 'Any' }],
  execOut: ['then'],
  check: checkVariable(['Array']),
  emit: (g) => {
    const { code, values } = g.inputs();
    const v = g.variable(g.config.variable);
    g.follow('then');
    return lines([code, g.at(), _`${v.name} = ${g.rt('append')}(${v.name}, ${values.item!}, ${g.ctx}.limits.maxArrayLength);`, g.trace()]);
  },
});
