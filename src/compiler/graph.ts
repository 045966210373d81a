// The linked graph: the document with every node's definition, config and pins resolved, and every
// wire attached to its pins. Built by check/, consumed by plan/ and codegen/.
import type { NodeDefinition, PinSpec } from '../nodes/define.js';
import type { PatternDocument, PatternNode } from '../pattern/schema.js';
import type { PinType } from '../pattern/types.js';

export interface DataSource {
  node: LNode;
  pin: string;
  type: PinType;
}

export interface LNode {
  index: number;
  id: string;
  name: string;
  doc: PatternNode;
  def: NodeDefinition;
  config: any;
  pure: boolean;
  inputs: readonly PinSpec[];
  outputs: readonly PinSpec[];
  execOut: readonly string[];
  /** Data input pin id → the output feeding it. */
  wiredFrom: Map<string, DataSource>;
  /** Exec output pin id → the nodes it fires, in wire order. */
  execTo: Map<string, LNode[]>;
  /** Whether some node reads each data output (so codegen keeps it). */
  readOutputs: Set<string>;
  hasExecIn: boolean;
}

export interface LinkedGraph {
  doc: PatternDocument;
  nodes: LNode[];
  byId: Map<string, LNode>;
  trigger: LNode | undefined;
  errorHandler: LNode | undefined;
}
