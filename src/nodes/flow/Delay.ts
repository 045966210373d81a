import { defineNode, type ExecutionContext } from '../sdk/index.js';

export default defineNode({
  type: 'Delay',
  category: 'Flow Control',
  label: 'Delay',
  description: 'Waits `seconds` (never past the execution deadline), then fires `then`. Other executions run meanwhile.',
  inputs: [{ id: 'seconds', type: 'Float', default: 1 }],
  async: true,
  run: (ctx: ExecutionContext, seconds: number) => ctx.sleep(Math.max(0, seconds) * 1000),
});
