// The editor's bottom panel is resized by dragging the bar above it (or with the arrow keys on it;
// double-click: back to the default). The height chosen is remembered in this browser.
import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type PointerEvent, type RefObject } from 'react';
import { clampPanelHeight, defaultPanelHeight, PANEL_KEY, PANEL_MIN, parseStoredHeight } from './panelSize.js';

const STEP = 24;

/** `shared`: the element whose height the canvas and the panel share (the editor less its toolbar). */
export function usePanelHeight(shared: RefObject<HTMLElement | null>) {
  const [available, setAvailable] = useState(() => window.innerHeight - 92);
  const [chosen, setChosen] = useState<number | null>(() => {
    try {
      return parseStoredHeight(localStorage.getItem(PANEL_KEY));
    } catch {
      return null;
    }
  });
  useEffect(() => {
    const el = shared.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setAvailable(el.clientHeight));
    ro.observe(el);
    setAvailable(el.clientHeight);
    return () => ro.disconnect();
  }, [shared]);
  const height = chosen === null ? defaultPanelHeight(available) : clampPanelHeight(chosen, available);
  const choose = useCallback((h: number | null) => {
    setChosen(h);
    try {
      if (h === null) localStorage.removeItem(PANEL_KEY);
      else localStorage.setItem(PANEL_KEY, String(Math.round(h)));
    } catch {
      /* private mode: not remembered */
    }
  }, []);

  const drag = useRef<{ y: number; h: number } | null>(null);
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { y: e.clientY, h: height };
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (!drag.current) return;
    setChosen(clampPanelHeight(drag.current.h + drag.current.y - e.clientY, available));
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    if (!drag.current) return;
    drag.current = null;
    e.currentTarget.releasePointerCapture(e.pointerId);
    choose(height);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const by = e.key === 'ArrowUp' ? STEP : e.key === 'ArrowDown' ? -STEP : 0;
    if (by) {
      e.preventDefault();
      choose(clampPanelHeight(height + by, available));
    }
    if (e.key === 'Home') {
      e.preventDefault();
      choose(clampPanelHeight(Infinity, available));
    }
    if (e.key === 'End') {
      e.preventDefault();
      choose(PANEL_MIN);
    }
  };
  const separator = (
    <div
      className="panel-resizer"
      role="separator"
      aria-orientation="horizontal"
      aria-label="Resize the bottom panel"
      tabIndex={0}
      aria-valuenow={height}
      aria-valuemin={PANEL_MIN}
      aria-valuemax={clampPanelHeight(Infinity, available)}
      title="Drag to resize (double-click: default height)"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onDoubleClick={() => choose(null)}
      onKeyDown={onKeyDown}
    />
  );
  return { height, separator };
}
