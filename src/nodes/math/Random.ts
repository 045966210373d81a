import { defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'Random',
  category: 'Math',
  label: 'Random',
  description: 'A new pseudo-random number in [0, 1) each time it is evaluated (not for cryptography).',
  inputs: [],
  outputs: [{ id: 'result', type: 'Float' }],
  deterministic: false,
  safe: true,
  eval: () => Math.random(),
  // No example: the output differs on every call.
  examples: [],
});
