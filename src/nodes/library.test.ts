// The pure part of the node library against SPEC §4: exact type ids and pins, metadata every node needs.
import { describe, expect, it } from 'vitest';
import { ALL_NODES, createRegistry } from './index.js';
import { CATEGORIES, pinsOf, type NodeDefinition } from './define.js';
import { configOf, TEST_ENV } from './testing.js';
import { TRIGGER_TYPES } from '../pattern/trigger.js';

const F = 'Float',
  B = 'Boolean',
  S = 'String',
  A = 'Any';
/** type → [inputs, outputs] as `id:Type` lists, for the nodes whose pins SPEC §4 and the brief fix. */
const CONTRACT: Record<string, [string, string]> = {
  Add: [`a:${F} b:${F}`, `result:${F}`],
  Subtract: [`a:${F} b:${F}`, `result:${F}`],
  Multiply: [`a:${F} b:${F}`, `result:${F}`],
  Divide: [`a:${F} b:${F}`, `result:${F}`],
  Modulo: [`a:${F} b:${F}`, `result:${F}`],
  Power: [`base:${F} exponent:${F}`, `result:${F}`],
  AbsoluteValue: [`value:${F}`, `result:${F}`],
  Negate: [`value:${F}`, `result:${F}`],
  Round: [`value:${F} decimals:Integer`, `result:${F}`],
  Floor: [`value:${F}`, `result:${F}`],
  Ceil: [`value:${F}`, `result:${F}`],
  Min: [`a:${F} b:${F}`, `result:${F}`],
  Max: [`a:${F} b:${F}`, `result:${F}`],
  Clamp: [`value:${F} min:${F} max:${F}`, `result:${F}`],
  Lerp: [`a:${F} b:${F} t:${F}`, `result:${F}`],
  MapRange: [`value:${F} inMin:${F} inMax:${F} outMin:${F} outMax:${F}`, `result:${F}`],
  Random: ['', `result:${F}`],
  RandomInteger: ['min:Integer max:Integer', 'result:Integer'],
  SquareRoot: [`value:${F}`, `result:${F}`],
  Sin: [`value:${F}`, `result:${F}`],
  Cos: [`value:${F}`, `result:${F}`],
  Tan: [`value:${F}`, `result:${F}`],
  Exp: [`value:${F}`, `result:${F}`],
  NaturalLog: [`value:${F}`, `result:${F}`],
  Equal: [`a:${A} b:${A}`, `result:${B}`],
  NotEqual: [`a:${A} b:${A}`, `result:${B}`],
  GreaterThan: [`a:${F} b:${F}`, `result:${B}`],
  LessThan: [`a:${F} b:${F}`, `result:${B}`],
  GreaterOrEqual: [`a:${F} b:${F}`, `result:${B}`],
  LessOrEqual: [`a:${F} b:${F}`, `result:${B}`],
  IsNull: [`value:${A}`, `result:${B}`],
  InRange: [`value:${F} min:${F} max:${F}`, `result:${B}`],
  IsType: [`value:${A} type:Enum`, `result:${B}`],
  Contains: [`haystack:${A} needle:${A}`, `result:${B}`],
  And: [`a:${B} b:${B}`, `result:${B}`],
  Or: [`a:${B} b:${B}`, `result:${B}`],
  Not: [`value:${B}`, `result:${B}`],
  Select: [`condition:${B} ifTrue:${A} ifFalse:${A}`, `result:${A}`],
  Coalesce: [`a:${A} b:${A}`, `result:${A}`],
  MakeString: [`value:${S}`, `value:${S}`],
  MakeInteger: ['value:Integer', 'value:Integer'],
  MakeFloat: [`value:${F}`, `value:${F}`],
  MakeBoolean: [`value:${B}`, `value:${B}`],
  MakeDateTime: ['value:DateTime', 'value:DateTime'],
  MakeArray: [`item0:${A} item1:${A}`, 'array:Array'],
  MakeObject: ['', 'object:Object'],
  GetProperty: [`object:Object key:${S}`, `value:${A} found:${B}`],
  SetProperty: [`object:Object key:${S} value:${A}`, 'result:Object'],
  ArrayLength: ['array:Array', 'result:Integer'],
  GetItem: ['array:Array index:Integer', `result:${A}`],
  Concat: [`a:${S} b:${S}`, `result:${S}`],
  ToUpper: [`value:${S}`, `result:${S}`],
  ToLower: [`value:${S}`, `result:${S}`],
  Format: [`template:${S} values:Object`, `result:${S}`],
  ToString: [`value:${A}`, `result:${S}`],
  ParseJSON: [`text:${S}`, `value:${A}`],
  StringifyJSON: [`value:${A} pretty:${B}`, `text:${S}`],
  Reroute: [`value:${A}`, `value:${A}`],
  Comment: ['', ''],
};

/** The pure nodes of this part of the library (the lead's event/flow/variable/HTTP nodes have their own tests). */
const MINE = ALL_NODES.filter((d) => Object.hasOwn(CONTRACT, d.type));

const pins = (d: NodeDefinition, which: 'inputs' | 'outputs') =>
  pinsOf(d[which], configOf(d), TEST_ENV)
    .map((p) => `${p.id}:${p.type}`)
    .join(' ');

describe('node library', () => {
  it('its trigger definitions are exactly the one list of trigger types (src/pattern/trigger.ts)', () => {
    expect(
      ALL_NODES.filter((d) => d.trigger === 'trigger')
        .map((d) => d.type)
        .sort(),
    ).toEqual([...TRIGGER_TYPES].sort());
  });
  it('builds a registry without duplicate types', () => {
    expect(createRegistry().size).toBe(ALL_NODES.length);
  });
  it.each(Object.entries(CONTRACT))('%s has the contract pins', (type, [inputs, outputs]) => {
    const d = createRegistry().get(type);
    expect(d, type).toBeDefined();
    expect(pins(d!, 'inputs')).toBe(inputs);
    expect(pins(d!, 'outputs')).toBe(outputs);
  });
  it.each(MINE.map((d) => [d.type, d] as const))('%s has complete metadata', (_t, d) => {
    expect(CATEGORIES).toContain(d.category);
    expect(d.label).toMatch(/^[A-Z][A-Za-z]*( [A-Z][A-Za-z]*)*$/);
    expect(d.description).toMatch(/^\S.*\.$/);
    if (!['Random', 'Comment'].includes(d.type)) expect(d.examples.length).toBeGreaterThan(0);
    expect(d.examples.length).toBeLessThanOrEqual(3);
    for (const p of [...pinsOf(d.inputs, configOf(d), TEST_ENV), ...pinsOf(d.outputs, configOf(d), TEST_ENV)]) {
      expect(p.id).toMatch(/^[a-z][A-Za-z0-9]*$/);
      if (p.type === 'Enum') expect(p.options?.length).toBeGreaterThan(0);
    }
    // GET /api/nodes serves definitions as JSON: examples and config schemas must survive it.
    expect(JSON.parse(JSON.stringify(d.examples))).toEqual(d.examples);
    if (d.config) expect(JSON.parse(JSON.stringify(d.config))).toEqual(JSON.parse(JSON.stringify(d.config)));
  });
  it('only Random and RandomInteger are nondeterministic; all are synchronous and pure', () => {
    expect(MINE).toHaveLength(Object.keys(CONTRACT).length);
    expect(
      MINE.filter((d) => !d.deterministic)
        .map((d) => d.type)
        .sort(),
    ).toEqual(['Random', 'RandomInteger']);
    for (const d of MINE) {
      expect(d.async).toBe(false);
      expect(d.execIn).toBe(false);
    }
  });
});
