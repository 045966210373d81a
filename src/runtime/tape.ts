// The tape: what an execution cannot recompute — the results (or errors) of its non-deterministic
// nodes (HTTPRequest, CallPattern, Delay, Now, Random, UUID, Shuffle, RandomString), in the order
// they ran — kept with its node log, so that inspection can run the execution again and get every
// other value exactly (docs/semantics.md, "Inspecting an execution"). W1 has no such node: its tape
// is empty and costs nothing.
import { DragopsError, type ErrorInfo } from '../errors/error.js';
import type { ErrorCode } from '../errors/catalog.js';

/** [node index, value] or [node index, null, the error it raised]. */
export type TapeEntry = [number, unknown] | [number, null, ErrorInfo];

/** Tapes past this many characters of JSON are not kept whole (the run is then inspected inexactly). */
export const MAX_TAPE_CHARS = 1024 * 1024;

/** Raised in a replay whose nodes do not ask for what the tape holds: the replay cannot be trusted. */
export class ReplayDiverged extends Error {}

// Binary values are kept as {"\u0000b": base64}; an object key that starts with NUL gets one more
// NUL in front, so no value of the execution can pass for a Binary.
const BIN = '\u0000b';
function encodeValue(v: unknown): unknown {
  if (v instanceof Uint8Array) return { [BIN]: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
  if (Array.isArray(v)) return v.map(encodeValue);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v))
      Object.defineProperty(out, k.startsWith('\u0000') ? `\u0000${k}` : k, {
        value: encodeValue((v as Record<string, unknown>)[k]),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    return out;
  }
  return v;
}
function decodeValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decodeValue);
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === BIN) return new Uint8Array(Buffer.from(String((v as Record<string, unknown>)[BIN]), 'base64'));
    const out: Record<string, unknown> = {};
    for (const k of keys)
      Object.defineProperty(out, k.startsWith('\u0000') ? k.slice(1) : k, {
        value: decodeValue((v as Record<string, unknown>)[k]),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    return out;
  }
  return v;
}

/** The tape as JSON text, or undefined when it is too large to keep. */
export function encodeTape(entries: TapeEntry[]): string | undefined {
  let text: string;
  try {
    text = JSON.stringify(entries.map((e) => (e.length === 3 ? e : [e[0], encodeValue(e[1])])));
  } catch {
    return undefined;
  }
  return text.length > MAX_TAPE_CHARS ? undefined : text;
}

export function decodeTape(entries: unknown[]): TapeEntry[] {
  return entries.map((e) => {
    const x = e as unknown[];
    return x.length === 3 ? [Number(x[0]), null, x[2] as ErrorInfo] : [Number(x[0]), decodeValue(x[1])];
  });
}

/** Plays a tape back, in order. */
export class TapeReader {
  private at = 0;
  /** Why the replay left the recording, once it has. */
  diverged: string | undefined;
  constructor(
    private readonly entries: TapeEntry[],
    private readonly nodeIds: readonly string[],
  ) {}
  take(k: number): unknown {
    const e = this.entries[this.at];
    if (!e || e[0] !== k) {
      this.diverged = `the replay asked node ${JSON.stringify(this.nodeIds[k] ?? k)} for a value the recording does not have there${e ? ` (it has one of ${JSON.stringify(this.nodeIds[e[0]] ?? e[0])})` : ''}`;
      throw new ReplayDiverged(this.diverged);
    }
    this.at++;
    if (e.length === 3) throw new DragopsError(e[2].code as ErrorCode, e[2].message, { nodeId: e[2].nodeId, type: e[2].type });
    return e[1];
  }
  /** Whether every recorded value was asked for. */
  get finished(): boolean {
    return this.at === this.entries.length;
  }
}
