import { describe, expect, it } from 'vitest';
import { closest, editDistance } from './suggest.js';

const types = ['Log', 'Loop', 'ForEach', 'ForRange', 'GetProperty', 'SetVariable', 'OnWebhook'];

describe('did you mean', () => {
  it('edit distance counts insertions, deletions, substitutions and swaps', () => {
    expect(editDistance('Logg', 'Log')).toBe(1);
    expect(editDistance('ForEahc', 'ForEach')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });
  it.each([
    ['Logg', 'Log'],
    ['log', 'Log'],
    ['GetPropery', 'GetProperty'],
    ['onwebhok', 'OnWebhook'],
    ['ForEahc', 'ForEach'],
  ])('%s → %s', (w, s) => {
    expect(closest(w, types)).toBe(s);
  });
  it('suggests nothing for another word', () => {
    expect(closest('Banana', types)).toBeUndefined();
    expect(closest('X', types)).toBeUndefined();
    expect(closest('a'.repeat(500), types)).toBeUndefined();
  });
});
