import { Name } from './code.js';

const PREFIX = /^[a-zA-Z_$][a-zA-Z_$]*$/;

/** Hands out generated identifiers: a fixed prefix (from our code) and a counter. Never document text. */
export class Scope {
  private counters = new Map<string, number>();
  name(prefix: string): Name {
    if (!PREFIX.test(prefix)) throw new Error(`codegen: bad name prefix ${JSON.stringify(prefix)}`);
    const n = this.counters.get(prefix) ?? 0;
    this.counters.set(prefix, n + 1);
    return new Name(`${prefix}${n}`);
  }
}
