import { _, defineNode, lines } from '../sdk/index.js';

export default defineNode({
  type: 'ForEach',
  category: 'Flow Control',
  label: 'For Each',
  description:
    'Fires `body` once per item of `array` (with `item` and `index`), then `completed`. A null array runs no iteration; items appended during the loop are not visited. `Break` leaves the loop early.',
  inputs: [{ id: 'array', type: 'Array' }],
  outputs: [
    { id: 'item', type: 'Any' },
    { id: 'index', type: 'Integer' },
  ],
  execOut: ['body', 'completed'],
  loopBodies: ['body'],
  emit: (g) => {
    const { code, values } = g.inputs();
    const a = g.name('$a'),
      i = g.name('$k');
    const n = g.name('$n');
    // The length is taken when the loop starts: items appended to the array by the body (an
    // AppendToArray on the variable being iterated) are not visited, so the loop always ends.
    const loop = g.loop((label) =>
      g.guardedLoop(label, {
        init: _`let ${i} = 0, ${n} = ${a}.length`,
        cond: _`${i} < ${n}`,
        step: _`${i}++`,
        body: _`${g.reads('item') ? _`${g.out('item')} = ${a}[${i}];` : _``}
${g.reads('index') ? _`${g.out('index')} = ${i};` : _``}
${g.exec('body', ['index'])}`,
      }),
    );
    g.follow('completed');
    return lines([code, _`const ${a} = ${values.array!};`, _`if (${a} !== null) {\n${loop}\n}`]);
  },
});
