import { DragopsError, defineNode, toStringValue } from '../sdk/index.js';
import { parseJson } from '../formats/json.js';
import { parseQuery } from '../formats/query.js';
import { parseXml } from '../formats/xml.js';
import { decodeText, isJsonType, isTextType, mediaType } from './body.js';

const AS = ['auto', 'json', 'text', 'form', 'xml', 'binary'] as const;
type As = (typeof AS)[number];

/** The content-type of a headers object, whatever the case of its name. */
function contentTypeOf(headers: Record<string, unknown> | null): string {
  if (headers === null) return '';
  for (const k of Object.keys(headers)) if (k.toLowerCase() === 'content-type') return toStringValue(headers[k]);
  return '';
}

const isXmlType = (t: string) => t === 'application/xml' || t === 'text/xml' || t.endsWith('+xml');

export default defineNode({
  type: 'ParseResponse',
  category: 'HTTP',
  label: 'Parse Response',
  description:
    "Reads an HTTP body (usually HTTP Request's `body` and `headers`) as `as` says: `json` parses JSON strictly (invalid JSON is an error giving its position, unlike HTTP Request which then leaves the text), `text` gives a String (Binary decoded in the header's charset, UTF-8 by default), `form` parses `a=1&b=2` into an object, `xml` parses XML as Parse XML does, `binary` gives bytes. `auto` (the default) picks by the content-type header: JSON types as json, form and XML types as such, other text types as text, anything else unchanged. A body that is already an object or array is returned as it is for auto and json.",
  inputs: [
    { id: 'body', type: 'Any' },
    { id: 'headers', type: 'Object', default: {} },
    { id: 'as', type: 'Enum', options: AS, default: 'auto' },
  ],
  outputs: [{ id: 'value', type: 'Any' }],
  eval: (body: unknown, headers: Record<string, unknown> | null, as: As): unknown => {
    const { type, charset } = mediaType(contentTypeOf(headers));
    const structured = body !== null && typeof body === 'object' && !(body instanceof Uint8Array);
    const text = (): string => (body instanceof Uint8Array ? decodeText(body, charset)! : body === null || body === undefined ? '' : toStringValue(body));
    let mode: As = as;
    if (as === 'auto') {
      if (structured) return body;
      mode = isJsonType(type)
        ? 'json'
        : type === 'application/x-www-form-urlencoded'
          ? 'form'
          : isXmlType(type)
            ? 'xml'
            : type !== '' && isTextType(type)
              ? 'text'
              : 'binary';
      if (mode === 'binary') return body; // unknown media: unchanged
    }
    switch (mode) {
      case 'json': {
        if (structured) return body;
        const t = text();
        if (t.trim() === '') throw new DragopsError('NODE_ERROR', 'the body is empty, so it is not JSON', { pin: 'body' });
        return parseJson(t.charCodeAt(0) === 0xfeff ? t.slice(1) : t);
      }
      case 'text':
        return text();
      case 'form':
        return parseQuery(text());
      case 'xml':
        return parseXml(text());
      default:
        return body instanceof Uint8Array ? body : new TextEncoder().encode(text());
    }
  },
  examples: [
    { inputs: { body: '{"ok":true}', headers: { 'Content-Type': 'application/json; charset=utf-8' } }, output: { ok: true } },
    { inputs: { body: 'a=1&b=x+y', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, output: { a: '1', b: 'x y' } },
    { inputs: { body: '<r><n>1</n></r>', as: 'xml' }, output: { r: { n: '1' } } },
  ],
});
