// A read-only text with a Copy button (a webhook URL, a new API token).
import { useRef, useState } from 'react';

/** A read-only text with a Copy button; when the clipboard is refused, the text is selected instead. */
export function CopyField({ label, copyLabel, text }: { label: string; copyLabel: string; text: string }) {
  const ref = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      ref.current?.select();
    }
  };
  return (
    <div className="copy-field">
      <label>
        {label}
        <input ref={ref} className="mono" readOnly value={text} onFocus={(e) => e.target.select()} />
      </label>
      <button type="button" className="small" onClick={copy} aria-label={copyLabel}>
        {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
  );
}
