// The editor's bottom panel height (web/src/editor/panelSize.ts): a default that grows with the
// window, a remembered height that is always clamped so the canvas and the panel both stay usable.
import { describe, expect, it } from 'vitest';
import { CANVAS_MIN, clampPanelHeight, defaultPanelHeight, PANEL_MIN, parseStoredHeight } from '../../web/src/editor/panelSize.js';

// What the canvas and the panel share: the window less the top bar (44) and the editor toolbar (48).
const shared = (windowHeight: number) => windowHeight - 44 - 48;

describe('bottom panel height', () => {
  it('by default leaves the canvas most of a small window and gives the panel more of a tall one', () => {
    expect(defaultPanelHeight(shared(720))).toBe(167);
    expect(shared(720) - defaultPanelHeight(shared(720))).toBeGreaterThan(450);
    expect(defaultPanelHeight(shared(900))).toBe(275);
    expect(defaultPanelHeight(shared(1080))).toBeGreaterThan(380);
    expect(defaultPanelHeight(shared(2000))).toBe(420);
  });
  it('a dragged height is kept between the panel minimum and what leaves the canvas its minimum', () => {
    expect(clampPanelHeight(300, 800)).toBe(300);
    expect(clampPanelHeight(20, 800)).toBe(PANEL_MIN);
    expect(clampPanelHeight(790, 800)).toBe(800 - CANVAS_MIN);
    expect(clampPanelHeight(250.6, 800)).toBe(251);
    // A window too small for both: the panel keeps its minimum.
    expect(clampPanelHeight(200, 200)).toBe(PANEL_MIN);
  });
  it('reads back only a sensible stored height', () => {
    expect(parseStoredHeight('320')).toBe(320);
    expect(parseStoredHeight(null)).toBeNull();
    for (const v of ['', 'abc', '-5', '1e9', 'NaN']) expect(parseStoredHeight(v)).toBeNull();
  });
});
