import { defineData, defineNode } from '../sdk/index.js';
import { checkItems } from './text.js';
import { checkWork, matches, regexCache } from './regex.js';

export default defineNode({
  type: 'RegexMatch',
  category: 'String',
  label: 'Regex Match',
  description:
    'Searches the text with a regular expression (RE2 syntax with JavaScript escapes; flags g i m s u; no backreferences or lookahead, which are errors): groups is the first match then its capture groups (null when a group took no part), or with g every match; [] and matched false when nothing matches.',
  inputs: [
    { id: 'value', type: 'String', default: '' },
    { id: 'pattern', type: 'String' },
    { id: 'flags', type: 'String', default: '' },
  ],
  outputs: [
    { id: 'matched', type: 'Boolean' },
    { id: 'groups', type: 'Array' },
    { id: 'named', type: 'Object', description: 'The named groups ((?<name>…)) of the first match.' },
  ],
  make: () => {
    const compile = regexCache();
    return (value: string, pattern: string, flags: string) => {
      const r = compile(pattern, flags);
      checkWork(r, value);
      const groups: unknown[] = [];
      const named: Record<string, unknown> = {};
      let first = true;
      for (const m of matches(r, value)) {
        if (first && m.groups) for (const k of Object.keys(m.groups)) defineData(named, k, m.groups[k] ?? null);
        if (r.global) {
          groups.push(m[0]);
          checkItems(groups.length, 'the list of matches');
        } else {
          for (let i = 0; i < m.length; i++) groups.push(m[i] ?? null);
        }
        first = false;
      }
      return { matched: !first, groups, named };
    };
  },
  examples: [
    { inputs: { value: 'order 2024-05', pattern: '(\\d{4})-(\\d{2})' }, output: { matched: true, groups: ['2024-05', '2024', '05'], named: {} } },
    { inputs: { value: 'a1 b22 c333', pattern: '\\d+', flags: 'g' }, output: { matched: true, groups: ['1', '22', '333'], named: {} } },
    { inputs: { value: 'Id: X7', pattern: 'id: (?<id>\\w+)', flags: 'i' }, output: { matched: true, groups: ['Id: X7', 'X7'], named: { id: 'X7' } } },
  ],
});
