// Format migrations. Each later format adds one step from the format before it; documents are
// always brought up to the current format before they are checked, so older files keep loading.
import { FORMAT } from './schema.js';

type Doc = Record<string, unknown>;
type Step = { from: string; to: string; up: (doc: Doc) => Doc };

/** Ordered migration steps. `dragops.pattern/1` is the first format, so there are none yet. */
export const MIGRATIONS: readonly Step[] = [];

export function migrate(doc: Doc, steps: readonly Step[] = MIGRATIONS, target = FORMAT): { ok: true; value: Doc } | { ok: false; message: string } {
  let current = doc;
  for (let guard = 0; current.format !== target && guard <= steps.length; guard++) {
    const step = steps.find((s) => s.from === current.format);
    if (!step) break;
    current = step.up(current);
  }
  if (current.format === target) return { ok: true, value: current };
  const got = typeof current.format === 'string' ? `"${current.format.slice(0, 80)}"` : current.format === undefined ? 'missing' : 'not a string';
  return { ok: false, message: `unknown format ${got}; expected "${target}"` };
}
