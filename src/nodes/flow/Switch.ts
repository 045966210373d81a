import { _, defineNode, lines, type Code } from '../sdk/index.js';
import { Type } from '@sinclair/typebox';

type Config = { cases: unknown[] };

export default defineNode<Config>({
  type: 'Switch',
  category: 'Flow Control',
  label: 'Switch',
  description: 'Fires `caseN` for the first case value equal to `value` (deep equality, no type conversion), else `default`.',
  config: Type.Object(
    {
      cases: Type.Array(Type.Unknown(), { default: [], maxItems: 200, description: 'Values to compare with, in order.' }),
    },
    { additionalProperties: false },
  ),
  inputs: [{ id: 'value', type: 'Any' }],
  execOut: (c) => [...c.cases.map((_c, i) => `case${i}`), 'default'],
  emit: (g) => {
    const { code, values } = g.inputs();
    const v = g.name('$sw');
    const eq = g.rt('equal');
    const cases = (g.config as Config).cases;
    let chain: Code = _`{\n${g.exec('default')}\n}`;
    for (let i = cases.length - 1; i >= 0; i--) {
      chain = _`if (${eq}(${v}, ${g.ref(cases[i])})) {\n${g.exec(`case${i}`)}\n} else ${chain}`;
    }
    return lines([code, _`const ${v} = ${values.value!};`, chain]);
  },
});
