// Regression: an impure node's output is null before the node has run (SPEC §3), whatever its type,
// so a scalar pin reading it gets null's conversion (docs/semantics.md): "" for String, false for
// Boolean, a TYPE_CONVERSION error for numbers. The generated code trusted the static type and let
// null through: `null.toUpperCase()` escaped as a raw TypeError, and `null + 1` gave 1.
import { describe, expect, it } from 'vitest';
import { pattern, run } from '../helpers.js';

/** Branch false skips `set`; `log` then reads set.value through `reader`. */
function doc(type: 'String' | 'Float' | 'Integer' | 'Boolean', reader: { type: string; pin: string; out: string; defaults?: Record<string, unknown> }) {
  return pattern(
    [
      { id: 'start', type: 'OnStart' },
      { id: 'br', type: 'Branch', defaults: { condition: false } },
      { id: 'set', type: 'SetVariable', config: { variable: 'v' }, defaults: { value: type === 'String' ? 'x' : type === 'Boolean' ? true : 1 } },
      { id: 'read', type: reader.type, ...(reader.defaults ? { defaults: reader.defaults } : {}) },
      { id: 'log', type: 'Log' },
    ],
    ['start.then -> br.exec', 'br.true -> set.exec', 'br.false -> log.exec', `set.value -> read.${reader.pin}`, `read.${reader.out} -> log.message`],
    { variables: [{ name: 'v', type }] },
  );
}

describe('null outputs of impure nodes that have not run', () => {
  it('into a String pin: ""', async () => {
    const r = await run(doc('String', { type: 'ToUpper', pin: 'value', out: 'result' }));
    expect(r.error).toBeNull();
    expect(r.logs.map((l) => l.message)).toEqual(['']);
  });

  it('into a Boolean pin: false', async () => {
    const r = await run(doc('Boolean', { type: 'Not', pin: 'value', out: 'result' }));
    expect(r.logs.map((l) => l.message)).toEqual(['true']);
  });

  it('into Float and Integer pins: a TYPE_CONVERSION error naming node and pin', async () => {
    for (const type of ['Float', 'Integer'] as const) {
      const r = await run(doc(type, { type: 'Add', pin: 'a', out: 'result', defaults: { b: 1 } }));
      expect(r.status).toBe('failed');
      expect(r.error).toMatchObject({ code: 'TYPE_CONVERSION', nodeId: 'read' });
    }
  });
});
