import { defineNode, equal } from '../sdk/index.js';

export default defineNode({
  type: 'Contains',
  category: 'Comparison',
  label: 'Contains',
  description:
    'True when the needle is a substring of a String haystack, a (deeply equal) element of an Array, or an own key of an Object; false for anything else, including a null haystack.',
  inputs: [
    { id: 'haystack', type: 'Any' },
    { id: 'needle', type: 'Any' },
  ],
  outputs: [{ id: 'result', type: 'Boolean' }],
  eval: (haystack: unknown, needle: unknown) => {
    // Numbers and booleans are searched for by their text in strings and keys ({"1": …} contains 1).
    const text = typeof needle === 'string' ? needle : typeof needle === 'number' || typeof needle === 'boolean' ? String(needle) : undefined;
    if (typeof haystack === 'string') return text !== undefined && haystack.includes(text);
    if (Array.isArray(haystack)) return haystack.some((item) => equal(item, needle));
    if (haystack === null || typeof haystack !== 'object' || haystack instanceof Uint8Array) return false;
    return text !== undefined && Object.hasOwn(haystack, text);
  },
  examples: [
    { inputs: { haystack: 'hello world', needle: 'o w' }, output: true },
    { inputs: { haystack: [{ id: 1 }, { id: 2 }], needle: { id: 2 } }, output: true },
    { inputs: { haystack: { name: 'Ada' }, needle: 'age' }, output: false },
  ],
});
