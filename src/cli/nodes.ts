import type { Command } from 'commander';
import type { NodeRegistry } from '../nodes/registry.js';
import { CATEGORIES } from '../nodes/define.js';
import { describeNode } from '../nodes/describe.js';
import { writeJsonLine } from './io.js';

export function registerNodes(program: Command, registry: NodeRegistry): void {
  program
    .command('nodes')
    .description('List the node library (the same definitions as GET /api/nodes).')
    .option('--json', 'print the full definitions as JSON')
    .option('--category <name>', 'only this category')
    .action((opts: { json?: boolean; category?: string }) => {
      const defs = registry.all().filter((d) => !opts.category || d.category.toLowerCase() === opts.category.toLowerCase());
      if (opts.json) {
        writeJsonLine(defs.map((d) => describeNode(d, registry.versions(d.type))));
        return;
      }
      for (const cat of CATEGORIES) {
        const list = defs.filter((d) => d.category === cat);
        if (list.length === 0) continue;
        process.stdout.write(`${cat} (${list.length})\n`);
        for (const d of list) {
          const d2 = describeNode(d);
          const pins = (ps: readonly { id: string; type: string }[]) => ps.map((p) => `${p.id}: ${p.type}`).join(', ');
          process.stdout.write(`  ${d.type.padEnd(20)} ${pins(d2.inputs)}${d2.outputs.length ? ` → ${pins(d2.outputs)}` : ''}\n`);
        }
      }
      process.stdout.write(`${defs.length} nodes\n`);
    });
}
