// The project's example patterns (examples/*.pattern.json), offered by the dashboard's empty Patterns
// page ("Start from an example"): a list of summaries and each document, to be POSTed to
// /api/patterns/import like any file. Read once when the server starts (they ship with the package
// and do not change while it runs); none when the folder is absent.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { notFound, ok } from './errors.js';
import { Params, type TypeBoxProvider } from './schema.js';
import type { ExampleSummary, Paged } from './types.js';

const TRIGGERS = ['OnWebhook', 'OnSchedule', 'OnPatternCall', 'OnStart'];

export type { ExampleSummary };
interface Example {
  summary: ExampleSummary;
  document: Record<string, unknown>;
}

/** The examples folder, looked up from this module's place (dist/dragops.mjs bundled, src/api/ under tsx). */
export function findExamplesDir(from: string = fileURLToPath(import.meta.url)): string | null {
  let dir = dirname(from);
  for (let i = 0; i < 4; i++) {
    const c = join(dir, 'examples');
    if (existsSync(join(c, 'hello-world.pattern.json'))) return c;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return null;
}

export function loadExamples(dir: string | null): Map<string, Example> {
  const out = new Map<string, Example>();
  if (!dir) return out;
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.pattern.json'))
    .sort()) {
    let document: Record<string, unknown>;
    try {
      document = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>;
    } catch {
      continue;
    }
    const nodes = Array.isArray(document.nodes) ? (document.nodes as { type?: unknown; config?: { pattern?: unknown } }[]) : [];
    const id = basename(file, '.pattern.json');
    out.set(id, {
      document,
      summary: {
        id,
        name: typeof document.name === 'string' ? document.name : id,
        description: typeof document.description === 'string' ? document.description : '',
        trigger: (nodes.map((n) => n.type).find((t) => typeof t === 'string' && TRIGGERS.includes(t)) as string | undefined) ?? null,
        calls: [...new Set(nodes.filter((n) => n.type === 'CallPattern' && typeof n.config?.pattern === 'string').map((n) => n.config!.pattern as string))],
        nodes: nodes.length,
      },
    });
  }
  return out;
}

export async function exampleRoutes(root: FastifyInstance, opts: { dir?: string | null } = {}): Promise<void> {
  const app = root.withTypeProvider<TypeBoxProvider>();
  const examples = loadExamples(opts.dir === undefined ? findExamplesDir() : opts.dir);
  app.get('/api/examples', async () => {
    const list = [...examples.values()].map((e) => e.summary);
    return { success: true, data: list, meta: { total: list.length, limit: list.length, offset: 0 } } satisfies Paged<ExampleSummary>;
  });
  app.get('/api/examples/:id', { schema: { params: Params('id') } }, async (req) => {
    const id = req.params.id;
    const e = examples.get(id);
    if (!e) throw notFound(`example ${id}`);
    return ok(e.document);
  });
}
