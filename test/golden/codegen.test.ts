// Golden tests of generated code: a change in what the compiler emits shows up as a diff to review.
// `UPDATE_GOLDEN=1 npx vitest run test/golden` rewrites the `.js` files instead of comparing.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { build, run } from '../helpers.js';
import { assertValidJs, forbiddenCode } from '../hostile/codegen-safety.js';
import type { RunResult } from '../../src/runtime/execute.js';

const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === '1';

interface Case {
  name: string;
  pattern: string;
  event?: Record<string, unknown>;
  /** What the pattern does, so a golden file is only ever reviewed against working code. */
  check: (r: RunResult) => void;
}

const CASES: Case[] = [
  {
    name: 'w1-order-summary',
    pattern: '../../examples/w1-order-summary.pattern.json',
    event: { body: { user: { name: 'ada' }, items: [{ price: 30, qty: 2 }, { price: 50, qty: 1 }] } },
    check: (r) => expect(r.response?.body).toEqual({ greeting: 'Hello, ADA', total: 110, tier: 'gold', count: 2 }),
  },
  {
    name: 'loop-variable',
    pattern: './loop-variable.pattern.json',
    check: (r) => expect(r.logs.map((l) => l.message)).toEqual(['sum=21 after 6 steps']),
  },
  {
    name: 'try-branch',
    pattern: './try-branch.pattern.json',
    event: { body: { amount: -3 } },
    check: (r) => {
      expect(r.status).toBe('completed');
      expect(r.response).toMatchObject({ status: 400, body: { code: 'USER_ERROR', message: 'negative amount', type: 'ValidationError', nodeId: 'fail' } });
      expect(r.logs).toEqual([{ level: 'error', message: 'negative amount', nodeId: 'logErr' }]);
    },
  },
  {
    name: 'delay',
    pattern: './delay.pattern.json',
    check: (r) => {
      expect(r.status).toBe('completed');
      expect(r.logs).toEqual([{ level: 'info', message: '2', nodeId: 'done' }]);
    },
  },
];

describe.each(CASES)('golden: $name', (c) => {
  const doc = JSON.parse(readFileSync(here(c.pattern), 'utf8'));

  it('generates the reviewed code', () => {
    const r = build(doc);
    expect(r.errors).toEqual([]);
    const source = r.compiled!.source() + '\n';
    assertValidJs(source, c.name);
    expect(forbiddenCode(source)).toEqual([]);
    const file = here(`./${c.name}.js`);
    if (UPDATE || !existsSync(file)) {
      writeFileSync(file, source);
      if (!UPDATE) throw new Error(`wrote missing golden file ${file}; review it and run again`);
      return;
    }
    expect(source).toBe(readFileSync(file, 'utf8'));
  });

  it('runs as described', async () => {
    c.check(await run(doc, c.event ?? {}));
  });
});
