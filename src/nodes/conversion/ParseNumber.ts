import { defineNode } from '../sdk/index.js';

// Decimal notation with optional sign, grouping (1,234,567 or 1_234 or 1 234) and exponent.
const PLAIN = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const GROUPED = /^([+-]?)(\d{1,3}(?:([,_ ])\d{3})?(?:\3\d{3})*)(\.\d+)?$/;
const HEX = /^[+-]?0[xX][0-9a-fA-F]+$/;

/** A number read leniently from text, or null when the text holds no number. */
export function parseNumber(text: string): number | null {
  const t = text.trim().replace(/\u00a0|\u202f/g, ' ');
  if (t === '') return null;
  if (PLAIN.test(t)) return Number(t);
  if (HEX.test(t)) return (t.startsWith('-') ? -1 : 1) * Number(t.replace(/^[+-]/, ''));
  const g = GROUPED.exec(t);
  if (g) return Number(`${g[1]}${g[2]!.replace(/[,_ ]/g, '')}${g[4] ?? ''}`);
  return null;
}

export default defineNode({
  type: 'ParseNumber',
  category: 'Type Conversion',
  label: 'Parse Number',
  description:
    'Reads a number from text leniently: surrounding spaces, a sign, decimals, an exponent, hexadecimal (0x1F) and thousands grouped with commas, underscores or spaces ("1,234.5"); result is null and valid false instead of an error when the text holds no number.',
  inputs: [{ id: 'value', type: 'String', default: '' }],
  outputs: [
    { id: 'result', type: 'Any', description: 'The number, or null.' },
    { id: 'valid', type: 'Boolean' },
  ],
  safe: true,
  eval: (value: string) => {
    const n = parseNumber(value);
    return n === null || !Number.isFinite(n) ? { result: null, valid: false } : { result: n, valid: true };
  },
  examples: [
    { inputs: { value: ' 1,234.5 ' }, output: { result: 1234.5, valid: true } },
    { inputs: { value: '-0x1F' }, output: { result: -31, valid: true } },
    { inputs: { value: 'twelve' }, output: { result: null, valid: false } },
  ],
});
