// Pack templates: `{{inputs.x}}`, `{{credentials.x}}` and `{{connection.x}}` are the only
// substitution (SPEC §14). A template string is parsed once into literal text and references; values
// are put in by the request builder as data (URL-encoded, JSON-encoded, or as text), never evaluated.

export const ROOTS = ['inputs', 'credentials', 'connection'] as const;
export type Root = (typeof ROOTS)[number];
export interface Ref {
  root: Root;
  name: string;
}
/** Literal text and references, in order. */
export type Part = string | Ref;
export interface Template {
  parts: Part[];
  /** The string is exactly one template (`"{{inputs.id}}"`): in a JSON body it keeps the value's type. */
  whole: Ref | undefined;
  refs: Ref[];
}

const INNER = /^\s*([^\s.]+)\.([^\s]+?)\s*$/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export type Parsed = { ok: true; template: Template } | { ok: false; error: string };

const shown = (s: string) => JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}…` : s);

/** Every problem of one string's templates, and the references of the well-formed ones: a `{{`
 * without its `}}` (the rest of the string is not read), anything but `root.name` inside. */
export function scanTemplates(s: string): { parts: Part[]; refs: Ref[]; errors: string[] } {
  const parts: Part[] = [];
  const refs: Ref[] = [];
  const errors: string[] = [];
  let at = 0;
  for (;;) {
    const open = s.indexOf('{{', at);
    if (open < 0) break;
    const close = s.indexOf('}}', open + 2);
    if (close < 0) {
      errors.push(`unclosed template at ${shown(s.slice(open))}`);
      return { parts, refs, errors };
    }
    const inner = s.slice(open + 2, close);
    const error = problemOf(inner);
    if (open > at) parts.push(s.slice(at, open));
    if (error) errors.push(error);
    else {
      const m = INNER.exec(inner)!;
      const ref: Ref = { root: m[1] as Root, name: m[2]! };
      parts.push(ref);
      refs.push(ref);
    }
    at = close + 2;
  }
  if (at < s.length) parts.push(s.slice(at));
  return { parts, refs, errors };
}

function problemOf(inner: string): string | undefined {
  const m = INNER.exec(inner);
  if (!m) return `malformed template {{${inner.slice(0, 60)}}}: write {{inputs.x}}, {{credentials.x}} or {{connection.x}}`;
  if (!(ROOTS as readonly string[]).includes(m[1]!))
    return `unknown template root ${shown(m[1]!)} in {{${inner.slice(0, 60)}}}: only inputs, credentials and connection`;
  if (!NAME.test(m[2]!)) return `malformed template {{${inner.slice(0, 60)}}}: a name is letters, digits and _`;
  return undefined;
}

/** Parses one string; its first problem is the error (scanTemplates lists them all). */
export function parseTemplate(s: string): Parsed {
  const { parts, refs, errors } = scanTemplates(s);
  if (errors.length > 0) return { ok: false, error: errors[0]! };
  const whole = parts.length === 1 && typeof parts[0] !== 'string' ? parts[0] : undefined;
  return { ok: true, template: { parts, whole, refs } };
}

const cache = new Map<string, Template>();
/** A template known to be valid (the pack was validated); parsed once per distinct string. */
export function template(s: string): Template {
  let t = cache.get(s);
  if (!t) {
    const p = parseTemplate(s);
    if (!p.ok) throw new Error(`invalid template: ${p.error}`);
    t = p.template;
    if (cache.size > 10_000) cache.clear();
    cache.set(s, t);
  }
  return t;
}

/** The text form of a value in a template inside longer text, a query value or a header. */
export function textOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v === null || v === undefined) return '';
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  return JSON.stringify(v);
}

/** Values for references, by root. A missing one is `undefined`. */
export type Scope = (ref: Ref) => unknown;

/** A template rendered as text (each reference by `textOf`, or by `encode` when given). */
export function renderText(t: Template, scope: Scope, encode: (text: string, ref: Ref) => string = (x) => x): string {
  let out = '';
  for (const p of t.parts) out += typeof p === 'string' ? p : encode(textOf(scope(p)), p);
  return out;
}
