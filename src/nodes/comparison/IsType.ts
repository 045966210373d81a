import { defineNode, typeOfValue } from '../sdk/index.js';

export const TYPE_NAMES = ['String', 'Integer', 'Float', 'Boolean', 'Object', 'Array', 'DateTime', 'Binary', 'Null'] as const;

// ISO 8601 calendar date, optionally with a time and a zone (the forms DateTime pins produce and accept).
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):?(\d{2}))?)?$/;

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isIsoDate(s: string): boolean {
  const m = ISO.exec(s);
  if (!m) return false;
  const [, y, mo, d, h = '0', mi = '0', sec = '0', zh = '0', zm = '0'] = m;
  const year = Number(y),
    month = Number(mo),
    day = Number(d);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 ? (leap ? 29 : 28) : DAYS[month - 1]!)) return false; // 2023-02-29 is not a date
  return Number(h) <= 23 && Number(mi) <= 59 && Number(sec) <= 59 && Number(zh) <= 23 && Number(zm) <= 59;
}

export default defineNode({
  type: 'IsType',
  category: 'Comparison',
  label: 'Is Type',
  description:
    'True when the value has the given data type; an Integer also counts as a Float, and an ISO 8601 date string counts as both DateTime and String.',
  inputs: [
    { id: 'value', type: 'Any' },
    { id: 'type', type: 'Enum', options: TYPE_NAMES, default: 'String' },
  ],
  outputs: [{ id: 'result', type: 'Boolean' }],
  safe: true,
  eval: (value: unknown, type: string) => {
    if (type === 'Float') return typeof value === 'number';
    if (type === 'DateTime') return typeof value === 'string' && isIsoDate(value);
    return typeOfValue(value) === type;
  },
  examples: [
    { inputs: { value: 3, type: 'Float' }, output: true },
    { inputs: { value: '2024-05-01T12:00:00.000Z', type: 'DateTime' }, output: true },
    { inputs: { value: [1], type: 'Object' }, output: false },
  ],
});
