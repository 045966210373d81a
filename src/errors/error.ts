import type { ErrorCode } from './catalog.js';

/** The one error class of dragops: a stable code from the catalog plus where it happened. */
export class DragopsError extends Error {
  /** The node at fault, filled in by the runtime from the node that was running. */
  nodeId: string | null;
  /** Free-form classification shown as `error.type` (ThrowError sets it; else the code's family). */
  type: string;
  constructor(
    readonly code: ErrorCode,
    message: string,
    opts: { nodeId?: string | null; pin?: string; type?: string; cause?: unknown; details?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'DragopsError';
    this.nodeId = opts.nodeId ?? null;
    this.pin = opts.pin;
    this.type = opts.type ?? 'Error';
    this.details = opts.details;
  }
  pin: string | undefined;
  details: unknown;
}

export interface ErrorInfo {
  code: string;
  message: string;
  type: string;
  nodeId: string | null;
}

/** The plain `{code, message, type, nodeId}` record that executions, TryCatch and OnError expose. */
export function errorInfo(err: unknown, nodeId: string | null = null): ErrorInfo {
  if (err instanceof DragopsError) {
    return { code: err.code, message: err.message, type: err.type, nodeId: err.nodeId ?? nodeId };
  }
  if (err instanceof RangeError && /string length|array length/i.test(err.message)) {
    return { code: 'LIMIT_EXCEEDED', message: err.message, type: 'RangeError', nodeId };
  }
  if (err instanceof Error) return { code: 'NODE_ERROR', message: err.message, type: err.name || 'Error', nodeId };
  return { code: 'NODE_ERROR', message: String(err), type: 'Error', nodeId };
}
