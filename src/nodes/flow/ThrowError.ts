import { DragopsError, defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'ThrowError',
  impure: true,
  category: 'Flow Control',
  label: 'Throw Error',
  description: 'Raises an error with `message` and `type` (code USER_ERROR): caught by an enclosing TryCatch or Retry, else the execution fails.',
  inputs: [
    { id: 'message', type: 'String' },
    { id: 'type', type: 'String', default: 'Error' },
  ],
  execOut: [],
  make: (_c, node) => (_ctx: unknown, message: string, type: string) => {
    throw new DragopsError('USER_ERROR', message, { type: type || 'Error', nodeId: node.id });
  },
});
