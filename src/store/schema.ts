import type { Generated } from 'kysely';
// Table shapes for Kysely. Times are ISO 8601 UTC strings and JSON is text, in both databases, so
// one code path serves SQLite and PostgreSQL and ordering by time is ordering by text.
export interface Tables {
  kv: { key: string; value: string };
  /** The schedule ledger (migration 014). */
  schedule_ticks: { pattern_id: string; at: string; outcome: string; instance_id: string; recorded_at: string };
  users: { id: string; email: string; name: string; role: string; password_hash: string; created_at: string };
  tokens: { id: string; user_id: string; hash: string; name: string; kind: string; created_at: string; expires_at: string | null; last_used_at: string | null };
  patterns: {
    id: string;
    owner_id: string;
    name: string;
    description: string;
    tags: string;
    document: string;
    webhook_id: string;
    webhook_secret: string;
    revision: number;
    created_at: string;
    updated_at: string;
  };
  /** Every pattern id ever created, with its owner: kept after the pattern is deleted (migration 010). */
  pattern_ids: { id: string; owner_id: string };
  deployments: {
    id: string;
    pattern_id: string;
    status: string;
    version: number;
    paused_reason: string | null;
    paused_by: string | null;
    paused_at: string | null;
    deployed_at: string;
    updated_at: string;
    /** The pattern's owner, and the live version's summary (pattern/summary.ts), migration 013. */
    owner_id: string | null;
    summary: string | null;
  };
  versions: {
    pattern_id: string;
    version: number;
    document: string;
    compiler_version: number;
    callees: string | null;
    /** The integration packs the version was compiled with: `{slug: {version, digest}}` (migration 012). */
    packs: string | null;
    /** `{type: version}` of the built-in nodes the version uses (migration 016). */
    node_versions: string | null;
    note: string | null;
    created_by: string;
    created_at: string;
  };
  /** `seq`: store/run-ids.ts (the public id is `run_` + its hex); `log`: the node log as stored (runtime/trace.ts). */
  runs: {
    seq: number;
    legacy_id: string | null;
    deployment_id: string | null;
    pattern_id: string;
    version: number | null;
    status: string;
    triggered_by: string;
    parent_run_id: string | null;
    started_at: string;
    finished_at: string | null;
    duration_ms: number | null;
    error: string | null;
    trigger_data: string | null;
    log: string | null;
    /** instances.n of the instance that ran it (migration 015); null before. */
    instance: number | null;
  };
  idempotency: { pattern_id: string; key: string; run_id: string; created_at: string };
  queue: {
    id: string;
    run_id: string;
    pattern_id: string;
    owner_id: string;
    version: number;
    event: string;
    attempts: number;
    crashes: number;
    run_at: string;
    locked_by: string | null;
    locked_at: string | null;
  };
  /** The installed version of each integration pack (migration 012). */
  packs: { slug: string; version: string; digest: string; installed_by: string | null; installed_at: string };
  /** Every pack version ever installed, by its document's digest; never pruned (deployed versions name them). */
  pack_versions: { slug: string; digest: string; version: string; document: string; created_at: string };
  secrets: { owner_id: string; name: string; ciphertext: string; iv: string; tag: string; updated_at: string };
  /** `credentials`, `tokens`, `oauth_states.verifier`: sealed JSON (`{ciphertext, iv, tag}`, migration 011). */
  connections: {
    id: string;
    owner_id: string;
    provider: string;
    display_name: string;
    auth_type: string;
    status: string;
    status_message: string | null;
    credentials: string;
    tokens: string | null;
    token_version: number;
    token_expires_at: string | null;
    refresh_holder: string | null;
    refresh_until: string | null;
    created_at: string;
    updated_at: string;
  };
  oauth_states: {
    state_hash: string;
    owner_id: string;
    provider: string;
    display_name: string;
    connection_id: string | null;
    verifier: string;
    redirect_uri: string;
    created_at: string;
    expires_at: string;
  };
  /** The processes sharing the database (migration 015; SPEC §13). */
  instances: {
    n: Generated<number>;
    id: string;
    host: string;
    pid: number;
    slot: number;
    started_at: string;
    last_seen_at: string;
    stopped_at: string | null;
    reaped_at: string | null;
  };
  audit: { id: number; at: string; user_id: string | null; pattern_id: string | null; deployment_id: string | null; action: string; details: string | null };
}
