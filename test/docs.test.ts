import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderErrorsDoc } from '../src/errors/doc.js';
import { renderNodesDoc } from '../src/nodes/doc.js';

const doc = (name: string) => readFileSync(new URL(`../docs/${name}`, import.meta.url), 'utf8');

describe('docs stay in step with the code', () => {
  it('docs/errors.md lists every code of the catalog (regenerate with `npm run docs`)', () => {
    expect(doc('errors.md')).toBe(renderErrorsDoc());
  });
  it('docs/nodes.md describes every node of the library (regenerate with `npm run docs`)', () => {
    expect(doc('nodes.md')).toBe(renderNodesDoc());
  });
});
