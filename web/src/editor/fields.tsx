// Form fields for values of pin types and JSON-schema config properties, used by the inspector.
// `undefined` always means "not set": the key is left out of the document.
import { useEffect, useId, useState, type ReactNode } from 'react';
import type { JsonSchema, PinType } from '../types.js';

/** A JSON text area that only commits valid JSON (on blur), and says inline when it is not. */
export function JsonField({
  label,
  value,
  onChange,
  disabled,
  rows = 3,
  compact,
}: {
  label: string;
  value: unknown;
  onChange: (v: unknown) => void;
  disabled?: boolean;
  rows?: number;
  compact?: boolean;
}) {
  const text = value === undefined ? '' : JSON.stringify(value, null, 2);
  const [draft, setDraft] = useState(text);
  const [bad, setBad] = useState<string | null>(null);
  const errId = useId();
  useEffect(() => {
    setDraft(text);
    setBad(null);
  }, [text]);
  const commit = () => {
    if (draft.trim() === '') {
      setBad(null);
      onChange(undefined);
      return;
    }
    try {
      onChange(JSON.parse(draft));
      setBad(null);
    } catch (e) {
      setBad((e as Error).message);
    }
  };
  return (
    <div className="sf-field">
      <label>
        <Caption text={label} hidden={compact} />
        <textarea
          className="mono"
          rows={rows}
          value={draft}
          disabled={disabled}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={commit}
          aria-invalid={bad ? true : undefined}
          aria-describedby={bad ? errId : undefined}
        />
      </label>
      {bad && (
        <span id={errId} className="error small" role="alert">
          Not JSON: {bad}
        </span>
      )}
    </div>
  );
}

/** A label's text, visually hidden in compact rows (list items) but still the control's name. */
function Caption({ text, hidden }: { text: string; hidden?: boolean }) {
  return hidden ? <span className="sr-only">{text}</span> : <>{text}</>;
}

