// A deployment's canvas: the graph of one of its versions, read-only. Opened from an execution
// ("Open on canvas", /deployments/:id/runs/:runId) it inspects that execution: the nodes that ran
// marked, the failed one red, the others dimmed; the selected node's Inputs and Outputs with
// Previous / Next step; wire values on hover; "Run draft with this input" opens the editor's Run on
// its trigger data. The Profile toggle shows each node's runs, errors and p95 over a period
// (/deployments/:id/canvas opens with it on, for the live version).
import { useEffect, useMemo, useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { api, deploymentProfile, inspectRun, patternVersion } from '../../api.js';
import type { DeploymentListed as Deployment, Inspection, NodeDescription, Pattern, PatternDocument, PinsByNode, Profile, StatsPeriod } from '../../types.js';
import { Link, navigate } from '../../router.js';
import { RunStatus } from '../../ui/StatusBadge.js';
import { errorText, short } from '../../ui/format.js';
import { toFlow } from '../../editor/graph.js';
import { InspectCanvas } from '../../inspect/InspectCanvas.js';
import { StepPanel } from '../../inspect/StepPanel.js';
import { useSteps } from '../../inspect/useSteps.js';
import { runNotes } from '../../inspect/steps.js';
import { useWireTooltip } from '../../inspect/WireTooltip.js';
import { profileNotes } from '../../inspect/profileNotes.js';

/** The response an inspected execution sent, a preview of `{status, headers, body}` (the API types it `unknown`). */
const isResponse = (v: unknown): v is { status: unknown; body?: unknown } => typeof v === 'object' && v !== null && 'status' in v;

const PERIODS: StatsPeriod[] = ['1h', '24h', '7d', '30d'];

interface Loaded {
  dep: Deployment;
  pattern: Pattern;
  ins: Inspection | null;
  version: number | null;
  doc: PatternDocument;
  pins: PinsByNode;
  defs: Map<string, NodeDescription>;
}

export function ExecutionCanvasPage({ deploymentId, runId }: { deploymentId: string; runId?: string }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    (async () => {
      const [dep, ins, defs] = await Promise.all([
        api.get<Deployment>(`/api/deployments/${deploymentId}`),
        runId ? inspectRun(runId) : Promise.resolve(null),
        api.get<NodeDescription[]>('/api/nodes'),
      ]);
      const pattern = await api.get<Pattern>(`/api/patterns/${dep.patternId}`);
      // The version the execution ran; a test run (no version) is drawn on the current draft.
      const version = ins ? ins.version : dep.version;
      const v = version === null ? null : await patternVersion(dep.patternId, version);
      if (live) setLoaded({ dep, pattern, ins, version, doc: v?.document ?? pattern, pins: v?.pins ?? {}, defs: new Map(defs.map((d) => [d.type, d])) });
    })().catch((e) => live && setError(errorText(e)));
    return () => {
      live = false;
    };
  }, [deploymentId, runId]);

  if (error)
    return (
      <section className="page">
        <p className="error" role="alert">
          {error}
        </p>
        <Link to={`/deployments/${deploymentId}`}>Back to the deployment</Link>
      </section>
    );
  if (!loaded)
    return (
      <section className="page">
        <p role="status">{runId ? 'Inspecting the execution…' : 'Loading…'}</p>
      </section>
    );
  return (
    <ReactFlowProvider>
      <View {...loaded} />
    </ReactFlowProvider>
  );
}

function View({ dep, pattern, ins, version, doc, pins, defs }: Loaded) {
  const flow = useMemo(() => toFlow(doc, defs, pins), [doc, defs, pins]);
  const stepper = useSteps(ins);
  const tooltip = useWireTooltip(ins, stepper.steps, stepper.at);
  const [profileOn, setProfileOn] = useState(!ins);
  const [period, setPeriod] = useState<StatsPeriod>('24h');
  const [profile, setProfile] = useState<Profile | null>(null);
  const [profileError, setProfileError] = useState<string | null>(null);
  useEffect(() => {
    if (!profileOn || version === null) return;
    let live = true;
    setProfileError(null);
    deploymentProfile(dep.id, period, version).then(
      (p) => live && setProfile(p),
      (e) => live && setProfileError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [profileOn, period, dep.id, version]);

  const ids = useMemo(() => doc.nodes.map((n) => n.id), [doc]);
  const docNodes = useMemo(() => new Map(doc.nodes.map((n) => [n.id, n])), [doc]);
  const notes = useMemo(() => {
    if (profileOn && profile) return profileNotes(profile, (id) => !!defs.get(docNodes.get(id)?.type ?? '')?.pure);
    return ins ? runNotes(ins, ids, stepper.selected) : new Map();
  }, [profileOn, profile, ins, ids, stepper.selected, defs, docNodes]);
  const flowDefs = useMemo(() => new Map(flow.nodes.map((n) => [n.id, n.data.def])), [flow]);

  return (
    <section className="page inspect-page">
      <div className="page-head wrap">
        <Link to={`/deployments/${dep.id}`}>← {pattern.name || dep.patternId}</Link>
        <h1>
          {ins ? (
            <>
              Execution <span className="mono">{ins.runId}</span>
            </>
          ) : (
            'Canvas'
          )}
        </h1>
        {ins && <RunStatus status={ins.status} />}
        <span className="muted">{version === null ? 'draft (test run)' : `v${version}`}</span>
        <span className="spacer" />
        <button
          type="button"
          aria-pressed={profileOn}
          className={profileOn ? 'toggle on' : 'toggle'}
          onClick={() => setProfileOn((o) => !o)}
          disabled={version === null}
        >
          Profile
        </button>
        {profileOn && (
          <label className="inline">
            Period
            <select value={period} onChange={(e) => setPeriod(e.target.value as StatsPeriod)}>
              {PERIODS.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </label>
        )}
        {ins && (
          <button type="button" className="primary" onClick={() => navigate(`/patterns/${ins.patternId}?fromRun=${encodeURIComponent(ins.runId)}`)}>
            Run draft with this input
          </button>
        )}
      </div>
      {ins?.error && (
        <p className="error">
          {ins.error.code}: {ins.error.message}
          {ins.error.nodeId ? (
            <>
              {' '}
              —{' '}
              <button type="button" className="link" onClick={() => stepper.select(ins.error!.nodeId!)}>
                {ins.error.nodeId}
              </button>
            </>
          ) : null}
        </p>
      )}
      {ins && isResponse(ins.response) && (
        <p className="small">
          <span className="muted">Response</span> <strong>{String(ins.response.status)}</strong> <code className="mono">{short(ins.response.body, 300)}</code>
        </p>
      )}
      {profileOn && (
        <p className="small muted" role="status">
          {profileError ? (
            <span className="error">{profileError}</span>
          ) : !profile ? (
            'Loading the profile…'
          ) : (
            <>
              Profile of v{profile.version} over {profile.period}: {profile.executions}
              {profile.sampled ? ' (the newest, sampled)' : ''} execution{profile.executions === 1 ? '' : 's'}. Badge colour: p95 from fast (green) to the
              slowest node (red); nodes with errors are outlined red.
            </>
          )}
        </p>
      )}
      <div className="inspect-body">
        <div className="inspect-canvas">
          <InspectCanvas flow={flow} notes={notes} selected={stepper.selected} onSelect={(id) => stepper.select(id)} edgeHandlers={tooltip.handlers} />
          {tooltip.element}
        </div>
        {ins && <StepPanel ins={ins} stepper={stepper} defs={(id) => flowDefs.get(id)} names={(id) => docNodes.get(id)?.name} />}
      </div>
    </section>
  );
}
