// "New Pattern": a name, then POST /api/patterns {name}, which starts the pattern with one OnStart node.
import { useState, type FormEvent } from 'react';
import { api } from '../api.js';
import type { Pattern } from '../types.js';
import { Modal } from '../ui/Modal.js';
import { errorText } from '../ui/format.js';
import { Messages } from '../ui/Messages.js';

export function NewPatternDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (p: Pattern) => void }) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      onCreated(await api.post<Pattern>('/api/patterns', { name: name.trim() }));
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };
  return (
    <Modal title="New Pattern" onClose={onClose}>
      <form onSubmit={submit} className="stack">
        <label>
          Name
          <input required value={name} onChange={(e) => setName(e.target.value)} autoFocus />
        </label>
        <Messages error={error} />
        <div className="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy || !name.trim()}>
            Create
          </button>
        </div>
      </form>
    </Modal>
  );
}
