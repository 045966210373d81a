// The height of the editor's bottom panel (library, console). `available` is the height the canvas
// and the panel share. By default the canvas gets the first ~350 px and the panel grows with the
// window after that (167 px at 1280×720, leaving the canvas 461; 275 px at 1440×900; ~390 px at 1920×1080); dragged, the
// height is remembered, but is always clamped so that neither the panel nor the canvas disappears.

export const PANEL_MIN = 110;
/** The canvas keeps at least this much. */
export const CANVAS_MIN = 180;
export const PANEL_KEY = 'dragops.editor.panelHeight';

export function clampPanelHeight(h: number, available: number): number {
  const max = Math.max(PANEL_MIN, available - CANVAS_MIN);
  return Math.round(Math.min(Math.max(h, PANEL_MIN), max));
}

export function defaultPanelHeight(available: number): number {
  return clampPanelHeight(Math.min(Math.max(0.6 * available - 210, 130), 420), available);
}

/** A remembered height, or null when none (or not a sensible number) was stored. */
export function parseStoredHeight(v: string | null): number | null {
  if (v === null) return null;
  const n = Number(v);
  return Number.isFinite(n) && n > 0 && n < 10_000 ? n : null;
}
