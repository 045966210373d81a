// What every node on the canvas needs from the editor without living in its data: which pins are
// wired, the compile problems per node, and the action that clears a pin (Alt+click).
import { createContext, useContext } from 'react';
import type { Diagnostic } from '../types.js';

export interface EditorCtx {
  /** `${nodeId} ${handleId}` of every wired handle. */
  wired: ReadonlySet<string>;
  problems: ReadonlyMap<string, Diagnostic[]>;
  clearPin: (nodeId: string, handleId: string) => void;
}

export const EditorContext = createContext<EditorCtx>({ wired: new Set(), problems: new Map(), clearPin: () => {} });
export const useEditor = () => useContext(EditorContext);
export const wiredKey = (nodeId: string, handle: string) => `${nodeId} ${handle}`;
