import { defineNode, nil } from '../sdk/index.js';

export default defineNode({
  type: 'OnError',
  category: 'Events',
  label: 'On Error',
  description: 'Runs when an error is not handled anywhere else in the execution. The execution still ends `failed`; `error` is {message, type, code, nodeId}.',
  trigger: 'errorHandler',
  outputs: [{ id: 'error', type: 'Object' }],
  // The generator assigns `error` before this runs (see codegen/generate.ts).
  emit: (g) => {
    g.follow('then');
    return nil;
  },
});
