// Execution ids: `run_` + 16 hex digits of a sequence number that is also the row's primary key.
// The sequence is time-ordered — max(last + 1, now in ms × 1000) — so new rows are appended at the
// end of every index (a random id costs a B-tree page write per run, bench/README.md), the newest
// runs are the highest keys, and `seq / 1000` is never earlier than when the id was made: the run's
// start, or for a queued webhook run its acceptance (a little earlier). Pruning by age and health
// windows take seq ranges on that basis, so a run queued long before it started counts from its
// acceptance. One server process per database (docs/api.md) keeps ids unique; saveRuns refuses to
// let one run's record overwrite another's if that is broken.
// Runs recorded before migration 004 keep their old ids (`run_` + 32 random hex digits).


export class RunIds {
  constructor(private last = 0) {}

  /** The next id, strictly after every id given before (and every seq in the database at start). */
  next(now = Date.now()): string {
    this.last = Math.max(this.last + 1, now * 1000);
    return idOf(this.last);
  }
}

export const idOf = (seq: number): string => `run_${seq.toString(16).padStart(16, '0')}`;

/** The sequence number of an id made by RunIds; undefined for other (older or foreign) ids. */
export function seqOf(id: string): number | undefined {
  if (id.length !== 20 || !id.startsWith('run_')) return undefined;
  const n = Number(`0x${id.slice(4)}`); // NaN unless all 16 characters are hex digits
  return Number.isSafeInteger(n) && idOf(n) === id ? n : undefined;
}

/** The lowest seq a run started at or after `ms` (epoch milliseconds) can have. */
export const seqAt = (ms: number): number => ms * 1000;
