import { defineNode } from '../sdk/index.js';
import { checkLength } from './text.js';

// Fixed, linear patterns: no nested quantifiers.
const MARKS = /\p{M}+/gu;
const NOT_WORD = /[^\p{L}\p{N}]+/gu;
const DASHES = /-{2,}/g;
const EDGES = /^-+|-+$/g;
const CHUNK = 1 << 16;

/** One piece of text, slugified without collapsing dashes at its edges (the caller does that). */
const piece = (s: string) => s.normalize('NFKD').replace(MARKS, '').toLowerCase().replace(NOT_WORD, '-');

function slugify(value: string): string {
  if (value.length <= CHUNK) return piece(value).replace(EDGES, '');
  // Long texts go in chunks: decomposition can multiply a text's length (one ligature becomes 18
  // characters), so the growing result is checked against the string limit as it is built.
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; i < value.length;) {
    let end = Math.min(i + CHUNK, value.length);
    const c = value.charCodeAt(end - 1);
    if (c >= 0xd800 && c <= 0xdbff && end < value.length) end++; // never split a surrogate pair
    const p = piece(value.slice(i, end));
    length += p.length;
    checkLength(length, 'the slug');
    parts.push(p);
    i = end;
  }
  return parts.join('').replace(DASHES, '-').replace(EDGES, '');
}

export default defineNode({
  type: 'Slugify',
  category: 'String',
  label: 'Slugify',
  description:
    'A URL-friendly form of the text: lower case, accents removed, every run of characters other than letters and digits (any script) replaced by one "-", no "-" at either end; empty text gives "".',
  inputs: [{ id: 'value', type: 'String', default: '' }],
  outputs: [{ id: 'result', type: 'String' }],
  eval: slugify,
  examples: [
    { inputs: { value: 'Crème Brûlée: 2 Ways!' }, output: 'creme-brulee-2-ways' },
    { inputs: { value: '  Ünïcode & 日本語 ' }, output: 'unicode-日本語' },
  ],
});
