// The pure rules behind the Integrations and Connections pages (tested in test/web/integrations.test.ts):
// a pack file read before it is sent, the problems of a `400 INVALID_PACK`, the providers the
// installed packs offer and what Add Connection asks for each, a connection's status and a Test's
// answer as text. No I/O, no React.
import type { ConnectionResource, ConnectionTest, PackCredentialField, PackInfo } from '../../types.js';

export interface PackProblem {
  path: string;
  message: string;
}

/** A pack file's text as JSON, or the one problem that it is not JSON (nothing is sent then). */
export function readPackText(text: string): { ok: true; value: unknown } | { ok: false; problems: PackProblem[] } {
  if (text.trim() === '') return { ok: false, problems: [{ path: '', message: 'choose a .dragops-pack.json file or paste its text' }] };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, problems: [{ path: '', message: `not valid JSON: ${e instanceof Error ? e.message : String(e)}` }] };
  }
}

/** The problems `details.errors` of a `400 INVALID_PACK` lists (path and message each), or []. */
export function packProblems(details: unknown): PackProblem[] {
  const errors = (details as { errors?: unknown } | null | undefined)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.flatMap((e: unknown) => {
    const o = e as { path?: unknown; message?: unknown } | null;
    return o && typeof o.message === 'string' ? [{ path: typeof o.path === 'string' ? o.path : '', message: o.message }] : [];
  });
}

/** A JSON pointer as people read it: `/nodes/0/request/path` → `nodes[0].request.path`; '' → `(the pack)`. */
export function pointerText(path: string): string {
  if (path === '') return '(the pack)';
  return path
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((out, p) => (/^\d+$/.test(p) ? `${out}[${p}]` : out === '' ? p : `${out}.${p}`), '');
}

/** How a connection for a provider is made: a form of fields (`fields`), the provider's OAuth
 * authorization (`oauth`: the server's OAuth client; `oauth-own-client`: the fields first, then the
 * authorization), or none at all (`none`: the pack needs no connection). */
export type ConnectFlow = 'fields' | 'oauth' | 'oauth-own-client' | 'none';

export interface Provider {
  provider: string;
  /** The pack that declares it (the first by slug when several do). */
  pack: string;
  packName: string;
  authType: string;
  fields: PackCredentialField[];
  flow: ConnectFlow;
}

export function flowOf(authType: string, fields: readonly PackCredentialField[]): ConnectFlow {
  if (authType === 'none') return 'none';
  if (authType === 'oauth2_authorization_code') return fields.length > 0 ? 'oauth-own-client' : 'oauth';
  return 'fields';
}

/** The providers the installed packs declare, one each (the server's catalog takes the first pack by slug). */
export function providersOf(packs: readonly PackInfo[]): Provider[] {
  const out = new Map<string, Provider>();
  for (const p of [...packs].sort((a, b) => a.slug.localeCompare(b.slug))) {
    if (out.has(p.provider)) continue;
    const fields = p.credentials ?? [];
    out.set(p.provider, { provider: p.provider, pack: p.slug, packName: p.name, authType: p.authType, fields, flow: flowOf(p.authType, fields) });
  }
  return [...out.values()].sort((a, b) => a.provider.localeCompare(b.provider));
}

/**
 * The credentials to send from what was typed: every field with a value; a required one left empty
 * is named in `missing` (on Reconnect, `keepEmpty`: an empty field keeps the stored value, so only
 * the fields typed are sent).
 */
export function credentialsToSend(
  fields: readonly PackCredentialField[],
  typed: Readonly<Record<string, string>>,
  keepEmpty = false,
): { credentials: Record<string, string>; missing: string[] } {
  const credentials: Record<string, string> = {};
  const missing: string[] = [];
  for (const f of fields) {
    const v = typed[f.name] ?? '';
    if (v !== '') credentials[f.name] = v;
    else if (f.required && !keepEmpty) missing.push(f.label || f.name);
  }
  return { credentials, missing };
}

const STATUS: Record<string, string> = { active: 'ok', pending: 'pending', error: 'error' };

/** A connection's badge: `ok` (active), `pending` (an OAuth authorization not finished), `error`. */
export function statusLabel(c: Pick<ConnectionResource, 'status'>): string {
  return STATUS[c.status] ?? c.status;
}

/** A Test's answer in one line: `ok · HTTP 200`, `failed · HTTP 401 — GET /me answered 401`, `failed — <why>`. */
export function testText(t: ConnectionTest): string {
  const status = t.status === null ? '' : ` · HTTP ${t.status}`;
  return t.ok ? `ok${status}` : `failed${status} — ${t.message}`;
}

/** The connections the inspector offers a pack node: the owner's for its provider, active first. */
export function connectionsFor(list: readonly ConnectionResource[], provider: string | undefined): ConnectionResource[] {
  const rank = (c: ConnectionResource) => (c.status === 'active' ? 0 : 1);
  return list.filter((c) => provider === undefined || c.provider === provider).sort((a, b) => rank(a) - rank(b) || a.displayName.localeCompare(b.displayName));
}

/** The link that opens Add Connection with a provider chosen. */
export const addConnectionHref = (provider: string) => `/connections?add=${encodeURIComponent(provider)}`;
