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

export default {
  meta: { name: 'dragops' },
  rules: { 'no-raw-code': noRawCode },
};
