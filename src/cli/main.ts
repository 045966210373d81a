// The `dragops` command line: one file per command, all sharing one node registry.
import { Command, CommanderError } from 'commander';
import { createRegistry } from '../nodes/index.js';
import { registerCheck } from './check.js';
import { registerRun } from './run.js';
import { registerCompile } from './compile.js';
import { registerNodes } from './nodes.js';
import { registerServe } from './serve.js';
import { registerRemote } from './remote.js';
import { registerInspect } from './inspect.js';
import { registerSync } from './sync.js';
import { registerConnection } from './connection.js';
import { registerPack } from './pack.js';
import { UsageError } from './io.js';

export const VERSION = '0.1.0';

export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const setExit = (c: number) => {
    code = c;
  };
  const registry = createRegistry();
  const program = new Command('dragops')
    .description('Draw automations as graphs, compile them to JavaScript, run and deploy them.')
    .version(VERSION)
    .exitOverride()
    .showSuggestionAfterError()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  registerCheck(program, registry, setExit);
  registerRun(program, registry, setExit);
  registerCompile(program, registry, setExit);
  registerNodes(program, registry);
  registerServe(program);
  registerRemote(program, setExit);
  registerInspect(program, setExit);
  registerSync(program, setExit);
  registerConnection(program, setExit);
  registerPack(program, setExit);
  for (const c of program.commands) c.exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2; // --help, --version, bad flags
    if (e instanceof UsageError) {
      process.stderr.write(`dragops: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  return code;
}
