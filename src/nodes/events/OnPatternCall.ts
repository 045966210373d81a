import { PIN_TYPES, _, defineNode, lines, type PinType } from '../sdk/index.js';
import { Type } from '@sinclair/typebox';

const Field = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    type: Type.Union(PIN_TYPES.filter((t) => t !== 'Exec').map((t) => Type.Literal(t))),
  },
  { additionalProperties: false },
);

function duplicates(list: { name: string }[]): string | undefined {
  const seen = new Set<string>();
  for (const f of list) {
    if (seen.has(f.name)) return f.name;
    seen.add(f.name);
  }
  return undefined;
}

export default defineNode<{ inputs: { name: string; type: PinType }[]; outputs: { name: string; type: PinType }[] }>({
  type: 'OnPatternCall',
  category: 'Events',
  label: 'On Pattern Call',
  description:
    'Starts the pattern when another pattern calls it with CallPattern. Declares the inputs it takes (one output pin each) and the outputs RespondWith returns.',
  trigger: 'trigger',
  config: Type.Object(
    {
      inputs: Type.Array(Field, { default: [], maxItems: 100 }),
      outputs: Type.Array(Field, { default: [], maxItems: 100 }),
    },
    { additionalProperties: false },
  ),
  outputs: (c) => c.inputs.map((f) => ({ id: f.name, type: f.type })),
  check: (c, _env, report) => {
    const dupIn = duplicates(c.inputs),
      dupOut = duplicates(c.outputs);
    if (dupIn) report(`input ${JSON.stringify(dupIn)} is declared twice`, 'inputs');
    if (dupOut) report(`output ${JSON.stringify(dupOut)} is declared twice`, 'outputs');
    if (c.inputs.some((f) => f.name === 'then')) report('an input cannot be called "then"', 'inputs');
    // CallPattern takes the inputs as pins beside its own `exec`; RespondWith takes the outputs likewise.
    if (c.inputs.some((f) => f.name === 'exec')) report('an input cannot be called "exec" (CallPattern\'s execution pin)', 'inputs');
    if (c.outputs.some((f) => f.name === 'exec')) report('an output cannot be called "exec" (RespondWith\'s execution pin)', 'outputs');
  },
  emit: (g) => {
    const inputs = g.name('$in');
    const getKey = g.rt('getKey');
    g.follow('then');
    return lines([
      _`const ${inputs} = ${g.event}.inputs ?? {};`,
      // An input the caller did not give (CallPattern's input pins default to null) arrives as null
      // whatever its type, like an output that has no value yet; anything else is converted.
      ...(g.config.inputs as { name: string; type: PinType }[]).map((f) => {
        const v = g.name('$v');
        return _`const ${v} = ${getKey}(${inputs}, ${f.name});\n${g.out(f.name)} = ${v} === null ? null : ${g.convert(v, f.type, f.name)};`;
      }),
    ]);
  },
});
