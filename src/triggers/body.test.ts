// Webhook bodies (SPEC §15): each content type, malformed bodies, the caps, and multipart bodies
// encoded by a real client (undici's FormData, what fetch sends) read back exactly.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ApiError } from '../api/errors.js';
import { bodyKind, MAX_FIELDS, parseForm, parseWebhookBody } from './body.js';
import { eventFromJson, eventToJson } from '../pattern/binary-json.js';
import { headerParam } from './multipart.js';

const parse = (body: string | Uint8Array, type?: string) => parseWebhookBody(Buffer.from(body), type).body;
const failure = (f: () => unknown): ApiError => {
  try {
    f();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('no error');
};

/** The bytes and content type fetch would send for a FormData. */
async function encoded(form: FormData): Promise<{ raw: Buffer; type: string }> {
  const r = new Request('http://localhost/', { method: 'POST', body: form });
  return { raw: Buffer.from(await r.arrayBuffer()), type: r.headers.get('content-type')! };
}

describe('bodyKind', () => {
  it('reads the media type, whatever its case and parameters', () => {
    expect(bodyKind('application/json; charset=utf-8')).toBe('json');
    expect(bodyKind('application/vnd.api+json')).toBe('json');
    expect(bodyKind('Application/X-WWW-Form-Urlencoded; charset=UTF-8')).toBe('form');
    expect(bodyKind('multipart/form-data; boundary=x')).toBe('multipart');
    expect(bodyKind('application/octet-stream')).toBe('binary');
    expect(bodyKind('text/plain')).toBe('text');
    expect(bodyKind('image/png')).toBe('text'); // SPEC §15: anything else as a String
    expect(bodyKind(undefined)).toBe('text');
  });
});

describe('form bodies', () => {
  it('gives an Object of Strings, repeated keys as Arrays in order', () => {
    expect(parse('name=ada&lang=en+GB&tag=a&tag=b&tag=c&empty=&flag', 'application/x-www-form-urlencoded')).toEqual({
      name: 'ada',
      lang: 'en GB',
      tag: ['a', 'b', 'c'],
      empty: '',
      flag: '',
    });
  });
  it('decodes UTF-8 escapes in names and values, skips empty pairs', () => {
    expect(parseForm('Zo%C3%AB=caf%C3%A9%20%2B%26&&a%5B%5D=1&')).toEqual({ Zoë: 'café +&', 'a[]': '1' });
  });
  it('keeps __proto__ a plain key', () => {
    const o = parseForm('__proto__=x&constructor=y');
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
    expect(Object.keys(o)).toEqual(['__proto__', 'constructor']);
    expect(o['__proto__']).toBe('x');
  });
  it('refuses a broken escape with 400, naming the field', () => {
    const e = failure(() => parseForm('a=1&discount=50%'));
    expect(e).toMatchObject({ code: 'INVALID_BODY', status: 400 });
    expect(e.message).toMatch(/field 2 .* malformed percent-escape .*%25/);
    expect(failure(() => parseForm('a=%C3')).code).toBe('INVALID_BODY'); // not UTF-8
  });
  it(`caps the fields at ${MAX_FIELDS} (413), without splitting the whole body first`, () => {
    expect(Object.keys(parseForm('a=1&'.repeat(MAX_FIELDS))).length).toBe(1);
    expect(failure(() => parseForm('a&'.repeat(MAX_FIELDS + 1))).code).toBe('PAYLOAD_TOO_LARGE');
    expect(parseForm('&'.repeat(500_000))).toEqual({}); // empty pairs are nothing
  });
});

describe('multipart bodies', () => {
  it('reads what fetch sends: fields as Strings, files as {filename, contentType, data}', async () => {
    const form = new FormData();
    form.append('name', 'Zoë "the" user');
    form.append('file', new Blob([new Uint8Array([0, 1, 2, 255, 13, 10, 45, 45])], { type: 'image/png' }), 'pixel.png');
    form.append('tags', 'a');
    form.append('tags', 'b');
    form.append('raw', new Blob(['x']), 'raw.bin');
    const { raw, type } = await encoded(form);
    const { body, json } = parseWebhookBody(raw, type);
    expect(body).toEqual({
      name: 'Zoë "the" user',
      file: { filename: 'pixel.png', contentType: 'image/png', data: new Uint8Array([0, 1, 2, 255, 13, 10, 45, 45]) },
      tags: ['a', 'b'],
      raw: { filename: 'raw.bin', contentType: 'application/octet-stream', data: new Uint8Array([120]) },
    });
    const file = (body as any).file.data as Uint8Array;
    expect(file.constructor).toBe(Uint8Array);
    expect(file.byteLength).toBe(file.buffer.byteLength); // its own bytes, not a view into the request
    expect(JSON.parse(json).file.data).toBe(Buffer.from([0, 1, 2, 255, 13, 10, 45, 45]).toString('base64'));
  });

  it('round-trips any fields and files (property)', async () => {
    const name = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !/[\r\n"]/.test(s));
    const value = fc.oneof(
      fc.string({ maxLength: 40 }).map((s) => s.replace(/\r\n?/g, '\n').replace(/\r/g, '')),
      fc.uint8Array({ maxLength: 200 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(name, value), { maxLength: 8 }), async (entries) => {
        const form = new FormData();
        for (const [k, v] of entries)
          if (typeof v === 'string') form.append(k, v);
          else form.append(k, new Blob([v]), 'f.bin');
        const { raw, type } = await encoded(form);
        if (raw.length === 0) return;
        const body = parseWebhookBody(raw, type).body as Record<string, unknown>;
        const want = new Map<string, unknown[]>();
        for (const [k, v] of entries)
          want.set(k, [
            ...(want.get(k) ?? []),
            typeof v === 'string' ? v.replace(/\n/g, '\r\n') : { filename: 'f.bin', contentType: 'application/octet-stream', data: v },
          ]);
        for (const [k, vs] of want) expect(body[k]).toEqual(vs.length === 1 ? vs[0] : vs);
        expect(Object.keys(body).length).toBe(want.size);
      }),
      { numRuns: 100 },
    );
  });

  it('reads quoted and RFC 5987 names, padding after boundaries and a preamble', () => {
    const raw =
      'preamble\r\n--XyZ  \r\nContent-Disposition: form-data; name="a;b"; filename*=UTF-8\'\'%E2%82%AC.txt\r\n\r\nhi\r\n--XyZ\r\ncontent-disposition: FORM-DATA; name=plain\r\n\r\nv\r\n--XyZ--\r\nepilogue';
    expect(parse(raw, 'multipart/form-data; boundary="XyZ"')).toEqual({
      'a;b': { filename: '€.txt', contentType: 'application/octet-stream', data: new Uint8Array(Buffer.from('hi')) },
      plain: 'v',
    });
  });

  it('reads parameters as browsers and curl write them', () => {
    expect(headerParam('form-data; name="up"; filename="C:\\dir\\f.txt"', 'filename')).toBe('C:\\dir\\f.txt');
    expect(headerParam('form-data; name="a\\"; filename="f"', 'name')).toBe('a\\');
    expect(headerParam('form-data; name="say \\"hi\\""', 'name')).toBe('say "hi"');
    expect(headerParam('form-data; flag; name=x', 'name')).toBe('x');
    expect(headerParam('form-data; filename="name=y"; name="z"', 'name')).toBe('z');
  });

  it('refuses malformed bodies with 400 saying what is wrong', () => {
    const mp = (body: string, type = 'multipart/form-data; boundary=b') => failure(() => parse(body, type));
    expect(mp('x', 'multipart/form-data').message).toMatch(/no boundary parameter/);
    expect(mp('no delimiter here').message).toMatch(/no boundary line "--b"/);
    expect(mp('--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nunfinished').message).toMatch(/ends before its closing boundary/);
    expect(mp('--b\r\nContent-Disposition: form-data; name="a"').message).toMatch(/ends inside the headers/);
    expect(mp('--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--').message).toMatch(/part 1 has no Content-Disposition/);
    expect(mp('--b\r\nContent-Disposition: form-data; filename="f"\r\n\r\nx\r\n--b--').message).toMatch(/part 1 has no name/);
    expect(mp('--b\r\nContent-Disposition: attachment; name="a"\r\n\r\nx\r\n--b--').message).toMatch(/not form-data/);
    expect(mp('--b\r\nbroken header\r\n\r\nx\r\n--b--').message).toMatch(/malformed header line/);
    expect(mp('--bxyz').message).toMatch(/followed by something other than a line break/);
    expect(mp(`--b\r\nX: ${'y'.repeat(20_000)}\r\n\r\nx\r\n--b--`).message).toMatch(/headers of multipart part 1 are longer than/);
  });

  it(`caps the parts at ${MAX_FIELDS} (413)`, () => {
    const part = '--b\r\nContent-Disposition: form-data; name="a"\r\n\r\n\r\n';
    expect((parse(part.repeat(MAX_FIELDS) + '--b--', 'multipart/form-data; boundary=b') as any).a).toHaveLength(MAX_FIELDS);
    expect(failure(() => parse(part.repeat(MAX_FIELDS + 1) + '--b--', 'multipart/form-data; boundary=b')).code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('never fails with anything but a 400/413 on arbitrary bytes (property)', () => {
    const chunk = fc.constantFrom('--b', '\r\n', '\r\n\r\n', 'Content-Disposition: form-data; name="a"', '; filename="f"', 'x', '--', ' ', ':');
    fc.assert(
      fc.property(fc.array(fc.oneof(chunk, fc.string({ maxLength: 5 })), { maxLength: 30 }), (chunks) => {
        try {
          parse(chunks.join(''), 'multipart/form-data; boundary=b');
        } catch (e) {
          expect(e).toBeInstanceOf(ApiError);
          expect([400, 413]).toContain((e as ApiError).status);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('other bodies', () => {
  it('octet-stream is Binary (a Uint8Array of exactly the bytes), text and unknown types a String, empty null', () => {
    const b = parse(new Uint8Array([0, 255, 7]), 'application/octet-stream') as Uint8Array;
    expect(b).toEqual(new Uint8Array([0, 255, 7]));
    expect(b.constructor).toBe(Uint8Array);
    expect(parse('hello', 'text/plain')).toBe('hello');
    expect(parse('hello')).toBe('hello');
    expect(parse('', 'application/octet-stream')).toBeNull();
    expect(parse('', 'multipart/form-data')).toBeNull();
  });
  it('JSON as before: parsed, 400 INVALID_JSON when it is not', () => {
    expect(parseWebhookBody(Buffer.from('{"a":[1]}'), 'application/json')).toEqual({ body: { a: [1] }, json: '{"a":[1]}' });
    expect(failure(() => parse('{', 'application/json')).code).toBe('INVALID_JSON');
    expect(failure(() => parse('['.repeat(600) + ']'.repeat(600), 'application/json')).message).toMatch(/deeper than 512/);
  });
});

describe('events with Binary values as JSON (the queue)', () => {
  it('round-trip their bytes; events without are plain JSON', () => {
    const event = {
      body: { f: { filename: 'a', contentType: 'x/y', data: new Uint8Array([1, 2]) }, many: [{ data: new Uint8Array([3]) }, 'text'], s: 'AQI=' },
      headers: { a: 'b' },
    };
    expect(eventFromJson(eventToJson(event))).toEqual(event);
    expect(eventFromJson(eventToJson({ body: new Uint8Array([9]) }))).toEqual({ body: new Uint8Array([9]) });
    expect(eventToJson({ body: { a: 'AQI=' } })).toBe('{"body":{"a":"AQI="}}');
    expect(eventFromJson('{"body":{"a":"AQI="}}')).toEqual({ body: { a: 'AQI=' } });
  });
});
