// The Patterns page's file handling (web/src/pages/patterns/files.ts): what Import refuses before
// asking the server, and the name Export saves under.
import { describe, expect, it } from 'vitest';
import { exportFileName, readPatternFile, rewriteCalls } from '../../web/src/pages/patterns/files.js';

describe('pattern files', () => {
  it('reads a pattern document, keeping its id for the server to keep or replace', () => {
    const doc = { format: 'dragops.pattern/1', id: 'pat_1', name: 'A', nodes: [], wires: [] };
    expect(readPatternFile(JSON.stringify(doc))).toEqual({ ok: true, doc });
  });
  it('refuses what is plainly not a pattern file, saying why and naming the file', () => {
    expect(readPatternFile('{nope', 'x.json')).toMatchObject({ ok: false, error: expect.stringMatching(/^x\.json is not JSON: /) });
    expect(readPatternFile('[1]', 'x.json')).toEqual({ ok: false, error: 'x.json is not a pattern: a pattern file holds one JSON object' });
    expect(readPatternFile('null')).toMatchObject({ ok: false });
    expect(readPatternFile('{"nodes":[]}', 'y.json')).toEqual({ ok: false, error: 'y.json is not a pattern: it has no "nodes" and "wires" lists' });
  });
  it('saves an export as the server names it, else <id>.pattern.json, never with a path in it', () => {
    expect(exportFileName('pat_1')).toBe('pat_1.pattern.json');
    expect(exportFileName('pat_1', 'pat_1.pattern.json')).toBe('pat_1.pattern.json');
    expect(exportFileName('../etc', null)).toBe('.._etc.pattern.json');
    expect(exportFileName('p', 'a/b c.json')).toBe('a_b_c.json');
  });
});

describe('an example imported with its callee', () => {
  it('calls the callee by the id it was given; other nodes and calls stay as they are', () => {
    const doc = {
      format: 'dragops.pattern/1',
      nodes: [
        { id: 'tax', type: 'CallPattern', config: { pattern: 'tax-calculator', mode: 'wait' } },
        { id: 'other', type: 'CallPattern', config: { pattern: 'elsewhere' } },
        { id: 'log', type: 'Log', config: { pattern: 'tax-calculator' } },
      ],
      wires: [],
    };
    const out = rewriteCalls(doc, new Map([['tax-calculator', 'pat_9']]));
    expect(out.nodes).toEqual([
      { id: 'tax', type: 'CallPattern', config: { pattern: 'pat_9', mode: 'wait' } },
      { id: 'other', type: 'CallPattern', config: { pattern: 'elsewhere' } },
      { id: 'log', type: 'Log', config: { pattern: 'tax-calculator' } },
    ]);
    expect(doc.nodes[0]!.config.pattern).toBe('tax-calculator'); // not changed in place
    expect(rewriteCalls(doc, new Map())).toBe(doc);
  });
});
