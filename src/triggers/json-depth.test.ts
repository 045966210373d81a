import { describe, expect, it } from 'vitest';
import { jsonDepthWithin, MAX_JSON_DEPTH } from './json-depth.js';

const nested = (n: number, open = '[', close = ']', inner = '1') => open.repeat(n) + inner + close.repeat(n);

describe('jsonDepthWithin', () => {
  it('counts arrays and objects alike, up to the limit and not past it', () => {
    expect(jsonDepthWithin(nested(MAX_JSON_DEPTH))).toBe(true);
    expect(jsonDepthWithin(nested(MAX_JSON_DEPTH + 1))).toBe(false);
    const objects = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
    expect(jsonDepthWithin(objects(MAX_JSON_DEPTH))).toBe(true);
    expect(jsonDepthWithin(objects(MAX_JSON_DEPTH + 1))).toBe(false);
    expect(jsonDepthWithin(nested(5000))).toBe(false);
  });

  it('brackets inside strings (escaped quotes too) do not count', () => {
    const s = JSON.stringify({ text: '['.repeat(2000) + '\\"[[[' + '{'.repeat(2000) });
    expect(jsonDepthWithin(s)).toBe(true);
    expect(jsonDepthWithin(`[${JSON.stringify('"\\')}, ${nested(MAX_JSON_DEPTH)}]`)).toBe(false);
    expect(jsonDepthWithin(`[${JSON.stringify('"\\')}, ${nested(MAX_JSON_DEPTH - 1)}]`)).toBe(true);
  });

  it('wide documents are fine however long; depth is measured, not bracket counts', () => {
    expect(jsonDepthWithin(JSON.stringify(Array.from({ length: 10_000 }, (_, i) => [{ i }])))).toBe(true);
    expect(jsonDepthWithin(nested(3, '[', ']', '1'), 2)).toBe(false);
    expect(jsonDepthWithin('[[1],[2]]', 2)).toBe(true);
  });
});
