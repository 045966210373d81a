// Live events (SPEC §9): deployment changes and execution starts and ends, each for its owner, with
// the last 1000 kept for clients that reconnect (GET /api/events serves them, api/events.ts; the
// cluster forwards them between instances, cluster/link.ts).

export interface LiveEvent {
  id: number;
  ownerId: string;
  type: string;
  data: unknown;
}

export class EventHub {
  private seq = 0;
  /** The last `keep` events, a ring: event n is at (n - 1) % keep. */
  private readonly recent: LiveEvent[] = [];
  private readonly subscribers = new Set<(e: LiveEvent) => void>();
  constructor(private readonly keep = 1000) {}

  publish(ownerId: string, type: string, data: unknown): void {
    const e = { id: ++this.seq, ownerId, type, data };
    this.recent[(e.id - 1) % this.keep] = e;
    for (const f of this.subscribers) f(e);
  }
  since(id: number): LiveEvent[] {
    const out: LiveEvent[] = [];
    for (let n = Math.max(Math.floor(id) + 1, this.seq - this.keep + 1, 1); n <= this.seq; n++) out.push(this.recent[(n - 1) % this.keep]!);
    return out;
  }
  subscribe(f: (e: LiveEvent) => void): () => void {
    this.subscribers.add(f);
    this.onSubscribers?.();
    return () => {
      this.subscribers.delete(f);
      this.onSubscribers?.();
    };
  }
  /** Streams open now. */
  get size(): number {
    return this.subscribers.size;
  }
  /** Told when a stream opens or closes (the other instances send their events only while one is open). */
  onSubscribers: (() => void) | undefined;
}
