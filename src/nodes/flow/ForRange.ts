import { _, defineNode, lines } from '../sdk/index.js';

export default defineNode({
  type: 'ForRange',
  category: 'Flow Control',
  label: 'For Range',
  description:
    'Fires `body` for `index` = start, start+step, … up to `end` (exclusive), then `completed`. A negative step counts down; a step of 0 is an error.',
  inputs: [
    { id: 'start', type: 'Integer', default: 0 },
    { id: 'end', type: 'Integer' },
    { id: 'step', type: 'Integer', default: 1 },
  ],
  outputs: [{ id: 'index', type: 'Integer' }],
  execOut: ['body', 'completed'],
  loopBodies: ['body'],
  emit: (g) => {
    const { code, values } = g.inputs();
    const i = g.name('$k'),
      end = g.name('$end'),
      step = g.name('$step');
    const stepIsOne = values.step!.text === '1';
    const cond = stepIsOne ? _`${i} < ${end}` : _`(${step} > 0 ? ${i} < ${end} : ${i} > ${end})`;
    const loop = g.loop((label) =>
      g.guardedLoop(label, {
        init: _`let ${i} = ${values.start!}`,
        cond,
        step: _`${i} += ${step}`,
        body: _`${g.out('index')} = ${i};
${g.exec('body', ['index'])}`,
      }),
    );
    g.follow('completed');
    return lines([
      code,
      _`const ${end} = ${values.end!}, ${step} = ${values.step!};`,
      stepIsOne ? null : _`${g.at()} if (${step} === 0) ${g.rt('fail')}("ForRange step must not be 0");`,
      loop,
    ]);
  },
});
