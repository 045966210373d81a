// "Run": sample event JSON, prefilled for the pattern's trigger type (SPEC §10 gives each shape).
import { useState, type FormEvent } from 'react';
import { Modal } from '../ui/Modal.js';

export function sampleEvent(trigger: string | undefined, webhookUrl: string): unknown {
  switch (trigger) {
    case 'OnWebhook': return { body: { hello: 'world' }, headers: { 'content-type': 'application/json' }, query: {}, method: 'POST', url: new URL(webhookUrl, location.href).pathname };
    case 'OnSchedule': return { timestamp: new Date().toISOString() };
    case 'OnPatternCall': return { inputs: {} };
    default: return {};
  }
}

export function RunDialog({ initial, onRun, onClose }: { initial: unknown; onRun: (event: Record<string, unknown>) => void; onClose: () => void }) {
  const [text, setText] = useState(JSON.stringify(initial, null, 2));
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    try {
      const v = JSON.parse(text) as unknown;
      if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('the event must be a JSON object');
      onRun(v as Record<string, unknown>);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <Modal title="Run the draft" onClose={onClose}>
      <form onSubmit={submit} className="stack">
        <label>Sample event (JSON)<textarea className="mono" rows={10} value={text} onChange={(e) => setText(e.target.value)} autoFocus /></label>
        {error && <p className="error" role="alert">{error}</p>}
        <div className="actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary">Start run</button>
        </div>
      </form>
    </Modal>
  );
}
