import { describe, expect, it } from 'vitest';
import { DragopsError } from '../../errors/error.js';
import { configOf, instanceOf } from '../testing.js';
import { pattern, run } from '../../../test/helpers.js';
import Assert from './Assert.js';

const assertFn = () => Assert.make!(configOf(Assert), instanceOf(Assert, {})) as (ctx: unknown, condition: boolean, message: string) => unknown;

describe('Assert', () => {
  it('is an impure node with exec in and then, and a required condition', () => {
    expect(Assert.execIn).toBe(true);
    expect(Assert.execOut).toEqual(['then']);
    expect(Assert.inputs).toEqual([
      { id: 'condition', type: 'Boolean' },
      { id: 'message', type: 'String', default: 'assertion failed' },
    ]);
  });
  it('its examples hold when called with an execution context', () => {
    for (const ex of Assert.examples) {
      const inputs = { message: 'assertion failed', ...ex.inputs } as { condition: boolean; message: string };
      expect(assertFn()({}, inputs.condition, inputs.message)).toEqual(ex.output);
    }
  });
  it('passes on true, throws USER_ERROR / AssertionError on false', () => {
    expect(assertFn()({}, true, 'x')).toBeNull();
    try {
      assertFn()({}, false, 'total must be positive');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DragopsError);
      expect(e).toMatchObject({ code: 'USER_ERROR', type: 'AssertionError', message: 'total must be positive', nodeId: 'n' });
    }
    expect(() => assertFn()({}, false, '')).toThrow('assertion failed');
  });
  it('in a pattern: a false condition fails the execution, a TryCatch catches it', async () => {
    const failing = pattern(
      [
        { id: 'start', type: 'OnStart' },
        { id: 'check', type: 'Assert', defaults: { condition: false } },
        { id: 'log', type: 'Log', defaults: { message: 'not reached' } },
      ],
      ['start.then -> check.exec', 'check.then -> log.exec'],
    );
    const r = await run(failing);
    expect(r.status).toBe('failed');
    expect(r.error).toMatchObject({ code: 'USER_ERROR', type: 'AssertionError', message: 'assertion failed', nodeId: 'check' });
    expect(r.logs).toEqual([]);

    const caught = pattern(
      [
        { id: 'start', type: 'OnStart' },
        { id: 'try', type: 'TryCatch' },
        { id: 'check', type: 'Assert', defaults: { condition: 'no', message: 'bad input' } },
        { id: 'log', type: 'Log' },
      ],
      ['start.then -> try.exec', 'try.try -> check.exec', 'try.catch -> log.exec', 'try.error -> log.message'],
    );
    const c = await run(caught);
    expect(c.status).toBe('completed');
    expect(JSON.parse(c.logs[0]!.message)).toMatchObject({ type: 'AssertionError', message: 'bad input', code: 'USER_ERROR' });

    const passing = pattern(
      [
        { id: 'start', type: 'OnStart' },
        { id: 'check', type: 'Assert', defaults: { condition: true } },
        { id: 'log', type: 'Log', defaults: { message: 'ok' } },
      ],
      ['start.then -> check.exec', 'check.then -> log.exec'],
    );
    expect((await run(passing)).logs.map((l) => l.message)).toEqual(['ok']);
  });
});
