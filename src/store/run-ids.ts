// Execution ids: `run_` + 16 hex digits of a sequence number that is also the row's primary key.
// The sequence is time-ordered — max(last + 1, now in ms × 1000) — so new rows are appended at the
// end of every index (a random id costs a B-tree page write per run, bench/README.md), the newest
// runs are the highest keys, and `seq / 1000` is never earlier than when the id was made: the run's
// start, or for a queued webhook run its acceptance (a little earlier). Pruning by age and health
// windows take seq ranges on that basis, so a run queued long before it started counts from its
// acceptance. Several instances on one database (SPEC §13) each hold one of SLOTS slots while alive
// (store/cluster.ts) and make only seqs ≡ slot (mod SLOTS): two live instances never make the same
// id. saveRuns still refuses to let one run's record overwrite another's.
// Runs recorded before migration 004 keep their old ids (`run_` + 32 random hex digits).

/** Run-id slots: at most this many instances alive on one database. */
export const SLOTS = 32;

export class RunIds {
  /** `slots` 1: any seq (a store no instance registered, e.g. `dragops run`); else seqs ≡ `slot`. */
  constructor(
    private last = 0,
    private readonly slot = 0,
    private readonly slots = 1,
  ) {}

  /** The next id, strictly after every id given before (and every seq in the database at start). */
  next(now = Date.now()): string {
    let seq = Math.max(this.last + 1, now * 1000);
    const r = seq % this.slots;
    if (r !== this.slot) seq += (this.slot - r + this.slots) % this.slots;
    this.last = seq;
    return idOf(seq);
  }
}

const LOW = 0x1000000; // 16^6: the low 6 hex digits change every run, the high 10 every ~17 s
let highOf = -1,
  highHex = '';
/** `run_` + the seq as 16 lower-case hex digits. Made for every execution: the high digits are
 * formatted once per 2^24 seqs, the low ones as a small integer (a large number's radix conversion
 * cost as much as the rest of the bookkeeping of a run). */
export function idOf(seq: number): string {
  const high = Math.floor(seq / LOW);
  if (high !== highOf) {
    highOf = high;
    highHex = `run_${high.toString(16).padStart(10, '0')}`;
  }
  const low = (seq - high * LOW).toString(16);
  return low.length === 6 ? highHex + low : highHex + low.padStart(6, '0');
}

const ID = /^run_[0-9a-f]{16}$/;
/** The sequence number of an id made by RunIds; undefined for other (older or foreign) ids. */
export function seqOf(id: string): number | undefined {
  if (id.length !== 20 || !ID.test(id)) return undefined;
  // Lower-case, zero-padded, at most 2^53: the one id of its number (idOf gives it back).
  const n = parseInt(id.slice(4, 14), 16) * LOW + parseInt(id.slice(14), 16);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** The lowest seq a run started at or after `ms` (epoch milliseconds) can have. */
export const seqAt = (ms: number): number => ms * 1000;
