// The overlay's changes to one node's draft (`dragops pack from-openapi`, overlay.ts): renames,
// pagination, fixed query values and headers, inputs and outputs dropped, renamed, retyped or added.
// Every problem is reported at its overlay path.
import type { Draft, Where } from './draft.js';
import { isObject } from './jsonschema.js';
import { nearMatches } from './names.js';
import type { Problem } from './generate.js';
import type { NodeChange } from './overlay.js';

export function applyChange(d: Draft, c: NodeChange, at: string, problems: Problem[]): void {
  if (c.id !== undefined) d.id = c.id;
  if (c.name !== undefined) d.name = c.name;
  if (c.description !== undefined) d.description = c.description;
  const dropInput = (where: Where, key: string) => {
    d.inputs = d.inputs.filter((i) => !(i.where === where && (where === 'header' ? i.key.toLowerCase() === key.toLowerCase() : i.key === key)));
  };
  if (c.paginate !== undefined) {
    d.paginate = c.paginate;
    if (isObject(c.paginate))
      for (const k of ['offsetParam', 'limitParam', 'pageParam', 'cursorParam']) if (typeof c.paginate[k] === 'string') dropInput('query', c.paginate[k]);
  }
  for (const [k, v] of Object.entries(c.query ?? {})) {
    dropInput('query', k);
    d.query[k] = v;
  }
  for (const [k, v] of Object.entries(c.headers ?? {})) {
    dropInput('header', k);
    d.headers[k] = v;
  }
  changeInputs(d, c, at, problems);
  changeOutputs(d, c, at, problems);
  d.extraOutputs.push(...(c.addOutputs ?? []));
}

function changeInputs(d: Draft, c: NodeChange, at: string, problems: Problem[]): void {
  for (const [pin, ch] of Object.entries(c.inputs ?? {})) {
    const i = d.inputs.findIndex((x) => x.pin === pin);
    if (i < 0) {
      const near = nearMatches(
        pin,
        d.inputs.map((x) => x.pin),
      );
      problems.push({
        path: `${at}/inputs/${pin}`,
        message: `the node has no input ${JSON.stringify(pin)}${near.length ? `; did you mean ${near.join(', ')}?` : ''}`,
      });
      continue;
    }
    const input = d.inputs[i]!;
    if (ch.drop) {
      if (input.where === 'path') problems.push({ path: `${at}/inputs/${pin}/drop`, message: 'a path parameter cannot be dropped' });
      else d.inputs.splice(i, 1);
      continue;
    }
    if (ch.pin !== undefined) input.pin = ch.pin;
    if (ch.label !== undefined) input.label = ch.label;
    if (ch.description !== undefined) input.description = ch.description;
    if (ch.required === true) delete input.default;
    if (ch.required === false && !Object.hasOwn(input, 'default')) input.default = null;
    if (ch.default !== undefined) input.default = ch.default;
  }
}

function changeOutputs(d: Draft, c: NodeChange, at: string, problems: Problem[]): void {
  for (const [pin, ch] of Object.entries(c.outputs ?? {})) {
    const i = d.outputs.findIndex((x) => x.pin === pin);
    if (i < 0) {
      const near = nearMatches(
        pin,
        d.outputs.map((x) => x.pin),
      );
      problems.push({
        path: `${at}/outputs/${pin}`,
        message: `the node has no output ${JSON.stringify(pin)}${near.length ? `; did you mean ${near.join(', ')}?` : ''}`,
      });
      continue;
    }
    if (ch.drop) {
      d.outputs.splice(i, 1);
      continue;
    }
    const out = d.outputs[i]!;
    if (ch.pin !== undefined) out.pin = ch.pin;
    if (ch.type !== undefined) out.type = ch.type;
    if (ch.label !== undefined) out.label = ch.label;
    if (ch.description !== undefined) out.description = ch.description;
    if (ch.path !== undefined) out.path = ch.path;
  }
}
