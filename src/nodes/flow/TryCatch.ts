import { defineNode } from '../define.js';
import { _ } from '../../compiler/codegen/code.js';

export default defineNode({
  type: 'TryCatch',
  category: 'Flow Control',
  label: 'Try / Catch',
  description: 'Runs `try`; if it raises an error, runs `catch` with `error` = {message, type, code, nodeId}; then `finally` either way. Timeouts are not caught.',
  outputs: [{ id: 'error', type: 'Object' }],
  execOut: ['try', 'catch', 'finally'],
  emit: (g) => {
    const e = g.name('$e');
    const fin = g.hasExec('finally') ? _` finally {\n${g.exec('finally')}\n}` : _``;
    return _`try {
${g.exec('try')}
} catch (${e}) {
if (${g.ctx}.isFatal(${e})) throw ${e};
${g.out('error')} = ${g.ctx}.errorOf(${e}, $at);
${g.trace(g.out('error'))}
${g.exec('catch')}
}${fin}`;
  },
});
