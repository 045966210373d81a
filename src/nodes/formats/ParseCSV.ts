import { DragopsError, defineData, defineNode } from '../sdk/index.js';
import { parse } from 'csv-parse/sync';
import { checkText, MAX_ITEMS, sizeError } from './shared.js';

function parseRows(text: string, delimiter: string): string[][] {
  try {
    return parse(text, {
      delimiter,
      bom: true,
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      to: MAX_ITEMS + 2, // one header line and one record past the limit tell that the limit is passed
    }) as string[][];
  } catch (e) {
    const err = sizeError(e, 'the CSV text');
    if (err instanceof DragopsError) throw err;
    const c = e as { message?: string; lines?: number };
    throw new DragopsError('NODE_ERROR', `invalid CSV: ${c.message ?? String(e)}`, {
      cause: e,
      details: c.lines === undefined ? undefined : { line: c.lines },
    });
  }
}

export default defineNode({
  type: 'ParseCSV',
  category: 'Data Formats',
  label: 'Parse CSV',
  description:
    'Parses CSV text (RFC 4180: quoted fields may hold the delimiter, quotes doubled as "" and line breaks; lines end in LF, CRLF or CR; a byte-order mark and empty lines are skipped). With `header` the first line names the columns and each row is an object of strings keyed by them: a short row gets "" for its missing columns, extra fields are dropped, and of two columns with the same name the last wins. Without `header` each row is an array of strings. Values are never converted (use To Integer and friends). An unterminated quote is an error giving the line; an empty delimiter is an error; more than 1,000,000 rows or text over 16 Mi characters is LIMIT_EXCEEDED.',
  inputs: [
    { id: 'text', type: 'String' },
    { id: 'delimiter', type: 'String', default: ',' },
    { id: 'header', type: 'Boolean', default: true },
  ],
  outputs: [{ id: 'rows', type: 'Array' }],
  eval: (text: string, delimiter: string, header: boolean): unknown[] => {
    checkText(text);
    if (delimiter === '') throw new DragopsError('NODE_ERROR', 'the delimiter is empty; give one or more characters such as "," or ";"', { pin: 'delimiter' });
    if (/[\r\n"]/.test(delimiter)) throw new DragopsError('NODE_ERROR', 'the delimiter cannot contain a quote or a line break', { pin: 'delimiter' });
    const records = parseRows(text, delimiter);
    const count = header ? records.length - 1 : records.length;
    if (count > MAX_ITEMS) throw new DragopsError('LIMIT_EXCEEDED', `the CSV text has more than ${MAX_ITEMS} rows`);
    if (!header) return records;
    const columns = records[0] ?? [];
    const rows: Record<string, string>[] = new Array(Math.max(0, records.length - 1));
    for (let r = 1; r < records.length; r++) {
      const rec = records[r]!;
      const row: Record<string, string> = {};
      for (let c = 0; c < columns.length; c++) defineData(row, columns[c]!, rec[c] ?? '');
      rows[r - 1] = row;
    }
    return rows;
  },
  examples: [
    {
      inputs: { text: 'name,age\nAda,36\n"Lovelace, A.",""' },
      output: [
        { name: 'Ada', age: '36' },
        { name: 'Lovelace, A.', age: '' },
      ],
    },
    {
      inputs: { text: 'a;b\n1;2', delimiter: ';', header: false },
      output: [
        ['a', 'b'],
        ['1', '2'],
      ],
    },
  ],
});
