// What the variable nodes share: the `variable` config field and its checks.
import { type ErrorCode, type PinEnv, type PinType } from '../sdk/index.js';
import { Type } from '@sinclair/typebox';

export const variableConfig = Type.Object(
  {
    // `x-ref`: the editor offers the pattern's variables for this field.
    variable: Type.String({ minLength: 1, description: 'Name of a variable declared in the pattern.', 'x-ref': 'variable' }),
  },
  { additionalProperties: false },
);

export function variableType(c: { variable: string }, env: PinEnv): PinType {
  return env.variables.get(c.variable)?.type ?? 'Any';
}

/** UNKNOWN_VARIABLE, and optionally a check of the variable's type. */
export function checkVariable(types?: readonly PinType[]) {
  return (c: { variable: string }, env: PinEnv, report: (m: string, f?: string, code?: ErrorCode) => void) => {
    const v = env.variables.get(c.variable);
    if (!v) report(`unknown variable ${JSON.stringify(c.variable)}; declare it in the pattern's "variables"`, 'variable', 'UNKNOWN_VARIABLE');
    else if (types && !types.includes(v.type)) report(`variable ${JSON.stringify(c.variable)} is ${v.type}; this node needs ${types.join(' or ')}`, 'variable');
  };
}
