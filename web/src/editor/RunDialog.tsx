// "Run": sample event JSON, prefilled for the pattern's trigger type (SPEC §10 gives each shape); an
// OnWebhook pattern can also capture a real request to its webhook and use it as the sample. Opened
// by "Run draft with this input" it holds an execution's trigger data and, left as it is, runs on
// exactly that (POST run {fromRun}: the recorded data, credentials the display masks included).
import { useState, type FormEvent } from 'react';
import { Modal } from '../ui/Modal.js';
import type { PatternDocument, PinType } from '../types.js';
import { CapturePanel } from './CapturePanel.js';
import type { RunInput } from './actions.js';

/** A sample value of a pin type, for the inputs of an OnPatternCall event. */
function sampleValue(type: PinType): unknown {
  switch (type) {
    case 'String':
      return 'text';
    case 'Integer':
      return 1;
    case 'Float':
      return 1.5;
    case 'Boolean':
      return true;
    case 'Object':
      return {};
    case 'Array':
      return [];
    case 'DateTime':
      return new Date().toISOString();
    case 'Binary':
      return 'aGVsbG8='; // base64 of "hello"
    case 'Any':
      return 'value';
    default:
      return null;
  }
}

export function sampleEvent(trigger: string | undefined, webhookUrl: string, doc?: PatternDocument): unknown {
  switch (trigger) {
    case 'OnWebhook':
      return {
        body: { hello: 'world' },
        headers: { 'content-type': 'application/json' },
        query: {},
        method: 'POST',
        url: new URL(webhookUrl, location.href).pathname,
      };
    case 'OnSchedule':
      return { timestamp: new Date().toISOString() };
    case 'OnPatternCall': {
      // One key per input the pattern declares on its OnPatternCall node (config `inputs`: [{name, type}]).
      const declared = doc?.nodes.find((n) => n.type === 'OnPatternCall')?.config?.inputs;
      const inputs = Array.isArray(declared) ? (declared as { name?: unknown; type?: PinType }[]).filter((f) => typeof f?.name === 'string' && f.name) : [];
      return { inputs: Object.fromEntries(inputs.map((f) => [f.name as string, sampleValue(f.type ?? 'Any')])) };
    }
    default:
      return {};
  }
}

/** The Run dialog: the event JSON (and, for webhooks, capture mode) then "Start run". */
export function RunDialog({
  initial,
  capture,
  fromRun,
  onRun,
  onClose,
}: {
  initial: unknown;
  capture?: { patternId: string; deployed: boolean };
  /** The execution whose trigger data `initial` is: unedited, the run uses {fromRun}. */
  fromRun?: string;
  onRun: (input: RunInput) => void;
  onClose: () => void;
}) {
  const first = JSON.stringify(initial, null, 2);
  const [text, setText] = useState(first);
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    try {
      const v = JSON.parse(text) as unknown;
      if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('the event must be a JSON object');
      onRun(fromRun && text === first ? { fromRun } : { event: v as Record<string, unknown> });
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <Modal title="Run the draft" onClose={onClose} wide={!!capture}>
      <form onSubmit={submit} className="stack">
        {fromRun && (
          <p className="hint">
            {text === first ? (
              <>The trigger data of {fromRun}: Start run runs the draft on it as recorded (credentials shown as *** included).</>
            ) : (
              <>Edited from the trigger data of {fromRun}: the draft runs on this JSON as shown.</>
            )}
          </p>
        )}
        <label>
          Sample event (JSON)
          <textarea className="mono" rows={capture ? 8 : 10} value={text} onChange={(e) => setText(e.target.value)} autoFocus />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {capture && (
          <CapturePanel
            patternId={capture.patternId}
            deployed={capture.deployed}
            onPick={(ev) => {
              setText(JSON.stringify(ev, null, 2));
              setError(null);
            }}
          />
        )}
        <div className="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Start run
          </button>
        </div>
      </form>
    </Modal>
  );
}
