// Issue 3 point 5, the runtime part: a secret's value never appears in an execution's log or errors
// once GetSecret has read it; GetEnvironment sees only the variables explicitly allowed.
import { describe, expect, it } from 'vitest';
import { pattern, run } from './helpers.js';
import { environmentAllowList } from '../src/cli/run.js';

const SECRET = 'tok_9f8e7d6c5b4a';
const secrets: Record<string, string> = { api: SECRET, quoted: 'pa"ss\\word', short: 'abc' };
const secret = (n: string) => (Object.hasOwn(secrets, n) ? secrets[n] : undefined);
const start = { id: 's', type: 'OnStart' };

describe('secrets are masked', () => {
  it('in Log messages, also inside JSON text', async () => {
    const doc = pattern(
      [
        start,
        { id: 'sec', type: 'GetSecret', config: { name: 'api' } },
        { id: 'q', type: 'GetSecret', config: { name: 'quoted' } },
        { id: 'cat', type: 'Concat', defaults: { a: 'Authorization: Bearer ' } },
        { id: 'obj', type: 'MakeObject', config: { keys: ['token', 'other'] } },
        { id: 'l1', type: 'Log' },
        { id: 'l2', type: 'Log' },
      ],
      [
        's.then -> l1.exec',
        'l1.then -> l2.exec',
        'sec.value -> cat.b',
        'cat.result -> l1.message',
        'q.value -> obj.token',
        'sec.value -> obj.other',
        'obj.object -> l2.message',
      ],
    );
    const r = await run(doc, {}, { secret });
    expect(r.status).toBe('completed');
    expect(r.logs.map((l) => l.message)).toEqual(['Authorization: Bearer ***', '{"token":"***","other":"***"}']);
    expect(JSON.stringify(r.trace)).not.toContain(SECRET);
    expect(JSON.stringify(r.trace)).not.toContain('pa\\"ss');
  });
  it('in node outputs recorded in the trace, even where the value is truncated', async () => {
    const doc = pattern(
      [
        start,
        { id: 'sec', type: 'GetSecret', config: { name: 'api' } },
        { id: 'cat', type: 'Concat', defaults: { a: 'x'.repeat(995) } },
        { id: 'set', type: 'SetVariable', config: { variable: 'v' } },
      ],
      ['s.then -> set.exec', 'sec.value -> cat.b', 'cat.result -> set.value'],
      { variables: [{ name: 'v', type: 'String' }] },
    );
    const r = await run(doc, {}, { secret });
    const text = JSON.stringify(r.trace);
    expect(text).not.toContain(SECRET.slice(0, 5));
    expect(text).toContain('x***');
  });
  it("in error messages: the run's error, TryCatch's error object and the OnError flow", async () => {
    const failing = pattern(
      [
        start,
        { id: 'sec', type: 'GetSecret', config: { name: 'api' } },
        { id: 'cat', type: 'Concat', defaults: { a: 'bad token ' } },
        { id: 'throw', type: 'ThrowError' },
      ],
      ['s.then -> throw.exec', 'sec.value -> cat.b', 'cat.result -> throw.message'],
    );
    const r = await run(failing, {}, { secret });
    expect(r.status).toBe('failed');
    expect(r.error!.message).toBe('bad token ***');
    expect(JSON.stringify(r.trace)).not.toContain(SECRET);

    const caught = pattern(
      [
        start,
        { id: 'try', type: 'TryCatch' },
        { id: 'sec', type: 'GetSecret', config: { name: 'api' } },
        { id: 'throw', type: 'ThrowError' },
        { id: 'msg', type: 'GetProperty', defaults: { key: 'message' } },
        { id: 'log', type: 'Log' },
      ],
      [
        's.then -> try.exec',
        'try.try -> throw.exec',
        'sec.value -> throw.message',
        'try.catch -> log.exec',
        'try.error -> msg.object',
        'msg.value -> log.message',
      ],
    );
    const c = await run(caught, {}, { secret });
    expect(c.logs.map((l) => l.message)).toEqual(['***']);
  });
  it('values shorter than 4 characters are not masked; lines logged before the secret was read are masked too', async () => {
    const doc = (name: string) =>
      pattern(
        [
          start,
          { id: 'sec', type: 'GetSecret', config: { name } },
          { id: 'l', type: 'Log', defaults: { message: 'abc tok_9f8e7d6c5b4a' } },
          { id: 'l2', type: 'Log' },
        ],
        ['s.then -> l.exec', 'l.then -> l2.exec', 'sec.value -> l2.message'],
      );
    expect((await run(doc('short'), {}, { secret })).logs.map((l) => l.message)).toEqual(['abc tok_9f8e7d6c5b4a', 'abc']);
    // The first Log runs before the secret is read: its line and record are masked afterwards.
    const r = await run(doc('api'), {}, { secret });
    expect(r.logs.map((l) => l.message)).toEqual(['abc ***', '***']);
    expect(JSON.stringify(r.trace)).not.toContain(SECRET);
  });
  it('a missing secret is an empty string and masks nothing', async () => {
    const doc = pattern(
      [start, { id: 'sec', type: 'GetSecret', config: { name: 'nope' } }, { id: 'l', type: 'Log' }],
      ['s.then -> l.exec', 'sec.value -> l.message'],
    );
    expect((await run(doc, {}, { secret })).logs.map((l) => l.message)).toEqual(['']);
  });
});

describe('GetEnvironment reads only allowed variables', () => {
  it('the allow-list', () => {
    const env = { HOME: '/root', API_URL: 'https://x', EMPTY: '' };
    const read = environmentAllowList(['API_URL', 'EMPTY', 'MISSING'], env);
    expect(read('API_URL')).toBe('https://x');
    expect(read('EMPTY')).toBe('');
    expect(read('HOME')).toBeUndefined();
    expect(read('MISSING')).toBeUndefined();
    expect(read('__proto__')).toBeUndefined();
    expect(environmentAllowList([], env)('HOME')).toBeUndefined();
  });
  it('through a run: an unlisted variable is empty even though the process has it', async () => {
    process.env.DRAGOPS_TEST_ALLOWED = 'yes';
    process.env.DRAGOPS_TEST_HIDDEN = 'no';
    const doc = pattern(
      [
        start,
        { id: 'a', type: 'GetEnvironment', config: { name: 'DRAGOPS_TEST_ALLOWED' } },
        { id: 'b', type: 'GetEnvironment', config: { name: 'DRAGOPS_TEST_HIDDEN' } },
        { id: 'l1', type: 'Log' },
        { id: 'l2', type: 'Log' },
      ],
      ['s.then -> l1.exec', 'l1.then -> l2.exec', 'a.value -> l1.message', 'b.value -> l2.message'],
    );
    const r = await run(doc, {}, { environment: environmentAllowList(['DRAGOPS_TEST_ALLOWED']) });
    expect(r.logs.map((l) => l.message)).toEqual(['yes', '']);
    expect((await run(doc)).logs.map((l) => l.message)).toEqual(['', '']);
  });
});
