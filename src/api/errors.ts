// API errors: every failure answers {"success":false,"error":{"code","message","details"}} with the
// status from the error catalog.
import { ERRORS, type ErrorCode } from '../errors/catalog.js';
import { DragopsError } from '../errors/error.js';

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
  get status(): number {
    return ERRORS[this.code].status;
  }
  body() {
    return { success: false as const, error: { code: this.code, message: this.message, ...(this.details === undefined ? {} : { details: this.details }) } };
  }
}

export const notFound = (what: string) => new ApiError('NOT_FOUND', `${what} not found`);
export const ok = <T>(data: T) => ({ success: true as const, data });

/** The answer for an error thrown by a route or the domain below it: the domain throws the
 * catalog's errors (DragopsError), the API answers them with the catalog's status; anything else is
 * not an answer (undefined: an internal error). */
export function answerOf(e: unknown): ApiError | undefined {
  if (e instanceof ApiError) return e;
  if (e instanceof DragopsError) return new ApiError(e.code, e.message, e.details);
  return undefined;
}
