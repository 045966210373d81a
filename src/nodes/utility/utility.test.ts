import { describe, expect, it } from 'vitest';
import defs from './index.js';
import { configOf, examplesOf, inlineMismatches, inlineNode, runExample } from '../testing.js';
import Reroute from './Reroute.js';
import Comment from './Comment.js';

describe('utility examples', () => {
  // Impure nodes (Assert) take the execution context first: their examples run in assert.test.ts.
  it.each(examplesOf(defs.filter((d) => !d.execIn)))('%s', (_name, def, ex) => {
    expect(runExample(def, ex)).toEqual(ex.output);
    expect(inlineMismatches(def, ex.inputs, ex.config)).toEqual([]);
  });
});

describe('Reroute', () => {
  it('passes the very same value through, and inlines to its input', () => {
    const o = { a: [1] };
    expect(Reroute.eval!(o)).toBe(o);
    expect(inlineNode(Reroute, { value: o })).toMatchObject({ code: '$a[0]' });
    expect(Reroute.safe).toBe(true);
    expect(Reroute.execOut).toEqual([]);
  });
});

describe('Comment', () => {
  it('is editor-only, with no pins and a text config', () => {
    expect(Comment.editorOnly).toBe(true);
    expect(Comment.inputs).toEqual([]);
    expect(Comment.outputs).toEqual([]);
    expect(Comment.execOut).toEqual([]);
    expect(Comment.execIn).toBe(false);
    expect(configOf(Comment)).toEqual({ text: '' });
    expect(configOf(Comment, { text: 'why this works' })).toEqual({ text: 'why this works' });
    expect(() => configOf(Comment, { text: 1 })).toThrow();
    expect(() => configOf(Comment, { colour: 'red' })).toThrow();
  });
});
