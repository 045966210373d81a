// Health statistics of a deployment through a real server.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createServices, defaultConfig, type Services } from '../../src/server/services.js';
import { buildApp } from '../../src/api/app.js';

let s: Services, app: FastifyInstance, base: string, token: string;
const call = async (method: string, path: string, body?: unknown) => {
  const r = await fetch(base + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, body: (await r.json()) as any };
};
beforeAll(async () => {
  s = await createServices(defaultConfig({ dataDir: mkdtempSync(join(tmpdir(), 'dragops-stats-')), passwordCost: { N: 1024, r: 8, p: 1 } }), {
    info() {},
    error() {},
  });
  app = await buildApp(s);
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  token = (
    (await (
      await fetch(base + '/api/auth/register', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 's@example.test', password: 'stats password', name: 'S' }),
      })
    ).json()) as any
  ).data.token;
});
afterAll(async () => {
  await app.close();
  await s.close();
});

describe('GET /api/deployments/:id/runs/stats', () => {
  it('counts by status, rates, percentiles, per trigger, and evenly spaced buckets', async () => {
    const doc = {
      format: 'dragops.pattern/1',
      name: 'half fails',
      settings: { circuitBreaker: { enabled: false } },
      nodes: [
        { id: 'h', type: 'OnWebhook', config: { responseMode: 'lastNode' } },
        { id: 'ok', type: 'GetProperty', defaults: { key: 'ok' } },
        { id: 'b', type: 'ToBoolean' },
        { id: 'g', type: 'Branch' },
        { id: 'f', type: 'ThrowError', defaults: { message: 'no' } },
      ],
      wires: [
        { from: { node: 'h', pin: 'then' }, to: { node: 'g', pin: 'exec' } },
        { from: { node: 'h', pin: 'body' }, to: { node: 'ok', pin: 'object' } },
        { from: { node: 'ok', pin: 'value' }, to: { node: 'b', pin: 'value' } },
        { from: { node: 'b', pin: 'result' }, to: { node: 'g', pin: 'condition' } },
        { from: { node: 'g', pin: 'false' }, to: { node: 'f', pin: 'exec' } },
      ],
    };
    const p = (await call('POST', '/api/patterns', doc)).body.data;
    const dep = (await call('POST', `/api/patterns/${p.id}/deploy`, {})).body.data;
    for (const ok of [true, true, true, false, false]) {
      await fetch(`${base}/webhooks/${p.webhookId}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ok }) });
    }
    const st = (await call('GET', `/api/deployments/${dep.deploymentId}/runs/stats?period=1h`)).body.data;
    expect(st).toMatchObject({
      period: '1h',
      total: 5,
      byStatus: { completed: 3, failed: 2 },
      successRate: 60,
      errorRate: 40,
      byTrigger: { webhook: { completed: 3, failed: 2 } },
    });
    expect(st.durationMs.p50).toBeGreaterThanOrEqual(0);
    expect(st.durationMs.p99).toBeGreaterThanOrEqual(st.durationMs.p50);
    expect(st.buckets.length).toBeGreaterThanOrEqual(60);
    expect(st.buckets.reduce((a: number, b: { total: number }) => a + b.total, 0)).toBe(5);
    expect(st.buckets.reduce((a: number, b: { failed: number }) => a + b.failed, 0)).toBe(2);
    for (const period of ['24h', '7d', '30d'])
      expect((await call('GET', `/api/deployments/${dep.deploymentId}/runs/stats?period=${period}`)).body.data.total).toBe(5);
    expect((await call('GET', `/api/deployments/${dep.deploymentId}/runs/stats?period=2y`)).status).toBe(400);
  });
});

describe('GET /metrics', () => {
  it('exposes executions, durations, webhook outcomes, deployments and queue depth in Prometheus format, every series labelled with the instance', async () => {
    const r = await fetch(`${base}/metrics`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/plain');
    const text = await r.text();
    // Every series carries this instance's id (several instances behind one load balancer).
    const i = `instance="${s.instanceId}"`;
    expect(text).toContain(`dragops_executions_total{status="completed",trigger="webhook",${i}} 3\n`);
    expect(text).toContain(`dragops_executions_total{status="failed",trigger="webhook",${i}} 2\n`);
    expect(text).toContain(`dragops_webhook_requests_total{outcome="accepted",${i}} 5\n`);
    expect(text).toContain(`dragops_deployments{status="active",${i}} 1\n`);
    expect(text).toContain(`dragops_queue_depth{${i}} 0\n`);
    expect(text).toContain(`dragops_execution_duration_seconds_bucket{trigger="webhook",le="+Inf",${i}} 5\n`);
    expect(text).toContain(`dragops_execution_duration_seconds_count{trigger="webhook",${i}} 5\n`);
    expect(text).toContain(`dragops_breaker_trips_total{${i}} 0\n`);
    expect(text).toMatch(/# TYPE dragops_execution_duration_seconds histogram/);
    const series = text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    expect(series.length).toBeGreaterThan(20);
    for (const line of series) expect(line).toContain(i);
    // Buckets are cumulative and end at the count.
    const buckets = [...text.matchAll(/dragops_execution_duration_seconds_bucket\{trigger="webhook",le="([^"]+)",instance="[^"]+"\} (\d+)/g)].map((m) =>
      Number(m[2]),
    );
    expect(buckets).toHaveLength(12);
    expect(buckets).toEqual([...buckets].sort((a, b) => a - b));
    expect(buckets.at(-1)).toBe(5);
  });
});
