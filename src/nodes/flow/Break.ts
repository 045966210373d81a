import { _, defineNode, nil } from '../sdk/index.js';

export default defineNode({
  type: 'Break',
  category: 'Flow Control',
  label: 'Break',
  description: 'Leaves the innermost enclosing loop (ForEach, ForRange, While), which then fires `completed`.',
  execOut: [],
  emit: (g) => {
    const label = g.breakLabel();
    return label ? _`break ${label};` : nil; // outside a loop it is a compile error (BREAK_OUTSIDE_LOOP)
  },
});
