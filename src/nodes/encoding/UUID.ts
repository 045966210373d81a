import { defineNode } from '../sdk/index.js';
import { randomUUID } from 'node:crypto';

export default defineNode({
  type: 'UUID',
  category: 'Encoding & Crypto',
  label: 'UUID',
  description:
    'A new random UUID (version 4, RFC 9562) in lowercase, such as `3b241101-e2bb-4255-8caf-4136c566a962`, from a cryptographically secure generator; a different one each time the node is evaluated.',
  outputs: [{ id: 'result', type: 'String' }],
  safe: true,
  deterministic: false,
  eval: () => randomUUID(),
  examples: [],
});
