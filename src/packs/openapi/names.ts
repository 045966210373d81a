// Names a pack allows, made from an OpenAPI document's names: node ids (`list_labels` → `listLabels`),
// pin names (`X-Request-Id` → `xRequestId`), made unique; and the near matches of a misspelt name.

const words = (s: string): string[] => s.split(/[^A-Za-z0-9]+/).filter((w) => w !== '');

/** camelCase of the words of `s` (`label_status` → `labelStatus`, `HTTPMethod` kept as `httpMethod`
 * only when the first word is all capitals). */
export function camel(s: string): string {
  const parts = words(s);
  return parts
    .map((w, i) => {
      if (i === 0) return /^[A-Z0-9]+$/.test(w) ? w.toLowerCase() : w.charAt(0).toLowerCase() + w.slice(1);
      return w.charAt(0).toUpperCase() + w.slice(1);
    })
    .join('');
}

/** A node id (`^[A-Za-z][A-Za-z0-9]{0,63}$`). */
export function nodeIdOf(s: string): string {
  let id = camel(s);
  if (!/^[A-Za-z]/.test(id)) id = 'op' + id.charAt(0).toUpperCase() + id.slice(1);
  return id.slice(0, 64);
}

/** A pin name (`^[A-Za-z_][A-Za-z0-9_]{0,63}$`). */
export function pinNameOf(s: string): string {
  let id = camel(s);
  if (id === '') id = 'value';
  if (!/^[A-Za-z_]/.test(id)) id = '_' + id;
  return id.slice(0, 64);
}

/** `name`, else `name2`, `name3`… — the first that `taken` does not hold (then added to it). */
export function unique(name: string, taken: Set<string>): string {
  let n = name;
  for (let i = 2; taken.has(n); i++) n = name.slice(0, 64 - String(i).length) + i;
  taken.add(n);
  return n;
}

/** `get /v1/labels/{label_id}` → `getV1LabelsByLabelId` (an operation without an operationId). */
export function idFromPath(method: string, path: string): string {
  const segs = path.split('/').filter((s) => s !== '');
  const parts = segs.map((s) => {
    const param = /^\{(.+)\}$/.exec(s);
    return param ? 'By ' + words(param[1]!).join(' ') : words(s).join(' ');
  });
  return nodeIdOf([method.toLowerCase(), ...parts].join(' '));
}

/** Levenshtein distance, case-insensitive. */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[y.length]!;
}

/** Up to `max` of `names` close to `name`: by edit distance (at most a third of its length, at
 * least 2), or containing it; nearest first, then alphabetical. */
export function nearMatches(name: string, names: readonly string[], max = 3): string[] {
  const limit = Math.max(2, Math.floor(name.length / 3));
  const lower = name.toLowerCase();
  return [...new Set(names)]
    .map((n) => ({ n, d: distance(name, n), sub: n.toLowerCase().includes(lower) || lower.includes(n.toLowerCase()) }))
    .filter((c) => c.d <= limit || c.sub)
    .sort((a, b) => a.d - b.d || (a.n < b.n ? -1 : a.n > b.n ? 1 : 0))
    .slice(0, max)
    .map((c) => c.n);
}
