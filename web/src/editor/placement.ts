// Where a node added to the canvas goes (library click, right-click search, drop): fully inside the
// visible part of the canvas, on a free spot near where it was asked for. Pure: flow coordinates in,
// flow coordinates out, so it is tested with small drawn layouts.
import type { NodeDescription } from '../types.js';
import { inputPins, outputPins } from './pins.js';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface Point {
  x: number;
  y: number;
}

/** Gap kept between a placed node and the edge of the visible canvas (flow units). */
export const MARGIN = 16;

/** A node's size on the canvas before it is measured: its width at least, its rows of pins. */
export function estimateSize(def: NodeDescription | undefined): { width: number; height: number } {
  const rows = Math.max(inputPins(def).length, outputPins(def).length, 1);
  return { width: 220, height: 28 + rows * 22 + 6 };
}

/** `p` moved the least so that a `size` box at it lies inside `view` (with MARGIN); a view too
 * small for the box keeps its top-left corner visible. */
export function fitInside(p: Point, size: { width: number; height: number }, view: Box): Point {
  const clamp = (v: number, lo: number, hi: number) => (hi < lo ? lo : Math.min(Math.max(v, lo), hi));
  return {
    x: Math.round(clamp(p.x, view.x + MARGIN, view.x + view.width - size.width - MARGIN)),
    y: Math.round(clamp(p.y, view.y + MARGIN, view.y + view.height - size.height - MARGIN)),
  };
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/**
 * A spot for a new node near `at` that is inside `view` and does not cover a node of `taken`
 * (their boxes, with a small gap); tried in rings around `at`, nearest first. When every spot
 * tried is covered, `at` fitted inside the view.
 */
export function placeNode(at: Point, size: { width: number; height: number }, view: Box, taken: readonly Box[]): Point {
  const start = fitInside(at, size, view);
  const gap = 24;
  const free = (p: Point) => !taken.some((t) => overlaps({ x: p.x - gap, y: p.y - gap, width: size.width + 2 * gap, height: size.height + 2 * gap }, t));
  if (free(start)) return start;
  const stepX = size.width + gap,
    stepY = size.height + gap;
  for (let ring = 1; ring <= 6; ring++) {
    const candidates: Point[] = [];
    for (let dx = -ring; dx <= ring; dx++)
      for (let dy = -ring; dy <= ring; dy++) {
        if (Math.max(Math.abs(dx), Math.abs(dy)) !== ring) continue;
        candidates.push({ x: start.x + dx * stepX, y: start.y + dy * stepY });
      }
    // Nearest first; ties: right of and below before left of and above (reading order).
    candidates.sort((a, b) => Math.hypot(a.x - start.x, a.y - start.y) - Math.hypot(b.x - start.x, b.y - start.y) || b.x - a.x || b.y - a.y);
    for (const c of candidates) {
      const f = fitInside(c, size, view);
      if (f.x === c.x && f.y === c.y && free(c)) return c;
    }
  }
  return start;
}
