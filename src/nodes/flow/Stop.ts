import { defineNode } from '../define.js';
import { _ } from '../../compiler/codegen/code.js';

export default defineNode({
  type: 'Stop',
  category: 'Flow Control',
  label: 'Stop',
  description: 'Ends the execution as `completed`. A `finally` branch of an enclosing TryCatch still runs.',
  execOut: [],
  emit: () => _`return;`,
});
