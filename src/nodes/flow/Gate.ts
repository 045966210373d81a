import { _, defineNode, lines } from '../sdk/index.js';

export default defineNode({
  type: 'Gate',
  category: 'Flow Control',
  label: 'Gate',
  description: 'Fires `then` only when `condition` is true; otherwise this path ends here.',
  inputs: [{ id: 'condition', type: 'Boolean' }],
  emit: (g) => {
    const { code, values } = g.inputs();
    return lines([code, _`if (${values.condition!}) {\n${g.exec('then')}\n}`]);
  },
});
