// Inspection's fidelity (issue 11): over random valid graphs — with Random, RandomInteger and UUID
// among their pure nodes, and Delays — the values an inspection replay rebuilds from an execution's
// recording (its event and its tape) equal the values the execution saw, node by node and run by run.
// "Seen" is an execution of the inspection variant itself, live: every node run recorded as it
// happened, and the tape kept as a normal execution keeps it.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { build } from '../helpers.js';
import { execute } from '../../src/runtime/execute.js';
import { Inspector } from '../../src/runtime/inspector.js';
import { decodeTape, TapeReader } from '../../src/runtime/tape.js';
import { graphs } from './graphs.js';

const SCALE = Math.max(0.1, Number(process.env.PROPERTY_SCALE ?? 1) || 1);

describe('inspection replays', () => {
  it(
    'rebuild exactly the values a live execution saw',
    async () => {
      let withTape = 0;
      await fc.assert(
        fc.asyncProperty(graphs({ nondeterministic: true }), async ({ doc, endless }) => {
          if (endless) return; // where an endless loop stops depends on the clock
          const r = build(doc);
          expect(r.ok).toBe(true);
          const plan = r.compiled!;
          const live = new Inspector(plan.nodes);
          const seen = await execute(plan, {}, { forceAsync: true, inspector: live });
          const stored = JSON.parse(seen.nodeLog.stored()) as { tape?: unknown[] | false };
          expect(stored.tape).not.toBe(false);
          const tape = decodeTape(stored.tape || []);
          if (tape.length > 0) withTape++;
          const again = new Inspector(plan.nodes);
          const reader = new TapeReader(
            tape,
            plan.nodes.map((n) => n.id),
          );
          const replayed = await execute(plan, {}, { forceAsync: true, inspector: again, replay: reader });
          expect(reader.diverged).toBeUndefined();
          expect(reader.finished).toBe(true);
          expect(replayed.status).toBe(seen.status);
          expect(replayed.error).toEqual(seen.error);
          expect(replayed.logs).toEqual(seen.logs);
          expect([...again.nodes.values()]).toEqual([...live.nodes.values()]);
        }),
        { numRuns: Math.ceil(150 * SCALE) },
      );
      expect(withTape).toBeGreaterThan(10);
    },
    60_000 * SCALE,
  );
});
