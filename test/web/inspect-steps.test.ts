// The dashboard's reading of an inspection (web/src/inspect/steps.ts): every node run in seq order
// with "n of N" per node, the marks per node (ran, failed, did not run, current), and the value a
// wire carried at a step (its source's latest run up to that step).
import { describe, expect, it } from 'vitest';
import { failedNode, pinValueAt, runNotes, stepsOf } from '../../web/src/inspect/steps.js';
import type { Inspection } from '../../web/src/types.js';

const run = (seq: number, outputs: Record<string, unknown> = {}, error: Inspection['error'] = null) => ({ seq, inputs: {}, outputs, durationMs: null, error });
const ins = (over: Partial<Inspection> = {}): Inspection => ({
  runId: 'run_1',
  patternId: 'pat_1',
  version: 1,
  status: 'completed',
  request: {},
  response: null,
  outputs: null,
  error: null,
  exact: true,
  nodes: [
    { id: 'hook', type: 'OnWebhook', name: 'On Webhook', runs: [run(0, { body: { n: 2 } })] },
    { id: 'loop', type: 'ForEach', name: 'For Each', runs: [run(1)] },
    { id: 'item', type: 'GetProperty', name: 'Get Property', runs: [run(2, { value: 'a' }), run(4, { value: 'b' })], truncatedRuns: 3 },
    { id: 'log', type: 'Log', name: 'Log', runs: [run(3), run(5)] },
  ],
  ...over,
});

describe('inspection steps', () => {
  it('orders every node run by seq and numbers the runs of each node', () => {
    const steps = stepsOf(ins());
    expect(steps.map((s) => `${s.nodeId}:${s.nth + 1}/${s.of}`)).toEqual(['hook:1/1', 'loop:1/1', 'item:1/2', 'log:1/2', 'item:2/2', 'log:2/2']);
    expect(steps[2]!.truncated).toBe(3);
  });

  it("a wire carries its source pin's value in the latest run up to the step (the first before it ran)", () => {
    const i = ins(),
      steps = stepsOf(i);
    expect(pinValueAt(i, steps, 3, 'item', 'value')).toEqual({ value: 'a', nth: 0, of: 2 });
    expect(pinValueAt(i, steps, 5, 'item', 'value')).toEqual({ value: 'b', nth: 1, of: 2 });
    expect(pinValueAt(i, steps, 0, 'item', 'value')?.value).toBe('a');
    expect(pinValueAt(i, steps, null, 'item', 'value')?.value).toBe('b');
    expect(pinValueAt(i, steps, 5, 'nope', 'value')).toBeUndefined();
    expect(pinValueAt(i, steps, 5, 'item', 'missing')).toBeUndefined();
  });

  it('marks nodes that ran, the failed one and those that did not run; the current one stands out', () => {
    const failed = ins({ status: 'failed', error: { code: 'USER_ERROR', message: 'no', type: 'UserError', nodeId: 'log' } });
    expect(failedNode(failed)).toBe('log');
    const notes = runNotes(failed, ['hook', 'item', 'log', 'never'], 'item');
    expect(notes.get('hook')).toMatchObject({ className: 'ins-ran', badge: '✓' });
    expect(notes.get('item')).toMatchObject({ className: 'ins-ran ins-current', badge: '×5' });
    expect(notes.get('log')).toMatchObject({ className: 'ins-failed', badge: 'failed' });
    expect(notes.get('never')).toMatchObject({ className: 'ins-idle', badge: undefined });
    // Without the execution's error naming a node, the last node with a failed run is the failed one.
    const i = ins();
    i.nodes[3]!.runs[1]!.error = { code: 'X', message: 'x', type: 'Error', nodeId: 'log' };
    expect(failedNode(i)).toBe('log');
    expect(failedNode(ins())).toBeNull();
  });
});
