// Execution ids: `run_` + 16 lower-case hex digits of the seq, one id per seq and back.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { idOf, RunIds, seqAt, seqOf } from '../../src/store/run-ids.js';

describe('run ids', () => {
  it('idOf is the zero-padded hex of the seq and seqOf reads it back, for any safe seq', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), (n) => {
        const id = idOf(n);
        expect(id).toBe(`run_${n.toString(16).padStart(16, '0')}`);
        expect(seqOf(id)).toBe(n);
      }),
      { numRuns: 2000 },
    );
    for (const n of [0, 1, 0xffffff, 0x1000000, 0x1000001, seqAt(Date.now()), Number.MAX_SAFE_INTEGER]) expect(seqOf(idOf(n))).toBe(n);
  });

  it('seqOf refuses what idOf never makes', () => {
    for (const id of [
      'run_',
      'run_00000000000000000',
      'run_0000000000000000x',
      'run_000000000000000G',
      'run_00000000000000AB',
      'RUN_0000000000000001',
      'job_0000000000000001',
      `run_${'f'.repeat(16)}`,
      'run_0020000000000000',
      `run_${'0'.repeat(32)}`,
    ])
      expect(seqOf(id)).toBeUndefined();
  });

  it('ids from RunIds are strictly increasing, also across the low digits rolling over', () => {
    const ids = new RunIds(0xffffff - 3);
    const made = Array.from({ length: 10 }, () => ids.next(0));
    expect([...made].sort()).toEqual(made);
    expect(new Set(made).size).toBe(10);
    expect(made.map((id) => seqOf(id))).toEqual(Array.from({ length: 10 }, (_, i) => 0xffffff - 2 + i));
  });
});
