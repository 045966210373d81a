// The node SDK (issue 13, ARCHITECTURE habit 4): the one module a node file imports from dragops —
// built-in nodes under src/nodes/<category>/ and the nodes integration packs generate (src/packs/node.ts).
// A node file may also import its own category's helpers, other node files, Node's built-ins and
// libraries; anything else of dragops it needs is added here, so what nodes depend on stays one list.
// `scripts/lint/dragops-plugin.mjs` (`dragops/node-imports-sdk`) enforces it.
//
// What a definition is: `defineNode` (src/nodes/define.ts). How a node makes code: the `_` tagged
// template and its helpers (holes are made safe; `new Code` is reserved to src/compiler/codegen/,
// rule `dragops/no-raw-code`). The names generated code may use are the runtime helpers
// (`RuntimeHelperName`), reached through `g.rt(name)` in `inline`/`emit`, and what `g.ref(value)`
// passes in as a constant; generated code sees nothing else of the server.
//
// Versions (habit 10): a definition's `version` (default 1) is its behaviour version. A change in
// semantics adds a definition with the next version and keeps the old one registered; a document may
// pin a node's version (`"version": 1` on the node), and a deployed version keeps the node versions it
// was compiled with (docs/nodes.md, "Node versions").
export { defineNode } from '../define.js';
export type { Category, NodeDefinition, NodeDefinitionInput, NodeExample, NodeInfo, NodeInstance, PatternInterface, PinEnv, PinSpec } from '../define.js';
export { _, join, lines, nil, objectLiteral } from '../../compiler/codegen/code.js';
export type { Code } from '../../compiler/codegen/code.js';
export { NOT_CONST } from '../../compiler/codegen/contexts.js';
export type { EmitContext, InlineContext } from '../../compiler/codegen/contexts.js';
export type { ErrorCode } from '../../errors/catalog.js';
export { DragopsError } from '../../errors/error.js';
export { PIN_TYPES, binaryReplacer, toBoolean, toDateTime, toFloat, toInteger, toStringValue, typeOfValue } from '../../pattern/types.js';
export type { PinType } from '../../pattern/types.js';
export type { ContextOptions, ExecutionContext, LogLevel } from '../../runtime/context.js';
export { DEFAULT_LIMITS } from '../../runtime/limits.js';
export { MAX_JSON_VALUES, defineData, equal, getIn, getPath, jsonShape, setIn, splitPath, step } from '../../runtime/values.js';
/** What a node that calls a service is given for its connection (integration packs, src/packs/node.ts). */
export type { ResolvedConnection } from '../../connections/port.js';
export type { RuntimeHelpers } from '../../runtime/helpers.js';
/** A name generated code may call through `$rt` (`g.rt(name)` in a definition's `inline` or `emit`). */
export type RuntimeHelperName = keyof import('../../runtime/helpers.js').RuntimeHelpers;
export { Type, type Static, type TObject } from '@sinclair/typebox';
