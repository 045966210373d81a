import { _, defineNode, lines } from '../sdk/index.js';

export default defineNode({
  type: 'Branch',
  category: 'Flow Control',
  label: 'Branch',
  description: 'Fires `true` or `false` depending on `condition` (if/else).',
  inputs: [{ id: 'condition', type: 'Boolean' }],
  execOut: ['true', 'false'],
  emit: (g) => {
    const { code, values } = g.inputs();
    const no = g.exec('false');
    return lines([
      code,
      no.text ? _`if (${values.condition!}) {\n${g.exec('true')}\n} else {\n${no}\n}` : _`if (${values.condition!}) {\n${g.exec('true')}\n}`,
    ]);
  },
});
