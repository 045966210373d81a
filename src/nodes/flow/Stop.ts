import { _, defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'Stop',
  category: 'Flow Control',
  label: 'Stop',
  description: 'Ends the execution as `completed`. A `finally` branch of an enclosing TryCatch still runs.',
  execOut: [],
  emit: () => _`return;`,
});
