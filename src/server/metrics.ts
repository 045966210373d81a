// Prometheus metrics (GET /metrics): counts and durations only, no pattern ids or user data in labels.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** `metric.labels(...values)` once per combination: every execution counts itself, and finding the
 * child by its label values each time (a hash of sorted labels) costs more than the count. */
function children<C>(labels: (...values: string[]) => C): (...values: string[]) => C {
  const cache = new Map<string, C>();
  return (...values) => {
    const key = values.join('\u0000');
    let c = cache.get(key);
    if (c === undefined) cache.set(key, (c = labels(...values)));
    return c;
  };
}

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'dragops_process_' });
  const executions = new Counter({ name: 'dragops_executions_total', help: 'Finished executions by status and trigger', labelNames: ['status', 'trigger'], registers: [registry] });
  const duration = new Histogram({
    name: 'dragops_execution_duration_seconds', help: 'Execution duration', labelNames: ['trigger'], registers: [registry],
    buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30, 300],
  });
  const webhooks = new Counter({ name: 'dragops_webhook_requests_total', help: 'Webhook requests by outcome (accepted, or the error code)', labelNames: ['outcome'], registers: [registry] });
  const breakerTrips = new Counter({ name: 'dragops_breaker_trips_total', help: 'Deployments paused by their circuit breaker', registers: [registry] });
  const queueDepth = new Gauge({ name: 'dragops_queue_depth', help: 'Accepted immediate executions not finished yet', registers: [registry] });
  const deployments = new Gauge({ name: 'dragops_deployments', help: 'Live deployments by status', labelNames: ['status'], registers: [registry] });
  return {
    registry, executions, duration, webhooks, breakerTrips, queueDepth, deployments,
    /** Cached children: executionsOf(status, trigger).inc(), durationOf(trigger).observe(s), webhooksOf(outcome).inc(). */
    executionsOf: children((...v) => executions.labels(...v)),
    durationOf: children((...v) => duration.labels(...v)),
    webhooksOf: children((...v) => webhooks.labels(...v)),
  };
}
export type Metrics = ReturnType<typeof createMetrics>;
