// Regression (found by test/property): a TryCatch `finally` ran while a fatal signal passed through,
// so an error it raised replaced the signal — a long loop's hand-over from the synchronous attempt to
// the asynchronous variant became a `failed` execution, and a timeout became `failed` too.
import { describe, expect, it } from 'vitest';
import { pattern, run } from '../helpers.js';

const N = 3_000_000; // long enough to pass the 10 ms synchronous budget, short enough to finish

function doc(timeoutMs?: number) {
  return pattern(
    [
      { id: 'start', type: 'OnStart' },
      { id: 'try', type: 'TryCatch' },
      { id: 'loop', type: 'ForRange', defaults: { end: N } },
      { id: 'inc', type: 'IncrementVariable', config: { variable: 'n' } },
      { id: 'n', type: 'GetVariable', config: { variable: 'n' } },
      { id: 'done', type: 'GreaterOrEqual', defaults: { b: N } },
      { id: 'br', type: 'Branch' },
      { id: 'ok', type: 'Log', defaults: { message: 'loop finished' } },
      { id: 'cut', type: 'ThrowError', defaults: { message: 'finally ran with the loop cut short' } },
      { id: 'caught', type: 'Log', defaults: { message: 'caught' } },
    ],
    [
      'start.then -> try.exec',
      'try.try -> loop.exec',
      'loop.body -> inc.exec',
      'try.catch -> caught.exec',
      'try.finally -> br.exec',
      'n.value -> done.a',
      'done.result -> br.condition',
      'br.true -> ok.exec',
      'br.false -> cut.exec',
    ],
    { variables: [{ name: 'n', type: 'Integer', default: 0 }], ...(timeoutMs ? { settings: { timeoutMs } } : {}) },
  );
}

describe('TryCatch finally and fatal signals', () => {
  it('a long loop in `try` hands over to the asynchronous variant; `finally` runs once, after it', async () => {
    const r = await run(doc());
    expect(r.error).toBeNull();
    expect(r.status).toBe('completed');
    expect(r.logs.map((l) => l.message)).toEqual(['loop finished']);
  });

  it('a timeout in `try` is not caught, and `finally` does not run past the deadline', async () => {
    const r = await run(doc(5));
    expect(r.status).toBe('timeout');
    expect(r.error?.code).toBe('TIMEOUT');
    expect(r.logs).toEqual([]);
  });

  it('`finally` still runs after an ordinary error and after Stop', async () => {
    const d = pattern(
      [
        { id: 'start', type: 'OnStart' },
        { id: 'try', type: 'TryCatch' },
        { id: 'boom', type: 'ThrowError', defaults: { message: 'x' } },
        { id: 'try2', type: 'TryCatch' },
        { id: 'stop', type: 'Stop' },
        { id: 'fin', type: 'Log', defaults: { message: 'finally 1' } },
        { id: 'fin2', type: 'Log', defaults: { message: 'finally 2' } },
      ],
      [
        'start.then -> try.exec',
        'try.try -> boom.exec',
        'try.finally -> try2.exec',
        'try2.try -> stop.exec',
        'try2.finally -> fin2.exec',
        'try.catch -> fin.exec',
      ],
    );
    const r = await run(d);
    expect(r.status).toBe('completed');
    expect(r.logs.map((l) => l.message)).toEqual(['finally 1', 'finally 2']);
  });
});
