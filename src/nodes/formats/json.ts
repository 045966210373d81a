import { DragopsError, binaryReplacer } from '../sdk/index.js';
// JSON helpers shared by ParseJSON, StringifyJSON and ToString: errors that say where and why.

/** JSON.stringify that turns every failure into a DragopsError instead of a raw TypeError/RangeError. */
export function stringifyJson(value: unknown, indent?: number): string {
  try {
    return JSON.stringify(value, binaryReplacer, indent) ?? 'null'; // undefined has no JSON text
  } catch (e) {
    throw jsonWriteError(e);
  }
}

export function jsonWriteError(e: unknown): DragopsError {
  if (e instanceof DragopsError) return e;
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof RangeError && /string length/i.test(message)) {
    return new DragopsError('LIMIT_EXCEEDED', 'the value is too large to write as JSON text', { cause: e });
  }
  if (e instanceof TypeError && /circular/i.test(message)) {
    return new DragopsError('NODE_ERROR', 'cannot write the value as JSON: it contains itself (a circular structure)', { cause: e });
  }
  if (e instanceof RangeError) {
    return new DragopsError('NODE_ERROR', 'cannot write the value as JSON: it is nested too deeply', { cause: e });
  }
  return new DragopsError('NODE_ERROR', `cannot write the value as JSON: ${message}`, { cause: e });
}

/** JSON.parse with an error that gives the position, line and column of the first problem. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const found = locateJsonError(text);
    if (!found) throw new DragopsError('NODE_ERROR', `invalid JSON: ${(e as Error).message}`, { cause: e });
    const before = text.slice(0, found.position);
    const line = before.split('\n').length;
    const column = found.position - before.lastIndexOf('\n');
    throw new DragopsError('NODE_ERROR', `invalid JSON at position ${found.position} (line ${line}, column ${column}): ${found.reason}`, {
      cause: e,
      details: { position: found.position, line, column },
    });
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

/**
 * Finds the first syntax error of a JSON text (Node 20's messages often omit the position). Iterative,
 * with an explicit stack, so a deeply nested document cannot overflow the call stack. Null when valid.
 */
export function locateJsonError(text: string): { position: number; reason: string } | null {
  const n = text.length;
  const stack: string[] = []; // expected closers: ']' or '}'
  let i = 0;
  let state: 'value' | 'key' | 'after' = 'value';
  const fail = (reason: string) => ({ position: i, reason });
  const shown = () => (i < n ? `unexpected ${JSON.stringify(String.fromCodePoint(text.codePointAt(i)!))}` : 'unexpected end of input');
  const ws = () => {
    for (let c = text.charCodeAt(i); c === 32 || c === 9 || c === 10 || c === 13; c = text.charCodeAt(++i));
  };
  const string = (): string | null => {
    i++; // opening quote
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return null;
      }
      if (c === 92) {
        ESCAPE.lastIndex = i;
        if (!ESCAPE.test(text)) return 'invalid escape sequence in string';
        i = ESCAPE.lastIndex;
      } else if (c < 0x20) return 'control character in string (write it as an escape such as \\n)';
      else i++;
    }
    return 'unterminated string';
  };
  for (;;) {
    ws();
    if (state === 'value') {
      const c = text[i];
      if (c === '{' || c === '[') {
        stack.push(c === '{' ? '}' : ']');
        i++;
        ws();
        if (text[i] === stack.at(-1)) {
          i++;
          stack.pop();
          state = 'after';
        } else state = c === '{' ? 'key' : 'value';
        continue;
      }
      if (c === '"') {
        const bad = string();
        if (bad) return fail(bad);
      } else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
        NUMBER.lastIndex = i;
        if (!NUMBER.test(text)) return fail('invalid number');
        i = NUMBER.lastIndex;
      } else if (text.startsWith('true', i)) i += 4;
      else if (text.startsWith('false', i)) i += 5;
      else if (text.startsWith('null', i)) i += 4;
      else return fail(`${shown()}, expected a value`);
      state = 'after';
    } else if (state === 'key') {
      if (text[i] !== '"') return fail(`${shown()}, expected a property name in double quotes`);
      const bad = string();
      if (bad) return fail(bad);
      ws();
      if (text[i] !== ':') return fail(`${shown()}, expected ':' after the property name`);
      i++;
      state = 'value';
    } else {
      const close = stack.at(-1);
      if (close === undefined) return i < n ? fail(`${shown()} after the end of the JSON value`) : null;
      if (text[i] === ',') {
        i++;
        state = close === '}' ? 'key' : 'value';
      } else if (text[i] === close) {
        i++;
        stack.pop();
      } else return fail(`${shown()}, expected ',' or '${close}'`);
    }
  }
}
