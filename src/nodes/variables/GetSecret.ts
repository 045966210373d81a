import { _, defineNode } from '../sdk/index.js';
import { Type } from '@sinclair/typebox';

export default defineNode<{ name: string }>({
  type: 'GetSecret',
  category: 'Variables',
  label: 'Get Secret',
  description:
    'Reads a named secret (server: stored encrypted; `dragops run`: from --secrets FILE). An empty string when it is not set (the output is a String; test it with Equal ""). Once read, its value is shown as *** wherever it would appear in this execution\'s log, Log messages and error messages (values shorter than 4 characters are not masked).',
  config: Type.Object({ name: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
  outputs: [{ id: 'value', type: 'String' }],
  safe: true,
  deterministic: false,
  inline: (g) => _`(${g.ctx}.secret(${g.config.name}) ?? "")`,
});
