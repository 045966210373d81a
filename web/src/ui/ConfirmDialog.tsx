// Asks before something that cannot be undone; the confirming button names the action ("Delete",
// "Revoke"). Cancel has the focus, so Enter or Escape straight away does nothing harmful.
import { useState, type ReactNode } from 'react';
import { Modal } from './Modal.js';
import { errorText } from './format.js';

export function ConfirmDialog({
  title,
  confirm,
  children,
  onClose,
  onConfirm,
}: {
  title: string;
  confirm: string;
  children: ReactNode;
  onClose: () => void;
  onConfirm: () => Promise<unknown>;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const go = async () => {
    setBusy(true);
    try {
      await onConfirm();
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  };
  return (
    <Modal title={title} onClose={onClose}>
      <div className="stack">
        {children}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="button" onClick={onClose} autoFocus>
            Cancel
          </button>
          <button type="button" className="danger-solid" disabled={busy} onClick={() => void go()}>
            {confirm}
          </button>
        </div>
      </div>
    </Modal>
  );
}
