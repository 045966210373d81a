// Prometheus metrics (GET /metrics): counts and durations only, no pattern ids or user data in labels.
// Every series carries `instance`, this process's instance id (services.instanceId), so that the
// series of several instances behind one load balancer stay apart (docs/api.md "Metrics").
//
// Every execution and webhook request counts itself, so the counting is plain arithmetic on a cell
// found by its label values (one small Map per label); prom-client formats the cells when /metrics is
// scraped. Its own `inc`/`observe` hash the labels on every call, which cost more than the count.
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';

type Value = { metricName?: string; labels: Record<string, string | number>; value: number };

/** Cells by up to two label values: `cell(a, b)` is the same object every time for the same values
 * (no rest arguments or joined keys: this runs for every execution). */
class Cells<C> {
  private readonly root = new Map<string, Map<string, C>>();
  readonly all: { labels: string[]; cell: C }[] = [];
  constructor(private readonly make: () => C) {}
  cell(a: string, b: string): C {
    let m = this.root.get(a);
    if (!m) this.root.set(a, (m = new Map()));
    let c = m.get(b);
    if (c === undefined) {
      m.set(b, (c = this.make()));
      this.all.push({ labels: [a, b], cell: c });
    }
    return c;
  }
}

/** A counter by labels; `of(...values).n++` counts. Registered with prom-client as a custom metric. */
export class FastCounter {
  readonly type = 'counter';
  private readonly cells: Cells<{ n: number }>;
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelNames: string[],
    registry: Registry,
  ) {
    if (labelNames.length > 2) throw new Error('at most two labels');
    this.cells = new Cells(() => ({ n: 0 }));
    if (labelNames.length === 0) this.of(); // shown as 0 before the first count
    registry.registerMetric(this as never);
  }
  of(a = '', b = ''): { n: number } {
    return this.cells.cell(a, b);
  }
  get(): { name: string; help: string; type: string; values: Value[]; aggregator: string } {
    const values = this.cells.all.map(({ labels, cell }) => ({ labels: labelsOf(this.labelNames, labels), value: cell.n }));
    return { name: this.name, help: this.help, type: this.type, values, aggregator: 'sum' };
  }
}

/** A histogram by labels with fixed buckets (upper bounds in seconds): `of(...values)` then `observe`. */
export class FastHistogram {
  readonly type = 'histogram';
  private readonly cells: Cells<HistogramCell>;
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelNames: string[],
    readonly buckets: number[],
    registry: Registry,
  ) {
    if (labelNames.length > 2) throw new Error('at most two labels');
    this.cells = new Cells(() => new HistogramCell(buckets));
    registry.registerMetric(this as never);
  }
  of(a = '', b = ''): HistogramCell {
    return this.cells.cell(a, b);
  }
  get(): { name: string; help: string; type: string; values: Value[]; aggregator: string } {
    const values: Value[] = [];
    for (const { labels, cell } of this.cells.all) {
      const base = labelsOf(this.labelNames, labels);
      let cumulative = 0;
      this.buckets.forEach((le, i) => {
        cumulative += cell.counts[i]!;
        values.push({ metricName: `${this.name}_bucket`, labels: { ...base, le }, value: cumulative });
      });
      values.push({ metricName: `${this.name}_bucket`, labels: { ...base, le: '+Inf' }, value: cell.count });
      values.push({ metricName: `${this.name}_sum`, labels: base, value: cell.sum });
      values.push({ metricName: `${this.name}_count`, labels: base, value: cell.count });
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: 'sum' };
  }
}

function labelsOf(names: string[], values: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  names.forEach((l, i) => {
    out[l] = values[i]!;
  });
  return out;
}

export class HistogramCell {
  /** Observations per bucket (not cumulative; the last bucket's overflow is count − Σ counts). */
  readonly counts: number[];
  sum = 0;
  count = 0;
  constructor(private readonly buckets: number[]) {
    this.counts = buckets.map(() => 0);
  }
  observe(v: number): void {
    this.sum += v;
    this.count++;
    const b = this.buckets;
    for (let i = 0; i < b.length; i++)
      if (v <= b[i]!) {
        this.counts[i]!++;
        return;
      }
  }
}

export function createMetrics(instanceId: string) {
  const registry = new Registry();
  // A default label: prom-client adds it to every series at scrape time, the fast counters' too.
  registry.setDefaultLabels({ instance: instanceId });
  collectDefaultMetrics({ register: registry, prefix: 'dragops_process_' });
  const executions = new FastCounter('dragops_executions_total', 'Finished executions by status and trigger', ['status', 'trigger'], registry);
  const duration = new FastHistogram(
    'dragops_execution_duration_seconds',
    'Execution duration',
    ['trigger'],
    [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30, 300],
    registry,
  );
  const webhooks = new FastCounter('dragops_webhook_requests_total', 'Webhook requests by outcome (accepted, or the error code)', ['outcome'], registry);
  const breakerTrips = new FastCounter('dragops_breaker_trips_total', 'Deployments paused by their circuit breaker', [], registry);
  const queueDepth = new Gauge({ name: 'dragops_queue_depth', help: 'Accepted immediate executions not finished yet', registers: [registry] });
  const deployments = new Gauge({ name: 'dragops_deployments', help: 'Live deployments by status', labelNames: ['status'], registers: [registry] });
  return { registry, executions, duration, webhooks, breakerTrips, queueDepth, deployments };
}
export type Metrics = ReturnType<typeof createMetrics>;
