// The whole node library: one list per category, one registry.
import { NodeRegistry } from './registry.js';
import literals from './literals/index.js';
import math from './math/index.js';
import comparison from './comparison/index.js';
import logical from './logical/index.js';
import string from './string/index.js';
import array from './array/index.js';
import object from './object/index.js';
import formats from './formats/index.js';
import utility from './utility/index.js';
import conversion from './conversion/index.js';
import datetime from './datetime/index.js';
import encoding from './encoding/index.js';
import lead from './lead.js';

export const ALL_NODES = [
  ...literals,
  ...math,
  ...comparison,
  ...logical,
  ...string,
  ...array,
  ...object,
  ...formats,
  ...utility,
  ...conversion,
  ...datetime,
  ...encoding,
  ...lead,
];

/** The default registry (a fresh one each call: registries are values, not module state). */
export function createRegistry(): NodeRegistry {
  return new NodeRegistry(ALL_NODES);
}
