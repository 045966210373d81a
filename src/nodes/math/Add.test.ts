import { describe, expect, it } from 'vitest';
import Add from './Add.js';

describe('Add', () => {
  it('adds', () => {
    expect(Add.eval!(2, 3)).toBe(5);
    expect(Add.eval!(-1.5, 1.5)).toBe(0);
  });
});
