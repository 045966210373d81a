// House rules that oxlint has no built-in rule for, as an ESLint-compatible JS plugin
// (loaded by .oxlintrc.json `jsPlugins`). test/lint/lint.test.ts proves each rule fires.

/**
 * `new Code(text)` / `new Name(text)` turn raw text into generated JavaScript. Only the codegen
 * module may do that (habit 1, docs/codegen.md): anywhere else, pattern text could become code.
 * Outside src/compiler/codegen/, build code with the `_` tagged template, whose holes are made safe.
 * The rule is switched off for that folder in .oxlintrc.json `overrides`.
 */
const noRawCode = {
  meta: {
    type: 'problem',
    docs: { description: 'Disallow `new Code(...)` / `new Name(...)` outside src/compiler/codegen/' },
    messages: {
      raw: '`new {{name}}(...)` makes generated code from raw text; only src/compiler/codegen/ may do that. Use the `_` tagged template.',
    },
    schema: [],
  },
  create(context) {
    return {
      NewExpression(node) {
        const callee = node.callee;
        const name =
          callee.type === 'Identifier'
            ? callee.name
            : callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier'
              ? callee.property.name
              : undefined;
        if (name === 'Code' || name === 'Name') context.report({ node, messageId: 'raw', data: { name } });
      },
    };
  },
};

/**
 * Node files import dragops only through the node SDK (src/nodes/sdk/, issue 13): a file of the node
 * library (src/nodes/<category>/, tests aside) or the pack node builder (src/packs/node.ts) may import
 * the SDK, other files of the node library (and, for the pack builder, of src/packs/), Node's
 * built-ins and libraries — nothing else of dragops, and not src/nodes/define.ts directly.
 */
const sep = '/';
const nodeFile = (f) => /\/src\/nodes\/(?!sdk\/)[^/]+\/[^/]+\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f);
const packBuilder = (f) => f.endsWith('/src/packs/node.ts');
function resolve(from, spec) {
  const parts = from.split(sep).slice(0, -1);
  for (const s of spec.split(sep)) {
    if (s === '..') parts.pop();
    else if (s !== '.') parts.push(s);
  }
  return parts.join(sep);
}
const nodeImportsSdk = {
  meta: {
    type: 'problem',
    docs: { description: 'Node files import dragops only through src/nodes/sdk/' },
    messages: {
      outside:
        'node files import dragops only through the node SDK: import from src/nodes/sdk/index.js (add the name there if node files need it), not from {{spec}}',
    },
    schema: [],
  },
  create(context) {
    const file = (context.physicalFilename ?? context.filename ?? '').replaceAll('\\', sep);
    const pack = packBuilder(file);
    if (!pack && !nodeFile(file)) return {};
    const src = file.slice(0, file.lastIndexOf('/src/') + 5);
    const check = (node) => {
      const spec = node.source?.value;
      if (typeof spec !== 'string' || !spec.startsWith('.')) return; // built-ins and libraries
      const target = resolve(file, spec);
      const inNodes = target.startsWith(`${src}nodes/`) && !target.startsWith(`${src}nodes/define.`) && !target.startsWith(`${src}nodes/registry.`);
      if (inNodes || (pack && target.startsWith(`${src}packs/`))) return;
      context.report({ node, messageId: 'outside', data: { spec } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check };
  },
};

export default {
  meta: { name: 'dragops' },
  rules: { 'no-raw-code': noRawCode, 'node-imports-sdk': nodeImportsSdk },
};
