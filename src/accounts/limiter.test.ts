import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './limiter.js';

describe('LoginThrottle', () => {
  const limits = { perAccount: 3, perAddress: 5, windowMs: 60_000 };

  it('throttles an (email, address) pair after its failures, and only that pair', () => {
    const t = new LoginThrottle(limits);
    for (let i = 0; i < 3; i++) expect(t.begin('a@x', '10.0.0.1', 1000)).toBe(0);
    expect(t.begin('a@x', '10.0.0.1', 1000)).toBe(60);
    expect(t.begin('a@x', '10.0.0.1', 31_000)).toBe(30);
    // The same account from elsewhere, and another account from the same address, go on.
    expect(t.begin('a@x', '10.0.0.2', 1000)).toBe(0);
    expect(t.begin('b@x', '10.0.0.1', 1000)).toBe(0);
    // The window ends: the pair starts over.
    expect(t.begin('a@x', '10.0.0.1', 61_000)).toBe(0);
  });

  it('caps the failures of one address across accounts (spraying)', () => {
    const t = new LoginThrottle(limits);
    for (let i = 0; i < 5; i++) expect(t.begin(`u${i}@x`, '10.0.0.1', 0)).toBe(0);
    expect(t.begin('new@x', '10.0.0.1', 0)).toBe(60);
    expect(t.begin('new@x', '10.0.0.9', 0)).toBe(0);
  });

  it('a success resets its pair and does not count against its address; a refused attempt counts nothing', () => {
    const t = new LoginThrottle(limits);
    // Two failures and a success, twice: six attempts of one pair (over its 3) all go through.
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 3; i++) expect(t.begin('a@x', '10.0.0.1', 0)).toBe(0);
      t.succeeded('a@x', '10.0.0.1');
    }
    // The address counted the 4 failures only: one more attempt, then it waits.
    expect(t.begin('b@x', '10.0.0.1', 0)).toBe(0);
    expect(t.begin('c@x', '10.0.0.1', 0)).toBe(60);

    const u = new LoginThrottle(limits);
    for (let i = 0; i < 3; i++) u.begin('a@x', '10.0.0.1', 0);
    for (let i = 0; i < 10; i++) expect(u.begin('a@x', '10.0.0.1', 0)).toBe(60);
    // The refused attempts were not counted against the address: 2 more accounts get through.
    expect(u.begin('b@x', '10.0.0.1', 0)).toBe(0);
    expect(u.begin('c@x', '10.0.0.1', 0)).toBe(0);
    expect(u.begin('d@x', '10.0.0.1', 0)).toBe(60);
  });
});
