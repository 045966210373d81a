import { defineNode } from '../sdk/index.js';
import { parseJson } from './json.js';

export default defineNode({
  type: 'ParseJSON',
  category: 'Data Formats',
  label: 'Parse JSON',
  description:
    'Parses JSON text into a value (a leading byte-order mark is ignored); invalid JSON is an error giving the position, line and column of the problem.',
  inputs: [{ id: 'text', type: 'String' }],
  outputs: [{ id: 'value', type: 'Any' }],
  // JSON.parse makes "__proto__" keys own data properties, so parsed keys never reach a prototype.
  eval: (text: string) => parseJson(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text),
  examples: [
    { inputs: { text: '{"a":[1,2],"b":null}' }, output: { a: [1, 2], b: null } },
    { inputs: { text: ' "hi" ' }, output: 'hi' },
  ],
});
