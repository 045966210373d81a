import { defineNode } from '../sdk/index.js';
import { checkLength } from './text.js';

export default defineNode({
  type: 'Replace',
  category: 'String',
  label: 'Replace',
  description:
    'Replaces every occurrence of search with replacement, both literal text (no patterns, `$` is not special); an empty search leaves the text unchanged.',
  inputs: [
    { id: 'value', type: 'String', default: '' },
    { id: 'search', type: 'String', default: '' },
    { id: 'replacement', type: 'String', default: '' },
  ],
  outputs: [{ id: 'result', type: 'String' }],
  eval: (value: string, search: string, replacement: string) => {
    if (search === '') return value;
    if (replacement.length > search.length) {
      // Count first, so that a result past the string limit fails before it is built.
      let count = 0;
      for (let i = value.indexOf(search); i >= 0; i = value.indexOf(search, i + search.length)) count++;
      checkLength(value.length + count * (replacement.length - search.length), 'the replaced text');
    }
    // `$` escaped as `$$`: the replacement is literal text, never a `$&`/`$1` pattern.
    return value.replaceAll(search, replacement.replaceAll('$', '$$$$'));
  },
  examples: [
    { inputs: { value: 'a-b-c', search: '-', replacement: '+' }, output: 'a+b+c' },
    { inputs: { value: 'cost: 5', search: '5', replacement: '$&$1' }, output: 'cost: $&$1' },
    { inputs: { value: 'aaa', search: 'aa', replacement: 'b' }, output: 'ba' },
  ],
});
