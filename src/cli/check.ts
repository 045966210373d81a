import type { Command } from 'commander';
import { compile } from '../compiler/index.js';
import type { Diagnostic } from '../compiler/diagnostic.js';
import { createCallees } from '../runtime/calls.js';
import type { NodeRegistry } from '../nodes/registry.js';
import { defaultPatternsDir, folderSource, readText, writeJsonLine } from './io.js';
import { installed, packNodesOf } from '../packs/library.js';
import { readPackDir } from './pack.js';

const shape = (d: Diagnostic) => ({ code: d.code, message: d.message, nodeId: d.nodeId, pin: d.pin, path: d.path });

export function formatDiagnostic(d: Diagnostic): string {
  const where = [d.nodeId !== null ? `node ${JSON.stringify(d.nodeId)}` : '', d.pin ? `pin ${JSON.stringify(d.pin)}` : '', d.path ? `at ${d.path}` : '']
    .filter(Boolean)
    .join(', ');
  return `${d.severity} ${d.code}${where ? ` (${where})` : ''}: ${d.message}`;
}

export function registerCheck(program: Command, registry: NodeRegistry, setExit: (code: number) => void): void {
  program
    .command('check')
    .description('Compile a pattern file and report every problem (exit 1 when there are errors).')
    .argument('<file>', 'a .pattern.json file')
    .option('--json', 'print {"errors":[…],"warnings":[…]} instead of text')
    .option('--patterns <dir>', "where called patterns live (<dir>/<id>.pattern.json); default: the file's folder")
    .option('--packs <dir>', 'integration packs (*.dragops-pack.json) whose nodes the pattern may use, as for `run --packs`')
    .action((file: string, opts: { json?: boolean; patterns?: string; packs?: string }) => {
      const callees = createCallees(folderSource(opts.patterns ?? defaultPatternsDir(file)), registry);
      const packs = opts.packs ? packNodesOf(readPackDir(opts.packs).map((p) => installed(p))) : undefined;
      const r = compile(readText(file), { registry, resolveInterface: callees.resolveInterface, packs });
      if (opts.json) writeJsonLine({ errors: r.errors.map(shape), warnings: r.warnings.map(shape) });
      else {
        for (const d of [...r.errors, ...r.warnings]) process.stdout.write(formatDiagnostic(d) + '\n');
        process.stdout.write(
          r.ok
            ? `${file}: ok${r.warnings.length ? ` (${r.warnings.length} warning${r.warnings.length > 1 ? 's' : ''})` : ''}\n`
            : `${file}: ${r.errors.length} error${r.errors.length > 1 ? 's' : ''}\n`,
        );
      }
      setExit(r.ok ? 0 : 1);
    });
}
