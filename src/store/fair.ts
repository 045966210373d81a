// Which ready jobs a claim takes (the queue's fairness rule, docs/semantics.md "The queue"): at most
// `perOwner` running jobs per owner and `perDeployment` per deployment (a pattern has one), and
// free slots shared round-robin across owners, each owner's oldest job first. Pure: the claim
// (jobs.ts) reads the held counts and the candidates in SQL, locks them, and updates what this picks.

export interface Candidate {
  id: string;
  ownerId: string;
  patternId: string;
}
export interface Caps {
  perOwner: number;
  perDeployment: number;
}

/** `candidates`: ready jobs, oldest first. `heldBy*`: jobs running now per owner / per pattern. */
export function pickFair(
  candidates: readonly Candidate[],
  heldByOwner: ReadonlyMap<string, number>,
  heldByPattern: ReadonlyMap<string, number>,
  caps: Caps,
  limit: number,
): string[] {
  // Each owner's candidates in age order; owners in the order of their oldest candidate.
  const queues = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const q = queues.get(c.ownerId);
    if (q) q.push(c);
    else queues.set(c.ownerId, [c]);
  }
  const owners = new Map<string, number>(heldByOwner);
  const patterns = new Map<string, number>(heldByPattern);
  const next = new Map<string, number>(); // per owner: index of its next candidate to look at
  const picked: string[] = [];
  let active = [...queues.keys()];
  while (picked.length < limit && active.length > 0) {
    const still: string[] = [];
    for (const owner of active) {
      if (picked.length >= limit) break;
      if ((owners.get(owner) ?? 0) >= caps.perOwner) continue; // this owner is done
      const q = queues.get(owner)!;
      let i = next.get(owner) ?? 0;
      // The owner's oldest candidate whose deployment has room (a full deployment's jobs are skipped,
      // not waited for: the owner's other deployments go on).
      while (i < q.length && (patterns.get(q[i]!.patternId) ?? 0) >= caps.perDeployment) i++;
      if (i >= q.length) continue;
      const c = q[i]!;
      picked.push(c.id);
      owners.set(owner, (owners.get(owner) ?? 0) + 1);
      patterns.set(c.patternId, (patterns.get(c.patternId) ?? 0) + 1);
      next.set(owner, i + 1);
      still.push(owner);
    }
    active = still;
  }
  return picked;
}
