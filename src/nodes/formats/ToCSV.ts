import { DragopsError, defineNode, toStringValue } from '../sdk/index.js';
import { stringify } from 'csv-stringify/sync';
import { checkCount, checkResultText, kindOf, sizeError } from './shared.js';

/** The text of one cell: null is empty, strings as they are, objects and arrays as JSON, Binary as base64. */
const cell = (v: unknown): string => (v === null || v === undefined ? '' : toStringValue(v));

export default defineNode({
  type: 'ToCSV',
  category: 'Data Formats',
  label: 'To CSV',
  description:
    'Writes rows as CSV text, one line per row, each line ending in LF. Rows are objects or arrays. For object rows the columns are every key in order of first appearance, and with `header` a first line names them; a row without a key gets an empty cell. Array rows are written as they are (and get no header). Cells holding the delimiter, a quote or a line break are quoted; null is an empty cell, objects and arrays are written as JSON, Binary as base64. An empty or null array gives "". A row that is neither object nor array is an error.',
  inputs: [
    { id: 'rows', type: 'Array' },
    { id: 'delimiter', type: 'String', default: ',' },
    { id: 'header', type: 'Boolean', default: true },
  ],
  outputs: [{ id: 'text', type: 'String' }],
  eval: (rows: unknown[] | null, delimiter: string, header: boolean): string => {
    if (rows === null || rows.length === 0) return '';
    checkCount(rows.length, 'rows');
    if (delimiter === '') throw new DragopsError('NODE_ERROR', 'the delimiter is empty; give one or more characters such as "," or ";"', { pin: 'delimiter' });
    const columns: string[] = [];
    const seen = new Set<string>();
    rows.forEach((row, i) => {
      if (row === null || typeof row !== 'object' || row instanceof Uint8Array) {
        throw new DragopsError('NODE_ERROR', `row ${i} is ${kindOf(row)}; each row must be an object or an array`, { pin: 'rows' });
      }
      if (!Array.isArray(row))
        for (const k of Object.keys(row))
          if (!seen.has(k)) {
            seen.add(k);
            columns.push(k);
          }
    });
    const records: string[][] = [];
    if (header && columns.length > 0) records.push(columns);
    for (const row of rows as (unknown[] | Record<string, unknown>)[]) {
      records.push(Array.isArray(row) ? row.map(cell) : columns.map((k) => cell(Object.hasOwn(row, k) ? row[k] : null)));
    }
    try {
      return checkResultText(stringify(records, { delimiter, record_delimiter: 'unix' }), 'the CSV text');
    } catch (e) {
      throw sizeError(e, 'the CSV text');
    }
  },
  examples: [
    {
      inputs: {
        rows: [
          { name: 'Ada', age: 36 },
          { name: 'Lovelace, A.', city: 'London' },
        ],
      },
      output: 'name,age,city\nAda,36,\n"Lovelace, A.",,London\n',
    },
    {
      inputs: {
        rows: [
          ['a', 'b'],
          [1, null],
        ],
        delimiter: ';',
        header: false,
      },
      output: 'a;b\n1;\n',
    },
  ],
});
