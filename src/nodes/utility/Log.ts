import { defineNode, toStringValue, type ExecutionContext, type LogLevel } from '../sdk/index.js';

export default defineNode({
  type: 'Log',
  impure: true,
  category: 'Utility',
  label: 'Log',
  description: 'Writes `message` to the execution log at `level`. Strings are written as they are; other values as JSON.',
  inputs: [
    { id: 'message', type: 'Any' },
    { id: 'level', type: 'Enum', options: ['debug', 'info', 'warn', 'error'], default: 'info' },
  ],
  make: (_c, node) => (ctx: ExecutionContext, message: unknown, level: LogLevel) => {
    ctx.log(level, message === null ? 'null' : toStringValue(message), node.index);
  },
});
