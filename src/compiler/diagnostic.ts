import type { ErrorCode } from '../errors/catalog.js';

/** One problem the compiler found: a stable code, a message, and the place at fault. */
export interface Diagnostic {
  code: ErrorCode;
  severity: 'error' | 'warning';
  message: string;
  nodeId: string | null;
  pin: string | null;
  /** JSON pointer into the document (`/nodes/3/config/cron`), or null. */
  path: string | null;
  /** Index into `wires` when a wire is at fault. */
  wire?: number;
}
