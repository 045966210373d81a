// Every example is checked and run with the events its README shows; the answers must match.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { build, run } from '../test/helpers.js';
import type { PatternDocument } from '../src/pattern/schema.js';

const dir = new URL('.', import.meta.url);
const load = (name: string) => JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as PatternDocument;
const files = readdirSync(dir).filter((f) => f.endsWith('.pattern.json'));
const patterns = Object.fromEntries(files.map((f) => [f.replace('.pattern.json', ''), load(f)]));
const logsOf = (r: { logs: { message: string }[] }) => r.logs.map((l) => l.message);

describe('examples', () => {
  it('there are at least five, each documented in the README', () => {
    const readme = readFileSync(new URL('README.md', dir), 'utf8');
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const f of files) expect(readme).toContain(f);
  });

  it.each(files)('%s compiles without errors or warnings', (f) => {
    const r = build(load(f), { patterns });
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
  });

  it('hello-world logs a greeting', async () => {
    expect(logsOf(await run(patterns['hello-world']))).toEqual(['Hello, world!']);
  });

  it('fizzbuzz counts to 15', async () => {
    const r = await run(patterns['fizzbuzz']);
    expect(logsOf(r)).toEqual(['1', '2', 'Fizz', '4', 'Buzz', 'Fizz', '7', '8', 'Fizz', 'Buzz', '11', 'Fizz', '13', '14', 'FizzBuzz']);
  });

  it.each(['gold', 'basic', 'edge'])('w1 answers body-%s as expected', async (k) => {
    const body = JSON.parse(readFileSync(new URL(`w1/body-${k}.json`, dir), 'utf8'));
    const expected = JSON.parse(readFileSync(new URL('w1/expected.json', dir), 'utf8'))[`body-${k}.json`];
    const r = await run(patterns['w1-order-summary'], { body });
    expect(r.status).toBe('completed');
    expect(r.response).toEqual({ status: 200, headers: {}, body: expected });
  });

  it('tax-calculator returns tax and total', async () => {
    const r = await run(patterns['tax-calculator'], { inputs: { amount: 19.99, ratePercent: 20 } });
    expect(r.outputs).toEqual({ tax: 4, total: 23.99 });
  });

  it('invoice calls tax-calculator, and turns a bad amount into a 400', async () => {
    const ok = await run(patterns['invoice'], { body: { amount: 100 } }, { patterns });
    expect(ok.response).toEqual({ status: 200, headers: {}, body: { amount: 100, tax: 20, total: 120 } });
    const bad = await run(patterns['invoice'], { body: { amount: 'lots' } }, { patterns });
    expect(bad.status).toBe('completed');
    expect(bad.response?.status).toBe(400);
    expect(bad.response?.body).toEqual({ error: 'node "tax" pin "amount": cannot convert "lots" to Float' });
  });

  it('retry-flaky-step succeeds on the third attempt', async () => {
    const r = await run(patterns['retry-flaky-step']);
    expect(r.status).toBe('completed');
    expect(logsOf(r)).toEqual(['the step worked', 'succeeded on attempt 3']);
  });

  it('nightly-report logs the scheduled time', async () => {
    const r = await run(patterns['nightly-report'], { timestamp: '2026-11-27T08:00:00Z' });
    expect(logsOf(r)).toEqual(['morning report for 2026-11-27T08:00:00.000Z']);
  });
});
