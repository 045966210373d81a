import { DragopsError, defineNode, toStringValue } from '../sdk/index.js';
import { createHash } from 'node:crypto';
import { pairsOf } from '../formats/query.js';
import { MAX_TEXT } from '../formats/shared.js';

/** Field names in a Content-Disposition header, escaped as the HTML standard's form encoder does. */
const quoted = (name: string) => name.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

function multipart(fields: Record<string, unknown> | null): { body: Uint8Array; contentType: string } {
  const parts: { head: string; data: Buffer }[] = [];
  for (const k of fields === null ? [] : Object.keys(fields)) {
    const v = fields![k];
    for (const item of Array.isArray(v) ? v : [v]) {
      if (item === null || item === undefined) continue;
      if (item instanceof Uint8Array) {
        parts.push({
          head: `Content-Disposition: form-data; name="${quoted(k)}"; filename="${quoted(k)}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
          data: Buffer.from(item.buffer, item.byteOffset, item.byteLength),
        });
      } else {
        parts.push({ head: `Content-Disposition: form-data; name="${quoted(k)}"\r\n\r\n`, data: Buffer.from(toStringValue(item), 'utf8') });
      }
    }
  }
  // The boundary is derived from the content (so the node is deterministic) and checked against it.
  const digest = createHash('sha256');
  for (const p of parts) digest.update(p.head).update(p.data);
  const seed = digest.digest('hex');
  let boundary = '';
  for (let n = 0; ; n++) {
    boundary = `----dragops${createHash('sha256')
      .update(seed + n)
      .digest('hex')
      .slice(0, 32)}`;
    if (!parts.some((p) => p.data.includes(boundary))) break;
  }
  const chunks: Buffer[] = [];
  for (const p of parts) chunks.push(Buffer.from(`--${boundary}\r\n${p.head}`, 'utf8'), p.data, Buffer.from('\r\n'));
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  const body = Buffer.concat(chunks);
  if (body.length > MAX_TEXT) throw new DragopsError('LIMIT_EXCEEDED', `the form body would be ${body.length} bytes; the limit is ${MAX_TEXT}`);
  return { body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength), contentType: `multipart/form-data; boundary=${boundary}` };
}

export default defineNode({
  type: 'FormData',
  category: 'HTTP',
  label: 'Form Data',
  description:
    'Encodes `fields` as an HTML form body for HTTP Request, with the matching `contentType` to put in its headers (for example through Build Headers). `urlencoded` gives a String in application/x-www-form-urlencoded (spaces as `+`); `multipart` gives Binary multipart/form-data, where Binary values become file parts named after their field (application/octet-stream). In both, an array repeats its field, null values are left out, numbers and booleans are written as text and objects as JSON. The multipart boundary is derived from the content, so the same fields always give the same body.',
  inputs: [
    { id: 'fields', type: 'Object' },
    { id: 'encoding', type: 'Enum', options: ['urlencoded', 'multipart'], default: 'urlencoded' },
  ],
  outputs: [
    { id: 'body', type: 'Any' },
    { id: 'contentType', type: 'String' },
  ],
  eval: (fields: Record<string, unknown> | null, encoding: 'urlencoded' | 'multipart') => {
    if (encoding === 'multipart') return multipart(fields);
    return { body: new URLSearchParams(pairsOf(fields)).toString(), contentType: 'application/x-www-form-urlencoded' };
  },
  examples: [
    {
      inputs: { fields: { name: 'Zoë Smith', tags: ['a', 'b'], age: 36, skip: null } },
      output: { body: 'name=Zo%C3%AB+Smith&tags=a&tags=b&age=36', contentType: 'application/x-www-form-urlencoded' },
    },
  ],
});
