import { DEFAULT_LIMITS, DragopsError, defineNode, getPath, toStringValue } from '../sdk/index.js';

// `{{` and `}}` are escapes; `{path}` is a placeholder whose path holds no braces. Linear: no backtracking.
const TOKEN = /\{\{|\}\}|\{([^{}]*)\}/g;

export default defineNode({
  type: 'Format',
  category: 'String',
  label: 'Format',
  description:
    'Fills `{key}` and `{a.b}` placeholders in the template from values (missing or null → empty text, objects as JSON); `{{` and `}}` write literal braces.',
  inputs: [
    { id: 'template', type: 'String', default: '' },
    { id: 'values', type: 'Object', default: {} },
  ],
  outputs: [{ id: 'result', type: 'String' }],
  eval: (template: string, values: Record<string, unknown> | null) => {
    let length = template.length;
    return template.replace(TOKEN, (token: string, path: string | undefined) => {
      if (path === undefined) return token[0]!; // `{{` → `{`, `}}` → `}`
      const text = toStringValue(getPath(values, path.trim()));
      length += text.length;
      if (length > DEFAULT_LIMITS.maxStringLength) {
        throw new DragopsError('LIMIT_EXCEEDED', `the formatted text is longer than ${DEFAULT_LIMITS.maxStringLength} characters`);
      }
      return text;
    });
  },
  examples: [
    { inputs: { template: 'Hello, {name}!', values: { name: 'Ada' } }, output: 'Hello, Ada!' },
    { inputs: { template: '{user.name} has {{braces}} and {count} items', values: { user: { name: 'Bo' }, count: 3 } }, output: 'Bo has {braces} and 3 items' },
    { inputs: { template: 'x={missing}' }, output: 'x=' },
  ],
});
