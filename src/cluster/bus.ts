// Messages between the instances sharing a database (SPEC §13): a deployment changed, packs were
// installed, an owner's secrets changed, live events, breaker counts. On PostgreSQL they travel by
// LISTEN/NOTIFY on one channel per schema, on one connection of their own; a message is a hint to
// read the database again, never the only copy of a fact, so one lost while the connection was down
// costs nothing: after a reconnect every listener resyncs from the database. With one process
// (SQLite) there is no one to tell.
import pg from 'pg';

export type ClusterMessage =
  | { t: 'deployment'; patternId: string }
  | { t: 'packs' }
  | { t: 'secrets'; ownerId: string }
  /** Jobs were queued on the sender: claim now rather than at the next poll (at most every JOBS_GAP_MS). */
  | { t: 'jobs' }
  /** Live events of executions on the sender, for dashboards connected elsewhere. */
  | { t: 'events'; events: [ownerId: string, type: string, data: unknown][] }
  /** How many live-event streams are open on the sender (said when it changes to or from 0, and
   * every few seconds while not 0). */
  | { t: 'watching'; subscribers: number }
  /** Executions ended on the sender since its last report, per deployment: [patternId, ok, failed,
   * failures since its last success, whether one succeeded]. */
  | { t: 'breaker'; counts: [patternId: string, ok: number, failed: number, trailing: number, anyOk: boolean][] };

export interface Bus {
  /** Sent to every other instance (not back to this one). Resolves once sent. */
  publish(m: ClusterMessage): Promise<void>;
  subscribe(f: (m: ClusterMessage, from: string) => void): void;
  /** Called after a reconnect: messages may have been missed, read the database again. */
  onResync(f: () => void): void;
  /** True when other instances may be listening. */
  readonly shared: boolean;
  close(): Promise<void>;
}

/** One process (SQLite): nothing to send, no one sends. */
export class LocalBus implements Bus {
  readonly shared = false;
  async publish(): Promise<void> {}
  subscribe(): void {}
  onResync(): void {}
  async close(): Promise<void> {}
}

/** NOTIFY's payload limit is 8,000 bytes; a larger message is split (events, counts) or dropped. */
const MAX_PAYLOAD = 7900;

export class PgBus implements Bus {
  readonly shared = true;
  private client: pg.Client | undefined;
  private channel = '';
  private readonly subscribers: ((m: ClusterMessage, from: string) => void)[] = [];
  private readonly resyncs: (() => void)[] = [];
  private closed = false;
  private retry: NodeJS.Timeout | undefined;
  private connecting: Promise<void> | undefined;

  constructor(
    private readonly url: string,
    private readonly schema: string | undefined,
    private readonly self: string,
    private readonly log: { error(o: unknown, m?: string): void },
  ) {}

  /** Connects and listens; a failure later reconnects by itself (then resyncs). */
  async start(): Promise<void> {
    await this.connect(false);
  }

  private connect(resync: boolean): Promise<void> {
    return (this.connecting ??= (async () => {
      const c = new pg.Client({ connectionString: this.url, ...(this.schema ? { options: `-c search_path=${this.schema}` } : {}) });
      c.on('error', (e) => this.lost(c, e));
      c.on('end', () => this.lost(c, new Error('connection ended')));
      await c.connect();
      // One channel per schema: tests (and users) with several schemas in one database stay apart.
      const { rows } = await c.query<{ s: string }>('select current_schema() as s');
      this.channel = `dragops_${rows[0]!.s}`.slice(0, 63);
      c.on('notification', (n) => this.receive(n.payload));
      await c.query(`LISTEN "${this.channel}"`);
      this.client = c;
      if (resync) for (const f of this.resyncs) f();
    })().finally(() => (this.connecting = undefined)));
  }

  private lost(c: pg.Client, e: Error): void {
    if (this.client !== c || this.closed) return;
    this.client = undefined;
    this.log.error({ err: e }, 'the cluster message connection was lost; reconnecting');
    c.end().catch(() => {});
    const again = () => {
      this.retry = undefined;
      if (this.closed) return;
      this.connect(true).catch((err) => {
        this.log.error({ err }, 'reconnecting the cluster message connection failed; trying again in 1 s');
        this.retry = setTimeout(again, 1000);
        this.retry.unref();
      });
    };
    this.retry = setTimeout(again, 100);
    this.retry.unref();
  }

  private receive(payload: string | undefined): void {
    if (!payload) return;
    let env: { f: string; m: ClusterMessage };
    try {
      env = JSON.parse(payload) as { f: string; m: ClusterMessage };
    } catch {
      return;
    }
    if (env.f === this.self) return;
    for (const f of this.subscribers) {
      try {
        f(env.m, env.f);
      } catch (e) {
        this.log.error({ err: e }, 'handling a cluster message failed');
      }
    }
  }

  async publish(m: ClusterMessage): Promise<void> {
    const c = this.client;
    if (!c) return; // reconnecting: the others resync when it is back
    for (const part of split(m)) {
      const payload = JSON.stringify({ f: this.self, m: part });
      if (payload.length > MAX_PAYLOAD) {
        this.log.error({ type: part.t, bytes: payload.length }, 'a cluster message is too large for NOTIFY; not sent');
        continue;
      }
      try {
        await c.query('select pg_notify($1, $2)', [this.channel, payload]);
      } catch (e) {
        this.log.error({ err: e }, 'sending a cluster message failed');
      }
    }
  }

  subscribe(f: (m: ClusterMessage, from: string) => void): void {
    this.subscribers.push(f);
  }
  onResync(f: () => void): void {
    this.resyncs.push(f);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    const c = this.client;
    this.client = undefined;
    await c?.end().catch(() => {});
  }
}

/** Messages of lists are cut into parts that fit a NOTIFY payload (by their JSON length). */
function split(m: ClusterMessage): ClusterMessage[] {
  if (m.t !== 'events' && m.t !== 'breaker') return [m];
  const items: unknown[] = m.t === 'events' ? m.events : m.counts;
  const parts: unknown[][] = [];
  let cur: unknown[] = [],
    size = 0;
  for (const it of items) {
    const n = JSON.stringify(it).length + 1;
    if (n > MAX_PAYLOAD - 100) continue; // one item too large to send at all (an event with a large error)
    if (size + n > MAX_PAYLOAD - 100 && cur.length) {
      parts.push(cur);
      cur = [];
      size = 0;
    }
    cur.push(it);
    size += n;
  }
  if (cur.length) parts.push(cur);
  return parts.map((p) => (m.t === 'events' ? { t: 'events', events: p as never } : { t: 'breaker', counts: p as never }));
}
