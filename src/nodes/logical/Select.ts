import { _, defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'Select',
  category: 'Logical',
  label: 'Select',
  description: 'Picks ifTrue when the condition is true, else ifFalse (a pure if/else on values).',
  inputs: [
    { id: 'condition', type: 'Boolean', default: false },
    { id: 'ifTrue', type: 'Any' },
    { id: 'ifFalse', type: 'Any' },
  ],
  outputs: [{ id: 'result', type: 'Any' }],
  safe: true,
  eval: (condition: boolean, ifTrue: unknown, ifFalse: unknown) => (condition ? ifTrue : ifFalse),
  inline: ({ args: [c, t, f] }) => _`(${c!} ? ${t!} : ${f!})`,
  examples: [
    { inputs: { condition: true, ifTrue: 'yes', ifFalse: 'no' }, output: 'yes' },
    { inputs: { condition: false, ifTrue: 1, ifFalse: { n: 2 } }, output: { n: 2 } },
  ],
});
