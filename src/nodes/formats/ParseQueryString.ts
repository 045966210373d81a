import { defineNode } from '../sdk/index.js';
import { checkText } from './shared.js';
import { parseQuery } from './query.js';

export default defineNode({
  type: 'ParseQueryString',
  category: 'Data Formats',
  label: 'Parse Query String',
  description:
    'Parses a query string (`a=1&b=x%20y`, a leading `?` is skipped) into an object of strings. A key that repeats becomes an array of its values in order; `+` is a space; a key without `=` gets ""; malformed `%` escapes are kept as written; keys such as `a[]` or `__proto__` are plain keys. An empty text gives {}.',
  inputs: [{ id: 'text', type: 'String' }],
  outputs: [{ id: 'result', type: 'Object' }],
  eval: (text: string) => parseQuery(checkText(text)),
  examples: [{ inputs: { text: '?q=caf%C3%A9+au+lait&tag=a&tag=b&empty' }, output: { q: 'café au lait', tag: ['a', 'b'], empty: '' } }],
});
