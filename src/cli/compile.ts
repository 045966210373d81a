import type { Command } from 'commander';
import { compile } from '../compiler/index.js';
import { createCallees } from '../runtime/calls.js';
import type { NodeRegistry } from '../nodes/registry.js';
import { defaultPatternsDir, folderSource, readText, UsageError } from './io.js';
import { formatDiagnostic } from './check.js';

export function registerCompile(program: Command, registry: NodeRegistry, setExit: (code: number) => void): void {
  program
    .command('compile')
    .description('Compile a pattern file; with --emit, print the generated JavaScript.')
    .argument('<file>', 'a .pattern.json file')
    .option('--emit', 'print the generated code')
    .option('--variant <variant>', 'sync or async (synchronous plans also have an async variant for long loops)')
    .option('--no-trace', 'leave out the node-by-node log calls')
    .option('--patterns <dir>', "where called patterns live; default: the file's folder")
    .action((file: string, opts: { emit?: boolean; variant?: string; trace: boolean; patterns?: string }) => {
      if (opts.variant !== undefined && opts.variant !== 'sync' && opts.variant !== 'async')
        throw new UsageError(`--variant must be sync or async, got ${JSON.stringify(opts.variant)}`);
      const callees = createCallees(folderSource(opts.patterns ?? defaultPatternsDir(file)), registry);
      const r = compile(readText(file), { registry, resolveInterface: callees.resolveInterface, trace: opts.trace });
      for (const d of [...r.errors, ...r.warnings]) process.stderr.write(formatDiagnostic(d) + '\n');
      if (!r.ok) {
        setExit(1);
        return;
      }
      if (opts.emit) process.stdout.write(r.compiled.source(opts.variant as 'sync' | 'async' | undefined) + '\n');
      else
        process.stdout.write(
          `${file}: compiled ${r.compiled.nodes.length} nodes into a ${r.compiled.async ? 'asynchronous' : 'synchronous'} plan (compiler v${r.compiled.compilerVersion}); add --emit to see the code\n`,
        );
      setExit(0);
    });
}
