// The only way generated JavaScript is built (ARCHITECTURE habits 1–2, after ajv's codegen/code.ts).
// A `_` template's holes accept Code (already safe) verbatim; every other value becomes a literal:
// strings as JSON string literals (with U+2028/U+2029 escaped), numbers, booleans, null. Nothing
// from a pattern document can reach the output except as such a literal or by reference.

export class Code {
  /** @internal Only this module and Scope create Code from raw text. */
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** An identifier handed out by a Scope: prefix from our code + a counter, never from the graph. */
export class Name extends Code {}

export type Hole = Code | string | number | boolean | null | undefined;

export function literal(v: string | number | boolean | null | undefined): Code {
  if (v === undefined) return new Code('undefined');
  if (v === null) return new Code('null');
  if (typeof v === 'boolean') return new Code(v ? 'true' : 'false');
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return new Code('NaN');
    if (v === Infinity) return new Code('Infinity');
    if (v === -Infinity) return new Code('(-Infinity)');
    if (Object.is(v, -0)) return new Code('(-0)');
    return new Code(v < 0 ? `(${v})` : String(v));
  }
  if (typeof v === 'string') return new Code(safeString(v));
  throw new TypeError(`codegen: cannot make a literal of ${typeof v}`);
}

export function safeString(s: string): string {
  return JSON.stringify(s)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function hole(h: Hole): string {
  return h instanceof Code ? h.text : literal(h).text;
}

/** Tagged template: `_\`${name} = ${value};\`` with every hole made safe. */
export function _(strings: TemplateStringsArray, ...holes: Hole[]): Code {
  let out = strings[0]!;
  for (let i = 0; i < holes.length; i++) out += hole(holes[i]) + strings[i + 1]!;
  return new Code(out);
}

export function join(parts: readonly Hole[], sep = ', '): Code {
  return new Code(parts.map(hole).join(sep));
}

/** Statements, one per line; empty pieces dropped. */
export function lines(parts: readonly (Code | null | undefined | false)[]): Code {
  return new Code(
    parts
      .filter((p): p is Code => p instanceof Code && p.text !== '')
      .map((p) => p.text)
      .join('\n'),
  );
}

export const nil = new Code('');

/** `obj[key]` with the key as a literal, which is safe for any string including "__proto__". */
export function prop(obj: Code, key: string | number): Code {
  return _`${obj}[${key}]`;
}

/** An object literal whose keys are user data: each key quoted, `__proto__` as a computed key so it
 * becomes an own property instead of setting the prototype. */
export function objectLiteral(entries: readonly (readonly [string, Code])[]): Code {
  const parts = entries.map(([k, v]) => (k === '__proto__' ? _`[${k}]: ${v}` : _`${k}: ${v}`));
  return _`{${join(parts)}}`;
}
