// `dragops serve --drain-delay-ms` (docs/semantics.md "Stopping"): the flag, else the environment,
// else the default; anything but a whole number of milliseconds is a usage error (exit 2).
import { describe, expect, it } from 'vitest';
import { DEFAULT_DRAIN_DELAY_MS, drainDelay } from '../../src/cli/serve.js';
import { UsageError } from '../../src/cli/io.js';
import { ensureBuilt } from '../api/child.js';
import { dragops } from './spawn.js';

describe('the drain delay of dragops serve', () => {
  it('comes from --drain-delay-ms, else $DRAGOPS_DRAIN_DELAY_MS, else 5 s', () => {
    expect(DEFAULT_DRAIN_DELAY_MS).toBe(5000);
    expect(drainDelay(undefined, undefined)).toBe(5000);
    expect(drainDelay(undefined, '')).toBe(5000);
    expect(drainDelay(undefined, '250')).toBe(250);
    expect(drainDelay('0', '250')).toBe(0);
    expect(drainDelay('12000', undefined)).toBe(12000);
  });

  it('rejects what is not a whole number of milliseconds, naming where it came from', () => {
    for (const bad of ['-1', '1.5', 'soon', ' ', '5s']) expect(() => drainDelay(bad, undefined)).toThrow(UsageError);
    expect(() => drainDelay(undefined, 'x')).toThrow(/DRAGOPS_DRAIN_DELAY_MS must be a whole number/);
    expect(() => drainDelay('x', undefined)).toThrow(/--drain-delay-ms must be a whole number/);
  });

  it('a bad value stops the command with exit code 2 before anything starts', async () => {
    ensureBuilt();
    const r = await dragops({ ...process.env, DRAGOPS_DRAIN_DELAY_MS: 'later' }, 'serve', '--port', '0', '--data', '/nonexistent/never-created');
    expect(r.code).toBe(2);
    expect(r.err).toContain('DRAGOPS_DRAIN_DELAY_MS must be a whole number of milliseconds');
  }, 300_000);
});
