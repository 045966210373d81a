import { _, defineNode, lines } from '../sdk/index.js';
import { variableConfig, checkVariable } from './shared.js';

export default defineNode<{ variable: string }>({
  type: 'AppendToString',
  category: 'Variables',
  label: 'Append To String',
  description: 'Appends `text` to a String variable. Fails with LIMIT_EXCEEDED past the string length limit.',
  config: variableConfig,
  inputs: [{ id: 'text', type: 'String' }],
  execOut: ['then'],
  check: checkVariable(['String']),
  emit: (g) => {
    const { code, values } = g.inputs();
    const v = g.variable(g.config.variable);
    g.follow('then');
    return lines([code, g.at(), _`${v.name} = ${g.rt('appendText')}(${v.name}, ${values.text!}, ${g.ctx}.limits.maxStringLength);`, g.trace()]);
  },
});
