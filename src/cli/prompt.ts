// Reading a password: typed at a terminal without echo, or piped in (`echo "$PW" | dragops login …`).
import { UsageError } from './io.js';

/** The first line of standard input when it is not a terminal. */
async function readPiped(input: NodeJS.ReadStream): Promise<string> {
  let text = '';
  for await (const chunk of input) {
    text += chunk.toString();
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0]!;
}

/** Prompts on the terminal with echo off; Ctrl-C aborts, Ctrl-D or Enter ends the line. */
function readHidden(prompt: string, input: NodeJS.ReadStream, output: NodeJS.WriteStream): Promise<string> {
  return new Promise((resolve, reject) => {
    input.setRawMode(true); // before the prompt: what is typed after it is never echoed
    output.write(prompt);
    input.resume();
    let value = '';
    const done = (err?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      output.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (b: Buffer) => {
      for (const ch of b.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return done();
        if (ch === '\u0003') return done(new UsageError('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else if (ch >= ' ') value += ch;
      }
    };
    input.on('data', onData);
  });
}

export async function readPassword(prompt = 'Password: '): Promise<string> {
  const password = process.stdin.isTTY ? await readHidden(prompt, process.stdin, process.stderr) : await readPiped(process.stdin);
  if (!password) throw new UsageError('no password given: type it at the prompt, pipe it in, or use --password or $DRAGOPS_PASSWORD');
  return password;
}

/** Several secret values: each asked for at the terminal without echo, or, when standard input is
 * piped, its lines in order (`printf '%s\n' "$ID" "$SECRET" | dragops connection add …`). */
export async function readSecrets(prompts: readonly string[]): Promise<string[]> {
  const values: string[] = [];
  if (process.stdin.isTTY) {
    for (const p of prompts) values.push(await readHidden(p, process.stdin, process.stderr));
  } else {
    let text = '';
    for await (const chunk of process.stdin) text += chunk.toString();
    values.push(...text.split(/\r?\n/).slice(0, prompts.length));
  }
  prompts.forEach((p, i) => {
    if (!values[i]) throw new UsageError(`no value given for ${p.replace(/:\s*$/, '')}: type it at the prompt or pipe one line per secret into standard input`);
  });
  return values;
}
