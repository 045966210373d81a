import { _, defineNode, lines } from '../sdk/index.js';

export default defineNode({
  type: 'While',
  category: 'Flow Control',
  label: 'While',
  description:
    'Fires `body` as long as `condition` is true (evaluated afresh before each iteration), then `completed`. An endless loop ends at the execution deadline.',
  inputs: [{ id: 'condition', type: 'Boolean' }],
  execOut: ['body', 'completed'],
  loopBodies: ['body'],
  emit: (g) => {
    const loop = g.loop((label) => {
      const { code, values } = g.inputs();
      return g.guardedLoop(label, { head: code, cond: values.condition!, body: g.exec('body') });
    });
    g.follow('completed');
    return lines([loop]);
  },
});
