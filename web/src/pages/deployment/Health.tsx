// Health of one deployment over a period (GET …/runs/stats): the figures, executions per bucket with
// the failed part in red, and the error rate per bucket, drawn as inline SVG.
import { useEffect, useId, useState, type ReactNode } from 'react';
import { api } from '../../api.js';
import type { RunStats, StatsBucket, StatsPeriod } from '../../types.js';
import { count, errorText, ms } from '../../ui/format.js';
import { Messages } from '../../ui/Messages.js';

const PERIODS: Record<StatsPeriod, { words: string; unit: string; label: Intl.DateTimeFormatOptions }> = {
  '1h': { words: '1 h', unit: 'minute', label: { hour: '2-digit', minute: '2-digit' } },
  '24h': { words: '24 h', unit: 'hour', label: { hour: '2-digit', minute: '2-digit' } },
  '7d': { words: '7 days', unit: 'hour', label: { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' } },
  '30d': { words: '30 days', unit: 'day', label: { month: 'short', day: 'numeric' } },
};

const pct = (n: number | null) => (n === null ? '—' : `${n}%`);

export function Health({ deploymentId, refreshKey }: { deploymentId: string; refreshKey: number }) {
  const [period, setPeriod] = useState<StatsPeriod>('24h');
  const [stats, setStats] = useState<RunStats | null>(null);
  const [error, setError] = useState<string | null>(null);
  const titleId = useId();
  useEffect(() => {
    let live = true;
    api.get<RunStats>(`/api/deployments/${deploymentId}/runs/stats?period=${period}`).then(
      (s) => {
        if (live) {
          setStats(s);
          setError(null);
        }
      },
      (e) => {
        if (live) setError(errorText(e));
      },
    );
    return () => {
      live = false;
    };
  }, [deploymentId, period, refreshKey]);

  const byTrigger = Object.entries(stats?.byTrigger ?? {}).map(([trigger, s]) => {
    const all = Object.values(s).reduce((a, b) => a + b, 0);
    const failed = all - (s.completed ?? 0) - (s.running ?? 0);
    return `${trigger} ${count(all)}${failed ? ` (${count(failed)} failed)` : ''}`;
  });
  return (
    <section aria-labelledby={titleId} aria-busy={!stats || stats.period !== period}>
      <div className="page-head">
        <h2 id={titleId}>Health</h2>
        <div role="group" aria-label="Period" className="segmented">
          {(Object.keys(PERIODS) as StatsPeriod[]).map((p) => (
            <button key={p} type="button" aria-pressed={p === period} onClick={() => setPeriod(p)}>
              {p}
            </button>
          ))}
        </div>
      </div>
      <Messages error={error} />
      {!stats ? (
        !error && <p className="muted">Loading…</p>
      ) : stats.total === 0 ? (
        <p className="empty">No executions in this period</p>
      ) : (
        <>
          <dl className="figures">
            <div>
              <dt>Total</dt>
              <dd>{count(stats.total)}</dd>
            </div>
            <div>
              <dt>Success rate</dt>
              <dd>{pct(stats.successRate)}</dd>
            </div>
            <div>
              <dt>Error rate</dt>
              <dd>{pct(stats.errorRate)}</dd>
            </div>
            <div>
              <dt>Duration p50</dt>
              <dd>{ms(stats.durationMs.p50)}</dd>
            </div>
            <div>
              <dt>Duration p95</dt>
              <dd>{ms(stats.durationMs.p95)}</dd>
            </div>
            <div>
              <dt>Duration p99</dt>
              <dd>{ms(stats.durationMs.p99)}</dd>
            </div>
          </dl>
          <div className="charts">
            <Chart stats={stats} kind="executions" />
            <Chart stats={stats} kind="errors" />
          </div>
          {byTrigger.length > 0 && <p className="hint">By trigger: {byTrigger.join(' · ')}</p>}
        </>
      )}
    </section>
  );
}

const W = 400,
  H = 110,
  TOP = 14; // viewBox; bars and line are drawn between y = TOP and y = H

// One chart of the buckets: executions (stacked bars, failed in red) or error rate (a line).
function Chart({ stats, kind }: { stats: RunStats; kind: 'executions' | 'errors' }) {
  const { words, unit, label } = PERIODS[stats.period];
  const b = stats.buckets;
  const at = (x: StatsBucket) => new Date(x.start).toLocaleString([], label);
  const bw = W / Math.max(b.length, 1),
    gap = bw > 3 ? bw * 0.2 : 0;
  const y = (v: number, max: number) => H - (v / max) * (H - TOP);
  const failed = b.reduce((a, x) => a + x.failed, 0);
  const rates = b.map((x) => (x.total ? Math.round((x.failed / x.total) * 1000) / 10 : null));
  const peak = rates.reduce<number>((m, r) => Math.max(m, r ?? 0), 0);
  const peakAt = rates.indexOf(peak);

  let body: ReactNode, top: number, aria: string;
  if (kind === 'executions') {
    top = Math.max(1, ...b.map((x) => x.total));
    aria = `Executions per ${unit} over ${words}: ${count(stats.total)} in all, ${count(failed)} failed, at most ${count(top)} in one ${unit}`;
    body = b.map(
      (x, i) =>
        x.total > 0 && (
          <g key={x.start}>
            <title>{`${at(x)}: ${count(x.total)} executions, ${count(x.failed)} failed`}</title>
            <rect className="bar-ok" x={i * bw + gap / 2} width={bw - gap} y={y(x.total, top)} height={H - y(x.total, top)} />
            {x.failed > 0 && <rect className="bar-failed" x={i * bw + gap / 2} width={bw - gap} y={y(x.failed, top)} height={H - y(x.failed, top)} />}
          </g>
        ),
    );
  } else {
    top = peak > 0 ? Math.min(100, Math.ceil(peak / 10) * 10) : 100;
    aria = `Error rate per ${unit} over ${words}: ${pct(stats.errorRate)} overall, highest ${peak}%${peak > 0 ? ` (${at(b[peakAt]!)})` : ''}`;
    const pts = rates.flatMap((r, i) => (r === null ? [] : [{ x: i * bw + bw / 2, y: y(r, top), r, i }]));
    body = (
      <>
        <path className="chart-line" d={pts.map((p, i) => `${i ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join('')} />
        {pts.map((p) => (
          <circle key={p.i} className="chart-dot" cx={p.x} cy={p.y} r={2}>
            <title>{`${at(b[p.i]!)}: ${p.r}% failed`}</title>
          </circle>
        ))}
      </>
    );
  }
  return (
    <figure className="chart">
      <figcaption>
        {kind === 'executions' ? (
          <>
            Executions per {unit} <span className="muted">(failed in red)</span>
          </>
        ) : (
          <>Error rate per {unit}</>
        )}
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={aria}>
        <line className="chart-grid" x1={0} x2={W} y1={TOP} y2={TOP} />
        <line className="chart-grid" x1={0} x2={W} y1={H - 0.5} y2={H - 0.5} />
        <text className="chart-label" x={2} y={TOP - 3}>
          {kind === 'executions' ? count(top) : `${top}%`}
        </text>
        {body}
      </svg>
      <div className="chart-axis">
        <span>{b.length ? at(b[0]!) : ''}</span>
        <span>now</span>
      </div>
    </figure>
  );
}
