import { _, defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'IsNull',
  category: 'Comparison',
  label: 'Is Null',
  description: 'True when the value is null (or missing); 0, "" and false are not null.',
  inputs: [{ id: 'value', type: 'Any' }],
  outputs: [{ id: 'result', type: 'Boolean' }],
  safe: true,
  eval: (value: unknown) => value === null || value === undefined,
  inline: ({ args: [v] }) => _`(${v!} == null)`,
  examples: [
    { inputs: { value: null }, output: true },
    { inputs: { value: 0 }, output: false },
    { inputs: { value: '' }, output: false },
  ],
});
