// Where the editor puts a new node (web/src/editor/placement.ts): always fully inside the visible
// canvas, near the point asked for, not over another node.
import { describe, expect, it } from 'vitest';
import { estimateSize, fitInside, MARGIN, placeNode, type Box } from '../../web/src/editor/placement.js';

const view: Box = { x: 0, y: 0, width: 1000, height: 500 };
const size = { width: 200, height: 80 };
const inside = (p: { x: number; y: number }, v: Box = view) =>
  p.x >= v.x + MARGIN && p.y >= v.y + MARGIN && p.x + size.width <= v.x + v.width - MARGIN && p.y + size.height <= v.y + v.height - MARGIN;

describe('placing a new node', () => {
  it('a point near the right or bottom edge is pulled in just enough', () => {
    expect(fitInside({ x: 950, y: 480 }, size, view)).toEqual({ x: 1000 - 200 - MARGIN, y: 500 - 80 - MARGIN });
    expect(fitInside({ x: -40, y: 100 }, size, view)).toEqual({ x: MARGIN, y: 100 });
    expect(fitInside({ x: 300, y: 200 }, size, view)).toEqual({ x: 300, y: 200 });
  });
  it('a view smaller than the node keeps its top-left corner visible', () => {
    expect(fitInside({ x: 50, y: 50 }, size, { x: 0, y: 0, width: 150, height: 60 })).toEqual({ x: MARGIN, y: MARGIN });
  });
  it('works in any flow coordinates (a panned, zoomed view)', () => {
    const v = { x: -2000, y: 300, width: 640, height: 360 };
    const p = placeNode({ x: -1390, y: 640 }, size, v, []);
    expect(inside(p, v)).toBe(true);
  });
  it('a taken spot moves the node next to it, still inside the view', () => {
    const taken = [{ x: 400, y: 200, width: 200, height: 80 }];
    const p = placeNode({ x: 400, y: 200 }, size, view, taken);
    expect(inside(p)).toBe(true);
    expect(p).not.toEqual({ x: 400, y: 200 });
    expect(Math.abs(p.x - 400) + Math.abs(p.y - 200)).toBeLessThan(400);
  });
  it('near the edge with the neighbour taken, it goes inwards, not off the canvas', () => {
    const edge = fitInside({ x: 990, y: 490 }, size, view);
    const p = placeNode({ x: 990, y: 490 }, size, view, [{ ...edge, ...size }]);
    expect(inside(p)).toBe(true);
  });
  it('a full view still gives a visible spot', () => {
    const p = placeNode({ x: 500, y: 250 }, size, view, [{ x: -5000, y: -5000, width: 10000, height: 10000 }]);
    expect(inside(p)).toBe(true);
  });
  it('estimates a node by its rows of pins', () => {
    const def = {
      type: 'Log',
      label: 'Log',
      category: 'x',
      description: '',
      kind: 'action',
      pure: false,
      trigger: false,
      execIn: true,
      execOut: ['then'],
      inputs: [
        { id: 'message', type: 'String' },
        { id: 'level', type: 'String' },
      ],
      outputs: [],
    } as never;
    expect(estimateSize(def)).toEqual({ width: 220, height: 28 + 3 * 22 + 6 });
    expect(estimateSize(undefined).height).toBe(28 + 22 + 6);
  });
});
