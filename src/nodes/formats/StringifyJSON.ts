import { defineNode } from '../sdk/index.js';
import { stringifyJson } from './json.js';

export default defineNode({
  type: 'StringifyJSON',
  category: 'Data Formats',
  label: 'Stringify JSON',
  description:
    'Writes the value as JSON text, compact or indented by 2 spaces when pretty; Binary becomes base64, NaN and Infinity null, and a circular value is an error.',
  inputs: [
    { id: 'value', type: 'Any' },
    { id: 'pretty', type: 'Boolean', default: false },
  ],
  outputs: [{ id: 'text', type: 'String' }],
  eval: (value: unknown, pretty: boolean) => stringifyJson(value, pretty ? 2 : undefined),
  examples: [
    { inputs: { value: { a: 1, b: [true, null] } }, output: '{"a":1,"b":[true,null]}' },
    { inputs: { value: [1, 2], pretty: true }, output: '[\n  1,\n  2\n]' },
    { inputs: { value: 'hi' }, output: '"hi"' },
  ],
});
