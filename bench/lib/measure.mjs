// Side-by-side timing: run the subject and its baseline alternately, several rounds, and report the
// median of each and their ratio. Absolute times drift on shared machines; the ratio is the result.
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Runs `fn` (sync or async) `n` times, returns milliseconds. */
export async function time(fn, n) {
  const t = performance.now();
  for (let i = 0; i < n; i++) {
    const r = fn(i);
    if (r && typeof r.then === 'function') await r;
  }
  return performance.now() - t;
}

/** Alternates subject and baseline `rounds` times after a warm-up; returns medians and ratio. */
export async function compare({ subject, baseline, n, rounds = 9, warmup = 5 }) {
  const a = [],
    b = [];
  for (let r = 0; r < warmup + rounds; r++) {
    const ta = await time(subject, n);
    const tb = await time(baseline, n);
    if (r >= warmup) {
      a.push(ta);
      b.push(tb);
    }
  }
  const ma = median(a),
    mb = median(b);
  return { subjectMs: round(ma), baselineMs: round(mb), ratio: round(ma / mb, 2), rounds, n };
}

export const round = (x, d = 3) => Math.round(x * 10 ** d) / 10 ** d;
