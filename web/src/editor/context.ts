// What every node on the canvas needs from the editor without living in its data: which pins are
// wired, the compile problems per node, the action that clears a pin (Alt+click), and what an
// inspection or a profile says about each node (a mark and a badge).
import { createContext, useContext } from 'react';
import type { Diagnostic } from '../types.js';

/** What the canvas shows on a node besides the node itself: a class on it (ran, failed, did not
 * run, current step, profile heat) and a small badge in its header. */
export interface NodeNote {
  className?: string;
  badge?: string;
  badgeTitle?: string;
  badgeColor?: string;
}

export interface EditorCtx {
  /** `${nodeId} ${handleId}` of every wired handle. */
  wired: ReadonlySet<string>;
  problems: ReadonlyMap<string, Diagnostic[]>;
  clearPin: (nodeId: string, handleId: string) => void;
  notes?: ReadonlyMap<string, NodeNote>;
  /** Sets an unwired input's value from the node itself (a String pin's text field); absent on
   * read-only canvases (an execution, a version diff), where values are only shown. */
  setDefault?: (nodeId: string, pin: string, value: unknown) => void;
}

export const EditorContext = createContext<EditorCtx>({ wired: new Set(), problems: new Map(), clearPin: () => {} });
export const useEditor = () => useContext(EditorContext);
export const wiredKey = (nodeId: string, handle: string) => `${nodeId} ${handle}`;
