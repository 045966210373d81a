// The time as ISO 8601 for records (runs, deployments, audit), formatted once per millisecond: two
// per execution, thousands a second. The cache is the only state, and any instant formats the same.
let nowMs = 0,
  nowIso = '';
export const now = (): string => {
  const t = Date.now();
  if (t !== nowMs) {
    nowMs = t;
    nowIso = new Date(t).toISOString();
  }
  return nowIso;
};
