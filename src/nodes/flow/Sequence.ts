import { defineNode, nil } from '../sdk/index.js';
import { Type } from '@sinclair/typebox';

export default defineNode<{ count: number }>({
  type: 'Sequence',
  category: 'Flow Control',
  label: 'Sequence',
  description:
    'Fires `then0`, `then1`, … one after the other. Use it to run several chains in order, or to join branches: put the shared tail on the last output.',
  config: Type.Object({ count: Type.Integer({ default: 2, minimum: 1, maximum: 100 }) }, { additionalProperties: false }),
  execOut: (c) => Array.from({ length: c.count }, (_v, i) => `then${i}`),
  emit: (g) => {
    for (let i = 0; i < (g.config.count as number); i++) g.follow(`then${i}`);
    return nil;
  },
});
