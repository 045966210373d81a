// The Profile toggle's marks: each node's runs, errors and p95 over the period, its badge coloured
// on a green → red scale by p95 against the slowest node's; nodes with errors get a red outline and
// the slowest one a ring, so both stand out.
import type { NodeNote } from '../editor/context.js';
import type { Profile } from '../types.js';
import { ms } from '../ui/format.js';

/** Green (fast) to red (the slowest), for t in [0, 1]. */
export const heat = (t: number) => `hsl(${Math.round(120 * (1 - Math.max(0, Math.min(1, t))))} 70% 32%)`;

/** `pure`: pure nodes are evaluated inside the nodes that read them, so the node log (which the
 * profile reads) has no runs of their own: they are said so, not dimmed as never run. */
export function profileNotes(p: Profile, pure: (id: string) => boolean = () => false): Map<string, NodeNote> {
  const slowest = Math.max(0, ...p.nodes.map((n) => n.durationMs.p95 ?? 0));
  const notes = new Map<string, NodeNote>();
  for (const n of p.nodes) {
    if (n.runs === 0 && n.errors === 0 && pure(n.id)) {
      notes.set(n.id, {
        className: 'prof prof-pure',
        badge: 'pure',
        badgeTitle: 'A pure node: evaluated within the nodes that read its outputs, so not profiled on its own',
      });
      continue;
    }
    const p95 = n.durationMs.p95;
    const cls = ['prof'];
    if (n.runs === 0) cls.push('prof-idle');
    if (n.errors > 0) cls.push('prof-failing');
    if (p95 !== null && slowest > 0 && p95 === slowest) cls.push('prof-slowest');
    notes.set(n.id, {
      className: cls.join(' '),
      badge: `${n.runs} runs · ${n.errors} err · p95 ${p95 === null ? '—' : ms(p95)}`,
      badgeTitle: `${n.runs} runs, ${n.errors} errors; duration p50 ${ms(n.durationMs.p50)}, p95 ${ms(p95)}, max ${ms(n.durationMs.max)}${p95 === null ? ' (pure nodes are not timed)' : ''}`,
      badgeColor: n.errors > 0 ? '#b91c1c' : p95 === null || slowest === 0 ? undefined : heat(p95 / slowest),
    });
  }
  return notes;
}
