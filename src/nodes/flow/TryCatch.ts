import { _, defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'TryCatch',
  category: 'Flow Control',
  label: 'Try / Catch',
  description:
    'Runs `try`; if it raises an error, runs `catch` with `error` = {message, type, code, nodeId}; then `finally` either way. Timeouts are not caught.',
  outputs: [{ id: 'error', type: 'Object' }],
  execOut: ['try', 'catch', 'finally'],
  emit: (g) => {
    const e = g.name('$e');
    if (!g.hasExec('finally')) {
      return _`try {
${g.exec('try')}
} catch (${e}) {
if (${g.ctx}.isFatal(${e})) throw ${e};
${g.out('error')} = ${g.ctx}.errorOf(${e}, $at);
${g.trace(g.out('error'))}
${g.exec('catch')}
}`;
    }
    // `finally` must not run while a fatal signal (timeout, or the synchronous attempt handing over to
    // the asynchronous variant) passes through: its nodes would run past the deadline, or in an attempt
    // that is thrown away, and an error they raise would replace the signal.
    const halt = g.name('$halt');
    const onCatch = g.hasExec('catch')
      ? (() => {
          const e2 = g.name('$e');
          return _`try {
${g.exec('catch')}
} catch (${e2}) {
if (${g.ctx}.isFatal(${e2})) ${halt} = true;
throw ${e2};
}`;
        })()
      : _``;
    return _`let ${halt} = false;
try {
${g.exec('try')}
} catch (${e}) {
if (${g.ctx}.isFatal(${e})) { ${halt} = true; throw ${e}; }
${g.out('error')} = ${g.ctx}.errorOf(${e}, $at);
${g.trace(g.out('error'))}
${onCatch}
} finally {
if (!${halt}) {
${g.exec('finally')}
}
}`;
  },
});
