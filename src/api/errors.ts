// API errors: every failure answers {"success":false,"error":{"code","message","details"}} with the
// status from the error catalog.
import { ERRORS, type ErrorCode } from '../errors/catalog.js';

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
