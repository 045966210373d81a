import { _, defineNode } from '../sdk/index.js';
import { Type } from '@sinclair/typebox';

export default defineNode<{ name: string }>({
  type: 'GetEnvironment',
  category: 'Variables',
  label: 'Get Environment',
  description:
    'Reads an environment variable that the server explicitly allows (`dragops run --env NAME`; never the whole process environment). An empty string when it is not allowed or not set (the output is a String).',
  config: Type.Object({ name: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
  outputs: [{ id: 'value', type: 'String' }],
  safe: true,
  deterministic: false,
  inline: (g) => _`(${g.ctx}.environment(${g.config.name}) ?? "")`,
});
