// The one way the dashboard talks to the server: the public JSON API, with the session token from
// localStorage. Every failure becomes an ApiError carrying the server's code, message and details.
import type { Inspection, PageMeta, PatternVersion, Profile, StatsPeriod } from './types.js';

const TOKEN_KEY = 'dragops.token';

export const session = {
  token: (): string | null => localStorage.getItem(TOKEN_KEY),
  set: (token: string) => localStorage.setItem(TOKEN_KEY, token),
  clear: () => localStorage.removeItem(TOKEN_KEY),
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** A list and its `meta` (src/api/types.ts). */
export interface Page<T> {
  data: T[];
  meta: PageMeta;
}

async function call(method: string, path: string, body?: unknown): Promise<{ data: unknown; meta?: Page<unknown>['meta'] }> {
  const headers: Record<string, string> = {};
  const token = session.token();
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = (await res.json().catch(() => null)) as {
    success?: boolean;
    data?: unknown;
    meta?: Page<unknown>['meta'];
    error?: { code: string; message: string; details?: unknown };
  } | null;
  if (!res.ok || !json || json.success === false) {
    const e = json?.error;
    if (res.status === 401 && token) window.dispatchEvent(new Event('dragops:signed-out'));
    throw new ApiError(res.status, e?.code ?? 'HTTP_ERROR', e?.message ?? `${method} ${path}: HTTP ${res.status}`, e?.details);
  }
  return { data: json.data, meta: json.meta };
}

export const api = {
  get: async <T>(path: string) => (await call('GET', path)).data as T,
  list: async <T>(path: string) => {
    const r = await call('GET', path);
    return { data: r.data as T[], meta: r.meta! } as Page<T>;
  },
  post: async <T>(path: string, body: unknown = {}) => (await call('POST', path, body)).data as T,
  put: async <T>(path: string, body: unknown) => (await call('PUT', path, body)).data as T,
  del: async <T>(path: string) => (await call('DELETE', path)).data as T,
};

/** Execution inspection (SPEC §12): an execution node by node, and a deployment's per-node profile. */
export const inspectRun = (runId: string) => api.get<Inspection>(`/api/runs/${encodeURIComponent(runId)}/inspect`);
export const deploymentProfile = (deploymentId: string, period: StatsPeriod, version?: number) =>
  api.get<Profile>(`/api/deployments/${encodeURIComponent(deploymentId)}/profile${qs({ period, version })}`);
export const patternVersion = (patternId: string, version: number) =>
  api.get<PatternVersion>(`/api/patterns/${encodeURIComponent(patternId)}/versions/${version}`);

/** Query string from the defined entries only. */
export function qs(o: Record<string, string | number | undefined | null>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** A route that answers a file rather than the JSON envelope (GET /api/patterns/:id/export): its
 * text and the file name its Content-Disposition gives. */
export async function fetchFile(path: string): Promise<{ text: string; filename: string | null }> {
  const token = session.token();
  const res = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await res.text();
  if (!res.ok) {
    let e: { code?: string; message?: string } | undefined;
    try {
      e = (JSON.parse(text) as { error?: typeof e }).error;
    } catch {
      /* not JSON */
    }
    throw new ApiError(res.status, e?.code ?? 'HTTP_ERROR', e?.message ?? `GET ${path}: HTTP ${res.status}`);
  }
  return { text, filename: /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? null };
}

/** Hands a text to the browser as a downloaded file. */
export function saveFile(filename: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