/** An input for a value of a pin type; `undefined` means "not set" (the definition's default applies). */
export function ValueField({
  label,
  type,
  options,
  value,
  placeholder,
  onChange,
  disabled,
}: {
  label: string;
  type: PinType;
  options?: readonly string[];
  value: unknown;
  placeholder?: string;
  onChange: (v: unknown) => void;
  disabled?: boolean;
}) {
  if (type === 'Boolean') {
    return (
      <label>
        {label}
        <select
          value={value === undefined ? '' : String(value)}
          disabled={disabled}
          onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value === 'true')}
        >
          <option value="">{placeholder ? `default (${placeholder})` : 'not set'}</option>
          <option value="true">true</option>
          <option value="false">false</option>
        </select>
      </label>
    );
  }
  if (options && options.length) {
    return (
      <label>
        {label}
        <select
          value={value === undefined ? '' : String(value)}
          disabled={disabled}
          onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
        >
          <option value="">{placeholder ? `default (${placeholder})` : 'not set'}</option>
          {options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
    );
  }
  if (type === 'Integer' || type === 'Float') {
    return (
      <label>
        {label}
        <input
          type="number"
          step={type === 'Integer' ? 1 : 'any'}
          value={typeof value === 'number' ? value : ''}
          placeholder={placeholder}
          disabled={disabled}
          onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
        />
      </label>
    );
  }
  if (type === 'Object' || type === 'Array') return <JsonField label={label} value={value} onChange={onChange} disabled={disabled} />;
  // String, DateTime, Binary (base64), Any: text, kept as a string.
  return (
    <label>
      {label}
      <input
        value={value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value)}
        placeholder={placeholder}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
      />
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
    case 'boolean':
      return { type: 'Boolean' };
    case 'integer':
      return { type: 'Integer' };
    case 'number':
      return { type: 'Float' };
    case 'string':
      return { type: 'String' };
    case 'array':
      return { type: 'Array' };
    default:
      return { type: 'Object' };
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A new value for a schema (a list's added item): its default, else the first choice, 0, '', [], or
 * an object with its required properties. */
function blank(s: JsonSchema): unknown {
  if (s.default !== undefined) return structuredClone(s.default);
  const { type, options } = schemaKind(s);
  if (options) return options[0];
  if (type === 'Boolean') return false;
  if (type === 'Integer' || type === 'Float') return s.minimum ?? 0;
  if (type === 'String') return '';
  if (type === 'Array') return [];
  if (s.properties)
    return Object.fromEntries(
      Object.entries(s.properties)
        .filter(([k]) => s.required?.includes(k))
        .map(([k, p]) => [k, blank(p)]),
    );
  return null;
}

interface SchemaProps {
  label: string;
  schema: JsonSchema;
  value: unknown;
  onChange: (v: unknown) => void;
  /** The value may be left out (the key is optional or has a default); else clearing keeps an empty value. */
  optional?: boolean;
  /** In a list row: the label is for screen readers only. */
  compact?: boolean;
}

/** A labelled control for a value described by a JSON schema: choices as a select, booleans, numbers
 * within their bounds, text, lists (add/remove), objects (a fieldset); anything else as JSON. */
export function SchemaField(p: SchemaProps) {
  const { label, schema, value, onChange, optional = true, compact } = p;
  const { type, options } = schemaKind(schema);
  const dflt = schema.default === undefined ? undefined : JSON.stringify(schema.default);
  const unset = dflt ? `default (${dflt})` : 'not set';
  if (options) {
    const known = value === undefined || options.includes(value as string);
    return (
      <label>
        <Caption text={label} hidden={compact} />
        <select value={value === undefined ? '' : String(value)} onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}>
          {(optional || value === undefined) && (
            <option value="" disabled={!optional}>
              {optional ? unset : 'choose…'}
            </option>
          )}
          {!known && <option value={String(value)}>{String(value)} (unknown)</option>}
          {options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
    );
  }
  if (type === 'Boolean') {
    if (!optional)
      return (
        <label className="inline">
          <input type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />
          {label}
        </label>
      );
    return <ValueField label={label} type="Boolean" value={value} placeholder={dflt} onChange={onChange} />;
  }
  if (type === 'Integer' || type === 'Float') return <NumberField {...p} integer={type === 'Integer'} placeholder={dflt} />;
  if (type === 'String') {
    return (
      <label>
        <Caption text={label} hidden={compact} />
        <input
          value={value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value)}
          placeholder={dflt === '""' ? undefined : dflt}
          maxLength={schema.maxLength}
          onChange={(e) => onChange(e.target.value === '' && optional ? undefined : e.target.value)}
        />
      </label>
    );
  }
  if (type === 'Array' && (value === undefined || Array.isArray(value))) return <ListField {...p} />;
  if (schema.properties && (value === undefined || isObject(value))) return <ObjectField {...p} />;
  return <JsonField label={label} value={value} onChange={onChange} rows={compact ? 1 : 3} compact={compact} />;
}

/** A number input with the schema's bounds; a value out of them is kept and shown as an error. */
function NumberField({
  label,
  schema,
  value,
  onChange,
  optional = true,
  compact,
  integer,
  placeholder,
}: SchemaProps & { integer: boolean; placeholder?: string }) {
  const errId = useId();
  const n = typeof value === 'number' ? value : undefined;
  const bad =
    n === undefined
      ? null
      : integer && !Number.isInteger(n)
        ? 'must be a whole number'
        : schema.minimum !== undefined && n < schema.minimum
          ? `must be at least ${schema.minimum}`
          : schema.maximum !== undefined && n > schema.maximum
            ? `must be at most ${schema.maximum}`
            : null;
  return (
    <div className="sf-field">
      <label>
        <Caption text={label} hidden={compact} />
        <input
          type="number"
          step={integer ? 1 : 'any'}
          min={schema.minimum}
          max={schema.maximum}
          value={n ?? ''}
          placeholder={placeholder}
          aria-invalid={bad ? true : undefined}
          aria-describedby={bad ? errId : undefined}
          onChange={(e) => onChange(e.target.value === '' ? (optional ? undefined : null) : Number(e.target.value))}
        />
      </label>
      {bad && (
        <span id={errId} className="error small">
          {label} {bad}
        </span>
      )}
    </div>
  );
}

/** A group of fields with a legend (lists and objects). */
function Group({ label, children }: { label: string; children: ReactNode }) {
  return (
    <fieldset className="sf-group">
      <legend>{label}</legend>
      {children}
    </fieldset>
  );
}

/** A list editor: one control per item with a Remove button, and Add (up to the schema's maxItems). */
function ListField({ label, schema, value, onChange }: SchemaProps) {
  const items = Array.isArray(value) ? value : [];
  const item = schema.items ?? {};
  const rowOf = (i: number) => `${label} item ${i + 1}`;
  const full = schema.maxItems !== undefined && items.length >= schema.maxItems;
  return (
    <Group label={label}>
      {items.length === 0 && <p className="hint">No items.</p>}
      {items.length > 0 && (
        <ol className="sf-list">
          {items.map((x, i) => (
            <li key={i} className="sf-row">
              <SchemaField
                label={rowOf(i)}
                schema={item}
                value={x}
                optional={false}
                compact={!item.properties}
                onChange={(v) => onChange(items.map((y, j) => (j === i ? v : y)))}
              />
              <button type="button" className="ghost small" aria-label={`Remove ${rowOf(i)}`} onClick={() => onChange(items.filter((_, j) => j !== i))}>
                Remove
              </button>
            </li>
          ))}
        </ol>
      )}
      <button type="button" className="small" aria-label={`Add to ${label}`} disabled={full} onClick={() => onChange([...items, blank(item)])}>
        Add
      </button>
    </Group>
  );
}

/** An object's properties as fields in a fieldset; keys it does not describe are kept as they are. */
function ObjectField({ label, schema, value, onChange, optional = true }: SchemaProps) {
  const obj = isObject(value) ? value : {};
  const required = new Set(schema.required ?? []);
  const set = (k: string, v: unknown) => {
    const next = { ...obj };
    if (v === undefined) delete next[k];
    else next[k] = v;
    onChange(Object.keys(next).length || !optional ? next : undefined);
  };
  return (
    <Group label={label}>
      {Object.entries(schema.properties ?? {}).map(([k, s]) => (
        <SchemaField key={k} label={k} schema={s} value={obj[k]} optional={!required.has(k) || s.default !== undefined} onChange={(v) => set(k, v)} />
      ))}
    </Group>
  );
}
