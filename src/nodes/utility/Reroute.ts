import { defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'Reroute',
  category: 'Utility',
  label: 'Reroute',
  description: 'Passes its value through unchanged; a knot for tidy wiring that costs nothing at run time.',
  inputs: [{ id: 'value', type: 'Any' }],
  outputs: [{ id: 'value', type: 'Any' }],
  safe: true,
  eval: (value: unknown) => value,
  inline: ({ args: [v] }) => v,
  examples: [
    { inputs: { value: { a: 1 } }, output: { a: 1 } },
    { inputs: { value: null }, output: null },
  ],
});
