import { defineNode } from '../sdk/index.js';
import { checkLength } from './text.js';
import { checkWork, expand, matches, regexCache } from './regex.js';

export default defineNode({
  type: 'RegexReplace',
  category: 'String',
  label: 'Regex Replace',
  description:
    'Replaces the first match of a regular expression (every match with the g flag) by the replacement, where $1, $<name>, $& and $$ work as in JavaScript; RE2 syntax, so backreferences and lookahead in the pattern are errors, and no match leaves the text unchanged.',
  inputs: [
    { id: 'value', type: 'String', default: '' },
    { id: 'pattern', type: 'String' },
    { id: 'replacement', type: 'String', default: '' },
    { id: 'flags', type: 'String', default: '' },
  ],
  outputs: [{ id: 'result', type: 'String' }],
  make: () => {
    const compile = regexCache();
    return (value: string, pattern: string, replacement: string, flags: string) => {
      const r = compile(pattern, flags);
      checkWork(r, value);
      const out: string[] = [];
      const state = { length: 0 };
      let last = 0;
      for (const m of matches(r, value)) {
        state.length += m.index - last;
        out.push(value.slice(last, m.index));
        expand(replacement, m, value, out, state);
        last = m.index + m[0].length;
      }
      if (last === 0 && out.length === 0) return value;
      out.push(value.slice(last));
      state.length += value.length - last;
      checkLength(state.length, 'the replaced text');
      return out.join('');
    };
  },
  examples: [
    { inputs: { value: 'a-b-c', pattern: '-', replacement: '+' }, output: 'a+b-c' },
    { inputs: { value: 'a-b-c', pattern: '-', replacement: '+', flags: 'g' }, output: 'a+b+c' },
    { inputs: { value: 'John Smith', pattern: '(\\w+) (\\w+)', replacement: '$2, $1' }, output: 'Smith, John' },
  ],
});
