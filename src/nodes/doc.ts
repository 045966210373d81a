// Renders docs/nodes.md from the node definitions; `npm run docs` writes it and a test keeps it in
// step (test/docs.test.ts), so the reference can never drift from the library.
import { binaryReplacer } from '../pattern/types.js';
import { CATEGORIES, type NodeDefinition, type NodeExample, type PinSpec } from './define.js';
import { describeNode, type NodeDescription } from './describe.js';
import { ALL_NODES } from './index.js';

const json = (v: unknown): string => JSON.stringify(v, binaryReplacer) ?? 'null';
/** Text inside a table cell: no line breaks, no unescaped pipes. */
const cell = (s: string): string => s.replace(/\r?\n/g, '<br>').replace(/\|/g, '\\|');
/** Inline code that may itself contain backticks. */
function code(s: string): string {
  const longest = Math.max(0, ...(s.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  return longest > 0 || s.startsWith('`') || s.endsWith('`') ? `${fence} ${s} ${fence}` : `${fence}${s}${fence}`;
}
const anchor = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/ /g, '-');

function pinType(p: PinSpec): string {
  return p.type === 'Enum' && p.options ? `Enum (${p.options.join(', ')})` : p.type;
}

function pinTable(title: string, pins: readonly PinSpec[], inputs: boolean): string[] {
  if (pins.length === 0) return [];
  const out = [`${title}:`, '', inputs ? '| pin | type | default |' : '| pin | type |', inputs ? '|---|---|---|' : '|---|---|'];
  for (const p of pins) {
    const name = code(p.id) + (p.description ? ` — ${cell(p.description)}` : '');
    if (inputs) out.push(`| ${name} | ${cell(pinType(p))} | ${p.default === undefined ? 'required' : cell(code(json(p.default)))} |`);
    else out.push(`| ${name} | ${cell(pinType(p))} |`);
  }
  out.push('');
  return out;
}

type Schema = {
  type?: string;
  anyOf?: Schema[];
  const?: unknown;
  items?: Schema;
  default?: unknown;
  description?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
};

function schemaType(s: Schema): string {
  if (s.anyOf) return s.anyOf.every((x) => x.const !== undefined) ? s.anyOf.map((x) => json(x.const)).join(' \\| ') : s.anyOf.map(schemaType).join(' \\| ');
  if (s.enum) return s.enum.map(json).join(' \\| ');
  if (s.type === 'array') return s.items && (s.items.type || s.items.anyOf) ? `array of ${schemaType(s.items)}` : 'array';
  if (s.type === 'object' && s.properties) return `{${Object.keys(s.properties).join(', ')}}`;
  return s.type ?? 'any';
}

function configTable(d: NodeDescription): string[] {
  const schema = d.config as Schema | null;
  const props = schema?.properties ? Object.entries(schema.properties) : [];
  if (props.length === 0) return [];
  const out = ['Config:', '', '| field | type | default | meaning |', '|---|---|---|---|'];
  for (const [k, s] of props) {
    const dflt = s.default !== undefined ? code(json(s.default)) : schema!.required?.includes(k) ? 'required' : 'optional';
    out.push(`| ${code(k)} | ${cell(schemaType(s))} | ${cell(dflt)} | ${cell(s.description ?? '')} |`);
  }
  out.push('');
  return out;
}

function example(ex: NodeExample): string {
  const given = [
    ...Object.entries(ex.config ?? {}).map(([k, v]) => `config ${k}: ${json(v)}`),
    ...Object.entries(ex.inputs ?? {}).map(([k, v]) => `${k}: ${json(v)}`),
  ];
  const line = `- ${given.length > 0 ? code(given.join(', ')) : 'no inputs'} → ${code(json(ex.output))}`;
  return ex.note ? `${line} (${ex.note.replace(/\.$/, '')})` : line;
}

function kindText(d: NodeDefinition, n: NodeDescription): string {
  const facts: string[] = [];
  if (n.kind === 'event') facts.push(d.trigger === 'errorHandler' ? 'error handler' : 'trigger');
  else if (n.pure) facts.push('pure (evaluated when a node needs its value)');
  else facts.push('impure (runs when `exec` fires)');
  if (n.execOut.length > 0) facts.push(`exec out: ${n.execOut.map(code).join(', ')}`);
  if (n.async) facts.push('asynchronous');
  if (!d.deterministic) facts.push('nondeterministic (never constant-folded)');
  if (n.dynamicPins) facts.push('pins depend on config (shown for the default config)');
  if (d.editorOnly) facts.push('editor only');
  return facts.join(' · ');
}

function noExample(d: NodeDefinition, n: NodeDescription): string {
  if (n.trigger) return "No example: it starts an execution (its outputs are the trigger's data).";
  if (!d.deterministic) return 'No example: its output differs every time.';
  if (!n.pure) return 'No example: it acts on the execution (see the description).';
  return 'No example.';
}

export function renderNodesDoc(defs: readonly NodeDefinition[] = ALL_NODES): string {
  const byCategory = new Map<string, NodeDefinition[]>(CATEGORIES.map((c) => [c, []]));
  for (const d of defs) byCategory.get(d.category)?.push(d);
  const used = CATEGORIES.filter((c) => byCategory.get(c)!.length > 0);
  const out = [
    '# Nodes',
    '',
    '<!-- Generated from the node definitions (src/nodes/) by `npm run docs`; a test fails when this file is stale. -->',
    '',
    `The node library: ${defs.length} nodes in ${used.length} categories, as \`dragops nodes --json\` and \`GET /api/nodes\` serve them.`,
    'Pins are typed (SPEC §2); an input with a default is optional, one without must be wired or given a value in the',
    "node's `defaults`. Pure nodes have no exec pins and are evaluated whenever a node needs their value; impure nodes",
    'run when their `exec` input fires. Examples give input values (unlisted inputs take their defaults) and the output',
    '(an object of outputs by pin id for nodes with several).',
    '',
    '## Node versions',
    '',
    'Each node type has a behaviour version (`version` in `GET /api/nodes`, every one a document may pin in `versions`).',
    'A change in what a node does adds a new version and keeps the old one, so nothing that runs changes on its own:',
    '',
    "- A node without a `version` of its own gets its type's newest version when a draft is validated, run or deployed.",
    '- A node may pin one: `{"id": "greet", "type": "MakeString", "version": 1}`. A version the type does not have is',
    '  the compile error `UNKNOWN_NODE_VERSION` at `/nodes/<i>/version`, naming the versions there are.',
    '- A deployed version records the version of every node type it uses (`nodeVersions` in',
    '  `GET /api/patterns/:id/versions/:v`). Loading it again — a restart, another instance, an execution process, a',
    '  rollback — compiles those versions, whatever the library has gained since; a redeploy of the draft moves',
    '  unpinned nodes to the newest. Versions deployed before this was recorded ran version 1 of every type.',
    '',
    'Node files import dragops only through the node SDK, `src/nodes/sdk/index.ts` (the lint rule',
    '`dragops/node-imports-sdk` keeps it so); it lists what a node may use, including the runtime helper names',
    'generated code may call.',
    '',
    '## Categories',
    '',
    ...used.map(
      (c) =>
        `- [${c}](#${anchor(c)}) (${byCategory.get(c)!.length}): ${byCategory
          .get(c)!
          .map((d) => d.type)
          .join(', ')}`,
    ),
  ];
  for (const c of used) {
    out.push('', `## ${c}`);
    for (const d of byCategory.get(c)!) {
      const n = describeNode(d);
      out.push('', `### ${d.label} (\`${d.type}\`)`, '', d.description, '', `*${kindText(d, n)}*`, '');
      out.push(...pinTable('Inputs', n.inputs, true), ...pinTable('Outputs', n.outputs, false), ...configTable(n));
      if (d.examples.length > 0) out.push(d.examples.length === 1 ? 'Example:' : 'Examples:', '', ...d.examples.map(example), '');
      else if (!d.editorOnly) out.push(noExample(d, n), '');
    }
  }
  return (
    out
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .replace(/\n+$/, '') + '\n'
  );
}
