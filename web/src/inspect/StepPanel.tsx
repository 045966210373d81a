// The side panel of an inspected execution: the selected node's run ("Run 3 of 10" in a loop) with
// its Inputs and Outputs (the pin values, as JSON), Previous step / Next step through every node
// run in seq order, and the run's error. Shared by the deployment's canvas and the editor.
import type { Inspection, NodeDescription } from '../types.js';
import { ms } from '../ui/format.js';
import { json } from './steps.js';
import type { Stepper } from './useSteps.js';

export function StepPanel({
  ins,
  stepper,
  defs,
  names,
  onClose,
}: {
  ins: Inspection;
  stepper: Stepper;
  /** Descriptions by node id (pin labels and types), when known. */
  defs?: (nodeId: string) => NodeDescription | undefined;
  /** Display names by node id (the document's, else the inspection's). */
  names?: (nodeId: string) => string | undefined;
  onClose?: () => void;
}) {
  const { steps, at, selected, go } = stepper;
  const step = at === null ? undefined : steps[at];
  const showing = step && step.nodeId === selected ? step : undefined;
  const node = selected ? ins.nodes.find((n) => n.id === selected) : undefined;
  const def = selected ? defs?.(selected) : undefined;
  const title = selected ? names?.(selected) || node?.name || selected : null;
  return (
    <aside className="step-panel" aria-label="Inspection">
      <div className="step-nav" role="group" aria-label="Steps">
        <button type="button" disabled={at === null || at <= 0} onClick={() => at !== null && go(at - 1)}>
          Previous step
        </button>
        <span className="muted small" aria-live="polite">
          {at === null ? `${steps.length} steps` : `Step ${at + 1} of ${steps.length}`}
        </span>
        <button type="button" disabled={at === null ? steps.length === 0 : at >= steps.length - 1} onClick={() => go(at === null ? 0 : at + 1)}>
          Next step
        </button>
        {onClose && (
          <button type="button" className="ghost small" onClick={onClose} aria-label="Close inspection">
            ✕
          </button>
        )}
      </div>
      {!ins.exact && (
        <p className="warn banner" role="status">
          These values may not be exactly what the execution saw: {ins.reason ?? 'the server cannot vouch for them'}.
        </p>
      )}
      {!selected && <p className="muted">Select a node to see the values on its pins.</p>}
      {selected && (
        <>
          <h2 className="step-node" data-node={selected}>
            {title}{' '}
            <span className="muted small mono">
              {selected}
              {node ? ` · ${node.type}` : ''}
            </span>
          </h2>
          {!node && <p className="muted">This node did not run in this execution.</p>}
          {showing && (
            <>
              <p className="small step-run">
                <span>
                  Run {showing.nth + 1} of {showing.of}
                  {showing.truncated ? ` (+${showing.truncated} more not kept)` : ''}
                </span>
                {showing.nth > 0 && (
                  <button type="button" className="link small" onClick={() => go(steps.findIndex((s) => s.nodeId === selected && s.nth === showing.nth - 1))}>
                    earlier run
                  </button>
                )}
                {showing.nth + 1 < showing.of && (
                  <button type="button" className="link small" onClick={() => go(steps.findIndex((s) => s.nodeId === selected && s.nth === showing.nth + 1))}>
                    later run
                  </button>
                )}
                {showing.run.durationMs !== null && <span className="muted">took {ms(showing.run.durationMs)}</span>}
              </p>
              {showing.run.error && (
                <p className="error" role="alert">
                  {showing.run.error.code}: {showing.run.error.message}
                </p>
              )}
              <Values heading="Inputs" values={showing.run.inputs} labels={def?.inputs} />
              <Values heading="Outputs" values={showing.run.outputs} labels={def?.outputs} />
            </>
          )}
        </>
      )}
    </aside>
  );
}

function Values({
  heading,
  values,
  labels,
}: {
  heading: 'Inputs' | 'Outputs';
  values: Record<string, unknown>;
  labels?: readonly { id: string; label?: string; type: string }[];
}) {
  const keys = Object.keys(values);
  const id = `values-${heading.toLowerCase()}`;
  return (
    <section aria-labelledby={id} className="step-values">
      <h3 id={id}>{heading}</h3>
      {keys.length === 0 ? (
        <p className="muted small">{heading === 'Inputs' ? 'No data inputs.' : 'No data outputs.'}</p>
      ) : (
        <dl>
          {keys.map((k) => {
            const spec = labels?.find((p) => p.id === k);
            return (
              <div key={k} className="step-value">
                <dt>
                  <span className="mono">{spec?.label ?? k}</span>
                  {spec && <span className="muted small"> {spec.type}</span>}
                </dt>
                <dd>
                  <pre className="mono">{json(values[k])}</pre>
                </dd>
              </div>
            );
          })}
        </dl>
      )}
    </section>
  );
}
