import { describe, expect, it } from 'vitest';
import { pickFair, type Candidate } from './fair.js';

/** `jobs('a1:p a2:p b1:q')`: candidates oldest first, `<owner><n>:<pattern>` each (id = the token). */
const jobs = (s: string): Candidate[] =>
  s
    .split(/\s+/)
    .filter(Boolean)
    .map((t) => ({ id: t, ownerId: t[0]!, patternId: t.split(':')[1]! }));
const none = new Map<string, number>();
const caps = { perOwner: 3, perDeployment: 2 };

describe("pickFair: the queue claim's choice", () => {
  it('takes owners in turn, each its oldest job first, the oldest owner first', () => {
    expect(pickFair(jobs('a1:p a2:p a3:q b1:r b2:r c1:s'), none, none, caps, 10)).toEqual(['a1:p', 'b1:r', 'c1:s', 'a2:p', 'b2:r', 'a3:q']);
  });

  it('stops at the limit, in that order', () => {
    expect(pickFair(jobs('a1:p a2:p a3:q b1:r'), none, none, caps, 3)).toEqual(['a1:p', 'b1:r', 'a2:p']);
  });

  it('an owner gets at most perOwner running jobs, counting those running already', () => {
    expect(pickFair(jobs('a1:p a2:q a3:r b1:s'), new Map([['a', 2]]), none, caps, 10)).toEqual(['a1:p', 'b1:s']);
    expect(pickFair(jobs('a1:p a2:q'), new Map([['a', 3]]), none, caps, 10)).toEqual([]);
  });

  it("a deployment gets at most perDeployment; the owner's other deployments are not held back by a full one", () => {
    expect(pickFair(jobs('a1:p a2:p a3:p a4:p a5:q'), none, none, caps, 10)).toEqual(['a1:p', 'a2:p', 'a5:q']);
    expect(pickFair(jobs('a1:p a2:p a3:q'), none, new Map([['p', 2]]), caps, 10)).toEqual(['a3:q']);
  });

  it('nothing to pick, or no room', () => {
    expect(pickFair([], none, none, caps, 10)).toEqual([]);
    expect(pickFair(jobs('a1:p'), none, none, caps, 0)).toEqual([]);
  });
});
