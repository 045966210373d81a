// Binding an OAuth authorization to the browser of the user who started it. Without it, anyone could
// start an authorization for a connection of their own and send the provider's consent link to
// someone else: whoever consents would hand their account's tokens to the sender's connection.
// So the callback completes an authorization only in a browser that carries its cookie, which only
// the owner's signed-in requests set: `GET /api/connections/oauth/start` (the dashboard's Add
// Connection and Reconnect) and `POST /api/connections/oauth/continue` (a link printed by
// `dragops connection add --oauth`, opened in the dashboard signed in as the same user).
import { timingSafeEqual } from 'node:crypto';
import { hashState } from './oauth.js';

/** The cookies' path: sent to the callback only. */
const PATH = '/api/connections/oauth';

const nameOf = (state: string) => `dragops_oauth_${hashState(state).slice(0, 16)}`;
const valueOf = (state: string) => hashState(`browser:${state}`);

/** The Set-Cookie header value that binds `state` to this browser until `expiresAt`. */
export function bindingCookie(state: string, expiresAt: string, secure: boolean): string {
  const maxAge = Math.max(0, Math.ceil((Date.parse(expiresAt) - Date.now()) / 1000));
  return `${nameOf(state)}=${valueOf(state)}; Path=${PATH}; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

/** The Set-Cookie header value that removes the binding (the callback used it). */
export function clearedBinding(state: string): string {
  return `${nameOf(state)}=; Path=${PATH}; Max-Age=0; HttpOnly; SameSite=Lax`;
}

/** Whether a request's Cookie header carries the binding of `state`. */
export function boundIn(cookieHeader: string | undefined, state: string): boolean {
  if (!cookieHeader) return false;
  const name = nameOf(state);
  const want = Buffer.from(valueOf(state));
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const got = Buffer.from(part.slice(eq + 1).trim());
    if (got.length === want.length && timingSafeEqual(got, want)) return true;
  }
  return false;
}
