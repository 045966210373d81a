// A pack as the text of a `.dragops-pack.json` file, the same bytes for the same value: two-space
// indentation, an object or array on one line when it fits in `width` columns (as the shipped packs
// are written), keys in the order the value has them, and a final newline.

/** The file text of a JSON value. */
export function packText(value: unknown, width = 120): string {
  return layout(value, '', width) + '\n';
}

function layout(v: unknown, indent: string, width: number, prefix = 0): string {
  const flat = inline(v);
  if (v === null || typeof v !== 'object' || indent.length + prefix + flat.length <= width) return flat;
  const inner = indent + '  ';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[\n${v.map((x) => inner + layout(x, inner, width)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(v).filter(([, x]) => x !== undefined);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${layout(x, inner, width, JSON.stringify(k).length + 2)}`).join(',\n')}\n${indent}}`;
}

/** One line, with a space after `:` and `,` and inside braces (`{ "a": 1, "b": [1, 2] }`). */
function inline(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map((x) => inline(x)).join(', ')}]`;
  const entries = Object.entries(v).filter(([, x]) => x !== undefined);
  return entries.length === 0 ? '{}' : `{ ${entries.map(([k, x]) => `${JSON.stringify(k)}: ${inline(x)}`).join(', ')} }`;
}
