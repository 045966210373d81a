// A connection as the API shows it (never a credential value), and the rules of its name and id.
import { randomBytes } from 'node:crypto';
import { DragopsError } from '../errors/error.js';
import type { ConnectionRecord } from '../store/types.js';

/** A connection as the API shows it: never a credential value. */
export interface ConnectionInfo {
  id: string;
  provider: string;
  displayName: string;
  authType: string;
  status: ConnectionRecord['status'];
  /** Why the status is `error` (or `pending`); absent when active (SPEC §14's fields exactly). */
  statusMessage?: string;
  createdAt: string;
  updatedAt: string;
}

const DISPLAY_NAME_MAX = 200;
export const newConnectionId = () => `conn_${randomBytes(12).toString('hex')}`;

export const info = (r: ConnectionRecord): ConnectionInfo => ({
  id: r.id,
  provider: r.provider,
  displayName: r.displayName,
  authType: r.authType,
  status: r.status,
  ...(r.statusMessage !== null && r.status !== 'active' ? { statusMessage: r.statusMessage } : {}),
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

export function checkDisplayName(name: unknown, field = 'displayName'): string {
  if (typeof name !== 'string' || name.trim() === '' || name.length > DISPLAY_NAME_MAX)
    throw new DragopsError('VALIDATION_ERROR', `${field} must be a non-empty string of at most ${DISPLAY_NAME_MAX} characters`, { details: { field } });
  return name.trim();
}
