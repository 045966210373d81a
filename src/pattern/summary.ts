// What the server needs of a deployed version without its document (issue 16): its trigger, its
// settings and the patterns it calls. Stored with its deployment (migration 013), so that start-up
// reads a few hundred bytes per deployment instead of every document, and a plan is compiled from
// its document only when first used.
import type { PatternDocument } from './schema.js';
import { isTriggerType } from './trigger.js';

export interface VersionSummary {
  /** The trigger node as written (config defaults are filled in when loaded). */
  trigger: { type: string; nodeId: string; config: Record<string, unknown> } | null;
  settings: PatternDocument['settings'];
  /** The patterns it calls (CallPattern's `pattern`), each once. */
  callees: string[];
}

export function summarize(doc: PatternDocument): VersionSummary {
  const t = doc.nodes.find((n) => isTriggerType(n.type));
  const callees: string[] = [];
  for (const n of doc.nodes) {
    const id = n.type === 'CallPattern' ? (n.config as { pattern?: unknown } | undefined)?.pattern : undefined;
    if (typeof id === 'string' && !callees.includes(id)) callees.push(id);
  }
  return {
    trigger: t ? { type: t.type, nodeId: t.id, config: (t.config ?? {}) as Record<string, unknown> } : null,
    settings: doc.settings,
    callees,
  };
}
