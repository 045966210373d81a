import { _, defineNode, lines } from '../sdk/index.js';

export default defineNode({
  type: 'Retry',
  category: 'Flow Control',
  label: 'Retry',
  description:
    'Runs `attempt` up to `maxAttempts` times until it finishes without error, waiting delaySeconds × backoff^(n−1) between attempts; then fires `then`, or `failed` with the last `error` (when `failed` is not wired, that error is not handled here and propagates).',
  inputs: [
    { id: 'maxAttempts', type: 'Integer', default: 3 },
    { id: 'delaySeconds', type: 'Float', default: 1 },
    { id: 'backoff', type: 'Float', default: 2 },
  ],
  outputs: [
    { id: 'attemptNumber', type: 'Integer' },
    { id: 'error', type: 'Object' },
  ],
  execOut: ['attempt', 'then', 'failed'],
  async: true,
  emit: (g) => {
    const { code, values } = g.inputs();
    const max = g.name('$max'),
      n = g.name('$n'),
      ok = g.name('$ok'),
      e = g.name('$e'),
      label = g.name('R'),
      last = g.name('$last');
    // With `failed` unwired nothing handles the last error, so it propagates (SPEC §3: only a body
    // that still has attempts is protected) instead of vanishing into a `completed` execution.
    const onFailed = g.hasExec('failed') ? g.exec('failed') : _`throw ${last};`;
    const sleep = g.async ? _`await ${g.ctx}.sleep(${values.delaySeconds!} * 1000 * Math.pow(${values.backoff!}, ${n} - 1));` : _``;
    return lines([
      code,
      _`const ${max} = Math.max(1, ${values.maxAttempts!});`,
      _`let ${ok} = false, ${last};`,
      _`${label}: for (let ${n} = 1; ; ${n}++) {
${g.out('attemptNumber')} = ${n};
try {
${g.exec('attempt')}
${ok} = true;
break ${label};
} catch (${e}) {
if (${g.ctx}.isFatal(${e})) throw ${e};
${last} = ${e};
${g.out('error')} = ${g.ctx}.errorOf(${e}, $at);
${g.trace(g.out('error'))}
if (${n} >= ${max}) break ${label};
}
${sleep}
}`,
      _`if (${ok}) {\n${g.exec('then')}\n} else {\n${onFailed}\n}`,
    ]);
  },
});
