import { DragopsError, defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'Assert',
  impure: true,
  category: 'Utility',
  label: 'Assert',
  description:
    'Checks that condition is true and then continues; a false (or null) condition raises a USER_ERROR of type "AssertionError" with the message, which a TryCatch can catch.',
  inputs: [
    { id: 'condition', type: 'Boolean' },
    { id: 'message', type: 'String', default: 'assertion failed' },
  ],
  make: (_c, node) => (_ctx: unknown, condition: boolean, message: string) => {
    if (!condition) throw new DragopsError('USER_ERROR', message || 'assertion failed', { type: 'AssertionError', nodeId: node.id });
    return null;
  },
  examples: [{ inputs: { condition: true }, output: null, note: 'Continues with then.' }],
});
