import { defineNode } from '../sdk/index.js';
import { checkResultText } from './shared.js';
import { buildQuery } from './query.js';

export default defineNode({
  type: 'BuildQueryString',
  category: 'Data Formats',
  label: 'Build Query String',
  description:
    'Writes an object as a query string without the leading `?`: keys in order, keys and values percent-encoded as encodeURIComponent does (a space is %20). An array repeats its key once per item; null values are left out; numbers and booleans are written as text, objects as JSON, Binary as base64. A null or empty object gives "".',
  inputs: [{ id: 'object', type: 'Object' }],
  outputs: [{ id: 'result', type: 'String' }],
  eval: (object: Record<string, unknown> | null) => checkResultText(buildQuery(object), 'the query string'),
  examples: [{ inputs: { object: { q: 'café au lait', tag: ['a', 'b'], page: 2, skip: null } }, output: 'q=caf%C3%A9%20au%20lait&tag=a&tag=b&page=2' }],
});
