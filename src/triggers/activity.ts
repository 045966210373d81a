// Trigger activity (SPEC §8): per pattern, what its webhook, schedule and pattern calls did since the
// server started. In memory: counters restart with the process (execution history does not).
export interface WebhookActivity {
  received: number;
  accepted: number;
  rejected: Record<string, number>;
  lastReceived: string | null;
}
export interface ScheduleActivity {
  fired: number;
  skipped: number;
  missed: number;
  caughtUp: number;
  lastFire: string | null;
}
export interface Activity {
  webhook: WebhookActivity;
  schedule: ScheduleActivity;
  callsByCaller: Record<string, number>;
  since: string;
}

export class TriggerActivity {
  private readonly byPattern = new Map<string, Activity>();
  private readonly since = new Date().toISOString();

  /** A pattern's activity as the API shows it (times formatted). */
  of(patternId: string): Activity {
    const a = this.entry(patternId);
    const last = this.lastReceivedMs.get(patternId);
    if (last !== undefined) a.webhook.lastReceived = new Date(last).toISOString();
    return a;
  }

  private entry(patternId: string): Activity {
    let a = this.byPattern.get(patternId);
    if (!a) {
      a = {
        webhook: { received: 0, accepted: 0, rejected: Object.create(null), lastReceived: null },
        schedule: { fired: 0, skipped: 0, missed: 0, caughtUp: 0, lastFire: null },
        callsByCaller: Object.create(null),
        since: this.since,
      };
      this.byPattern.set(patternId, a);
    }
    return a;
  }

  /** Also told of every webhook outcome (for metrics). */
  onWebhook: ((outcome: string) => void) | undefined;

  /** Epoch ms of the last webhook request per pattern: formatted when read (see `of`), not on
   * every request. */
  private readonly lastReceivedMs = new Map<string, number>();

  webhook(patternId: string, outcome: 'accepted' | string): void {
    this.onWebhook?.(outcome);
    const w = this.entry(patternId).webhook;
    w.received++;
    this.lastReceivedMs.set(patternId, Date.now());
    if (outcome === 'accepted') w.accepted++;
    else w.rejected[outcome] = (w.rejected[outcome] ?? 0) + 1;
  }

  call(patternId: string, callerPatternId: string): void {
    const c = this.entry(patternId).callsByCaller;
    c[callerPatternId] = (c[callerPatternId] ?? 0) + 1;
  }
}
