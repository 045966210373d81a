// The editor's "differs from live" mark compares the draft with the live version in a canonical form
// (web/src/editor/graph.ts graphOf): positions, key order, node order and wire order do not count.
import { describe, expect, it } from 'vitest';
import { graphOf } from '../../web/src/editor/graph.js';
import type { PatternDocument } from '../../web/src/types.js';

const doc = (): PatternDocument => ({
  format: 'dragops.pattern/1',
  name: 'P',
  tags: ['a'],
  nodes: [
    { id: 'start', type: 'OnStart', position: { x: 0, y: 0 } },
    { id: 'log', type: 'Log', position: { x: 200, y: 0 }, defaults: { message: 'hi', level: 'info' } },
    { id: 'log2', type: 'Log', position: { x: 400, y: 0 } },
  ],
  wires: [
    { from: { node: 'start', pin: 'then' }, to: { node: 'log', pin: 'exec' } },
    { from: { node: 'log', pin: 'then' }, to: { node: 'log2', pin: 'exec' } },
  ],
});

describe('graphOf', () => {
  it('ignores wire order, node order, key order and positions', () => {
    const a = doc(),
      b = doc();
    b.wires.reverse();
    b.nodes.reverse();
    b.nodes[0]!.position = { x: 999, y: 9 };
    b.nodes[1] = { defaults: { level: 'info', message: 'hi' }, type: 'Log', id: 'log' };
    expect(graphOf(b)).toBe(graphOf(a));
    expect(graphOf({ ...a, description: undefined })).toBe(graphOf(a));
  });
  it('sees a changed wire, default, node or tag', () => {
    const base = graphOf(doc());
    const rewired = doc();
    rewired.wires[1] = { from: { node: 'start', pin: 'then' }, to: { node: 'log2', pin: 'exec' } };
    const redefault = doc();
    redefault.nodes[1]!.defaults = { message: 'hello', level: 'info' };
    const retyped = doc();
    retyped.nodes[2]!.type = 'Print';
    const retagged = { ...doc(), tags: ['b'] };
    for (const d of [rewired, redefault, retyped, retagged]) expect(graphOf(d)).not.toBe(base);
  });
  it('does not sort what is ordered: tags, a node list inside config', () => {
    const x = doc(),
      y = doc();
    x.nodes[1]!.config = { keys: ['a', 'b'] };
    y.nodes[1]!.config = { keys: ['b', 'a'] };
    expect(graphOf(x)).not.toBe(graphOf(y));
  });
});
