// Form fields for values of pin types and JSON-schema config properties, used by the inspector.
import { useEffect, useState } from 'react';
import type { JsonSchema, PinType } from '../types.js';

/** A JSON text area that only commits valid JSON (on blur), and says when it is not. */
export function JsonField({ label, value, onChange, disabled, rows = 3 }: { label: string; value: unknown; onChange: (v: unknown) => void; disabled?: boolean; rows?: number }) {
  const text = value === undefined ? '' : JSON.stringify(value, null, 2);
  const [draft, setDraft] = useState(text);
  const [bad, setBad] = useState<string | null>(null);
  useEffect(() => { setDraft(text); setBad(null); }, [text]);
  const commit = () => {
    if (draft.trim() === '') { setBad(null); onChange(undefined); return; }
    try { onChange(JSON.parse(draft)); setBad(null); } catch (e) { setBad((e as Error).message); }
  };
  return (
    <label>{label}
      <textarea className="mono" rows={rows} value={draft} disabled={disabled} onChange={(e) => setDraft(e.target.value)} onBlur={commit} aria-invalid={bad ? true : undefined} />
      {bad && <span className="error small">Not JSON: {bad}</span>}
    </label>
  );
}

/** An input for a value of a pin type; `undefined` means "not set" (the definition's default applies). */
export function ValueField({ label, type, options, value, placeholder, onChange, disabled }: {
  label: string; type: PinType; options?: readonly string[]; value: unknown; placeholder?: string; onChange: (v: unknown) => void; disabled?: boolean;
}) {
  if (type === 'Boolean') {
    return (
      <label>{label}
        <select value={value === undefined ? '' : String(value)} disabled={disabled} onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value === 'true')}>
          <option value="">{placeholder ? `default (${placeholder})` : 'not set'}</option><option value="true">true</option><option value="false">false</option>
        </select>
      </label>
    );
  }
  if (options && options.length) {
    return (
      <label>{label}
        <select value={value === undefined ? '' : String(value)} disabled={disabled} onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}>
          <option value="">{placeholder ? `default (${placeholder})` : 'not set'}</option>
          {options.map((o) => <option key={o} value={o}>{o}</option>)}
        </select>
      </label>
    );
  }
  if (type === 'Integer' || type === 'Float') {
    return (
      <label>{label}
        <input type="number" step={type === 'Integer' ? 1 : 'any'} value={typeof value === 'number' ? value : ''} placeholder={placeholder} disabled={disabled}
          onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))} />
      </label>
    );
  }
  if (type === 'Object' || type === 'Array') return <JsonField label={label} value={value} onChange={onChange} disabled={disabled} />;
  // String, DateTime, Binary (base64), Any: text, kept as a string.
  return (
    <label>{label}
      <input value={value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value)} placeholder={placeholder} disabled={disabled}
        onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)} />
    </label>
  );
}

/** The pin type a config property's schema most looks like, and its fixed choices if any. */
export function schemaKind(s: JsonSchema): { type: PinType; options?: string[] } {
  const consts = s.anyOf?.map((x) => x.const).filter((c): c is string => typeof c === 'string');
  if (consts && consts.length === s.anyOf!.length) return { type: 'String', options: consts };
  if (Array.isArray(s.enum) && s.enum.every((x) => typeof x === 'string')) return { type: 'String', options: s.enum as string[] };
  const t = Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type;
  switch (t) {
    case 'boolean': return { type: 'Boolean' };
    case 'integer': return { type: 'Integer' };
    case 'number': return { type: 'Float' };
    case 'string': return { type: 'String' };
    case 'array': return { type: 'Array' };
    default: return { type: 'Object' };
  }
}
