import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { build, pattern } from '../../../test/helpers.js';
import type { WorkBound } from './bound.js';

const boundOf = (doc: unknown): WorkBound | undefined => {
  const r = build(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.compiled.bound;
};
const example = (name: string) => JSON.parse(readFileSync(new URL(`../../../examples/${name}`, import.meta.url), 'utf8'));
const hook = { id: 'hook', type: 'OnWebhook', config: { responseMode: 'lastNode' } };

describe('the work bound of a plan', () => {
  it('W1 is bounded by its event: a ForEach over the body whose turns set a number', () => {
    const b = boundOf(example('w1-order-summary.pattern.json'))!;
    expect(b.perByte).toBeGreaterThan(0);
    expect(b.perByte * 1000 + b.fixed).toBeLessThan(2_000_000);
  });

  it('a chain of concatenations of the body grows with each level (sizes add up)', () => {
    const chain = (n: number) =>
      pattern(
        [hook, { id: 'log', type: 'Log' }, ...Array.from({ length: n }, (_, i) => ({ id: `c${i}`, type: 'Concat' })), { id: 'text', type: 'ToString' }],
        [
          'hook.then -> log.exec',
          'hook.body -> text.value',
          'text.result -> c0.a',
          'text.result -> c0.b',
          ...Array.from({ length: n - 1 }, (_, i) => [`c${i}.result -> c${i + 1}.a`, `c${i}.result -> c${i + 1}.b`]).flat(),
          `c${n - 1}.result -> log.message`,
        ],
      );
    const two = boundOf(chain(2))!,
      ten = boundOf(chain(10))!;
    expect(ten.perByte).toBeGreaterThan(two.perByte * 100); // doubling per level: 2^10 against 2^2
  });

  it('has no bound with an amplifying node, a wait, a call, or a loop that grows a value', () => {
    // (A Range of constants is folded at compile time: its size is known, so it is bounded.)
    expect(
      boundOf(
        pattern([hook, { id: 'r', type: 'Range', defaults: { end: 10 } }, { id: 'log', type: 'Log' }], ['hook.then -> log.exec', 'r.result -> log.message']),
      ),
    ).toBeDefined();
    expect(
      boundOf(
        pattern(
          [hook, { id: 'n', type: 'GetProperty', defaults: { key: 'n' } }, { id: 'r', type: 'Range' }, { id: 'log', type: 'Log' }],
          ['hook.then -> log.exec', 'hook.body -> n.object', 'n.value -> r.end', 'r.result -> log.message'],
        ),
      ),
    ).toBeUndefined();
    expect(boundOf(pattern([hook, { id: 'wait', type: 'Delay', defaults: { seconds: 0 } }], ['hook.then -> wait.exec']))).toBeUndefined();
    expect(boundOf(example('fizzbuzz.pattern.json'))).toBeUndefined(); // AppendToString inside ForRange
    const grows = pattern(
      [
        { id: 'start', type: 'OnStart' },
        { id: 'loop', type: 'ForRange', defaults: { end: 10 } },
        { id: 'get', type: 'GetVariable', config: { variable: 's' } },
        { id: 'cat', type: 'Concat', defaults: { b: 'x' } },
        { id: 'set', type: 'SetVariable', config: { variable: 's' } },
      ],
      ['start.then -> loop.exec', 'loop.body -> set.exec', 'get.value -> cat.a', 'cat.result -> set.value'],
      { variables: [{ name: 's', type: 'String', default: '' }] },
    );
    expect(boundOf(grows)).toBeUndefined();
  });

  it('a loop that only counts keeps the bound; the same loop appending loses it', () => {
    const loop = (node: { id: string; type: string; config: Record<string, unknown>; defaults?: Record<string, unknown> }, type: 'Float' | 'Array') =>
      pattern(
        [{ id: 'start', type: 'OnStart' }, { id: 'loop', type: 'ForRange', defaults: { end: 1000000 } }, node],
        ['start.then -> loop.exec', `loop.body -> ${node.id}.exec`],
        { variables: [{ name: 'v', type, default: type === 'Float' ? 0 : [] }] },
      );
    expect(boundOf(loop({ id: 'inc', type: 'IncrementVariable', config: { variable: 'v' } }, 'Float'))).toBeDefined();
    expect(boundOf(loop({ id: 'add', type: 'AppendToArray', config: { variable: 'v' }, defaults: { item: 1 } }, 'Array'))).toBeUndefined();
  });
});
