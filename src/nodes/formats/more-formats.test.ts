// CSV, XML, query strings and URLs: edge cases (empty, null, unicode, __proto__ keys, huge inputs).
import { describe, expect, it } from 'vitest';
import { DragopsError } from '../../errors/error.js';
import { callNode } from '../testing.js';
import { pattern, run } from '../../../test/helpers.js';
import ParseCSV from './ParseCSV.js';
import ToCSV from './ToCSV.js';
import ParseXML from './ParseXML.js';
import ParseQueryString from './ParseQueryString.js';
import BuildQueryString from './BuildQueryString.js';
import ParseURL from './ParseURL.js';

const error = (f: () => unknown): DragopsError => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DragopsError);
    return e as DragopsError;
  }
  throw new Error('expected a DragopsError');
};

describe('ParseCSV', () => {
  const csv = (text: string, more: Record<string, unknown> = {}) => callNode(ParseCSV, { text, ...more });
  it('quotes, doubled quotes, line breaks in fields, CRLF and CR, BOM, empty lines', () => {
    expect(csv('\ufeffa,b\r\n"x, ""y""\nz",2\r\n\r\n3,4\r5,6\n')).toEqual([
      { a: 'x, "y"\nz', b: '2' },
      { a: '3', b: '4' },
      { a: '5', b: '6' },
    ]);
  });
  it('short rows get "" and extra fields are dropped; values stay strings', () => {
    expect(csv('a,b,c\n1\n1,2,3,4\n')).toEqual([
      { a: '1', b: '', c: '' },
      { a: '1', b: '2', c: '3' },
    ]);
  });
  it('header only, empty text, no header', () => {
    expect(csv('a,b\n')).toEqual([]);
    expect(csv('')).toEqual([]);
    expect(csv('', { header: false })).toEqual([]);
    expect(csv('1,2\n3', { header: false })).toEqual([['1', '2'], ['3']]);
  });
  it('other delimiters, also several characters; a stray quote inside a field is kept', () => {
    expect(csv('a\tb\n1\t2', { delimiter: '\t' })).toEqual([{ a: '1', b: '2' }]);
    expect(csv('a||b\n1||2', { delimiter: '||' })).toEqual([{ a: '1', b: '2' }]);
    expect(csv('a,b\nx"y,2')).toEqual([{ a: 'x"y', b: '2' }]);
  });
  it('unicode survives', () => {
    expect(csv('名前,emoji\n"Zoë",👍')).toEqual([{ 名前: 'Zoë', emoji: '👍' }]);
  });
  it('__proto__ and constructor headers are plain own keys', () => {
    const rows = csv('__proto__,constructor\n{"x":1},2') as Record<string, unknown>[];
    expect(Object.keys(rows[0]!)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(rows[0])).toBe(Object.prototype);
    expect(rows[0]!['__proto__']).toBe('{"x":1}');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
  it('duplicate column names: the last wins', () => {
    expect(csv('a,a\n1,2')).toEqual([{ a: '2' }]);
  });
  it('errors: unterminated quote (with the line), empty delimiter', () => {
    const e = error(() => csv('a,b\n1,2\n"open,3\n'));
    expect(e.code).toBe('NODE_ERROR');
    expect(e.message).toMatch(/invalid CSV: .*quote/i);
    expect(error(() => csv('a', { delimiter: '' })).message).toMatch(/delimiter is empty/);
  });
  it('too many rows is LIMIT_EXCEEDED, not a crash', () => {
    const e = error(() => csv('x\n'.repeat(1_000_002), { header: false }));
    expect(e.code).toBe('LIMIT_EXCEEDED');
  }, 60_000);
});

describe('ToCSV', () => {
  const toCsv = (rows: unknown, more: Record<string, unknown> = {}) => callNode(ToCSV, { rows, ...more });
  it('object rows: union of keys, header, quoting, nulls, nested values as JSON, binary as base64', () => {
    expect(
      toCsv([
        { a: 'x,y', b: 'say "hi"' },
        { c: 'line\nbreak', a: null },
        { b: { n: [1] }, c: new Uint8Array([1, 2]), d: true },
      ]),
    ).toBe('a,b,c,d\n"x,y","say ""hi""",,\n,,"line\nbreak",\n,"{""n"":[1]}",AQI=,true\n');
  });
  it('without header, with another delimiter', () => {
    expect(toCsv([{ a: 1, b: 2 }], { header: false, delimiter: ';' })).toBe('1;2\n');
    expect(toCsv([['a;b', 1]], { delimiter: ';' })).toBe('"a;b";1\n');
  });
  it('empty and null give ""', () => {
    expect(toCsv([])).toBe('');
    expect(toCsv(null)).toBe('');
    expect(toCsv([{}])).toBe('\n');
  });
  it('a row that is not an object or array is an error naming it', () => {
    expect(error(() => toCsv([{ a: 1 }, 5])).message).toMatch(/row 1 is a number/);
    expect(error(() => toCsv([null])).message).toMatch(/row 0 is null/);
  });
  it('__proto__ keys are columns like any other; round trip with ParseCSV', () => {
    const rows = JSON.parse('[{"__proto__":"p","constructor":"c","ü":"👍"}]');
    const text = toCsv(rows) as string;
    expect(text).toBe('__proto__,constructor,ü\np,c,👍\n');
    expect(callNode(ParseCSV, { text })).toEqual(rows);
  });
});

describe('ParseXML', () => {
  const xml = (text: string) => callNode(ParseXML, { text });
  it('attributes, repeated children, text with children, CDATA, comments, namespaces', () => {
    expect(xml('<a x="1 &amp; &#65;"><b>1</b><!-- c --><b>2</b>tail<c/><d><![CDATA[<raw>]]></d><ns:e xmlns:ns="u">v</ns:e></a>')).toEqual({
      a: { '@x': '1 & A', b: ['1', '2'], c: '', d: '<raw>', 'ns:e': { '@xmlns:ns': 'u', '#text': 'v' }, '#text': 'tail' },
    });
  });
  it('entities: the five XML ones and character references; unknown ones are kept as written', () => {
    expect(xml('<t>&lt;&gt;&amp;&quot;&apos; &#x1F44D; &#233; &nbsp; &#0;</t>')).toEqual({ t: `<>&"' 👍 é &nbsp; &#0;` });
  });
  it('billion laughs: DTD entities are never expanded', () => {
    const lol =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' +
      Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('') +
      ']><lolz>&lol9;&lol;</lolz>';
    const t0 = Date.now();
    expect(xml(lol)).toEqual({ lolz: '&lol9;&lol;' });
    expect(Date.now() - t0).toBeLessThan(1000);
  });
  it('external entities are refused', () => {
    expect(error(() => xml('<!DOCTYPE f [<!ENTITY x SYSTEM "file:///etc/passwd">]><f>&x;</f>')).code).toBe('NODE_ERROR');
  });
  it('__proto__, constructor and #text as names are plain data', () => {
    const v = xml('<a __proto__="1"><__proto__><polluted>1</polluted></__proto__><constructor>c</constructor><prototype/></a>') as any;
    expect(Object.keys(v.a)).toEqual(['@__proto__', '__proto__', 'constructor', 'prototype']);
    expect(v.a.__proto__).toEqual({ polluted: '1' });
    expect(Object.getPrototypeOf(v.a)).toBe(Object.prototype);
    expect(({} as any).polluted).toBeUndefined();
  });
  it('malformed XML gives line and column; empty text and several roots are errors', () => {
    const e = error(() => xml('<a>\n<b></a>'));
    expect(e.message).toMatch(/invalid XML at line 2, column \d+/);
    expect(error(() => xml('')).message).toMatch(/empty/);
    expect(error(() => xml('plain text')).code).toBe('NODE_ERROR');
    expect(error(() => xml('<a/><b/>')).message).toMatch(/2 root elements/);
  });
  it('unicode and a byte-order mark', () => {
    expect(xml('\ufeff<名前 属性="ü">👍</名前>')).toEqual({ 名前: { '@属性': 'ü', '#text': '👍' } });
  });
  it('deep nesting is LIMIT_EXCEEDED', () => {
    expect(error(() => xml('<a>'.repeat(10_000) + '</a>'.repeat(10_000))).code).toBe('LIMIT_EXCEEDED');
  });
  it('text over the limit is LIMIT_EXCEEDED', () => {
    expect(error(() => xml('<a>' + 'x'.repeat(17 * 1024 * 1024) + '</a>')).code).toBe('LIMIT_EXCEEDED');
  });
});

describe('query strings', () => {
  const parse = (text: string) => callNode(ParseQueryString, { text });
  const build = (object: unknown) => callNode(BuildQueryString, { object });
  it('parse: repeated keys, +, empty values, malformed escapes, unicode', () => {
    expect(parse('a=1&a=2&a=3&b=x+y%21&c&d=&e=%ZZ&f=%E2%9C%93')).toEqual({ a: ['1', '2', '3'], b: 'x y!', c: '', d: '', e: '%ZZ', f: '✓' });
    expect(parse('')).toEqual({});
    expect(parse('?')).toEqual({});
  });
  it('parse: __proto__ is a plain key', () => {
    const v = parse('__proto__=1&constructor=2&__proto__=3') as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(['__proto__', 'constructor']);
    expect(v['__proto__']).toEqual(['1', '3']);
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
  });
  it('build: arrays repeat, nulls left out, objects as JSON, reserved characters encoded', () => {
    expect(build({ a: [1, null, 'x'], b: null, c: true, d: { e: 1 }, 'k&=': 'v&=?#/ ' })).toBe(
      'a=1&a=x&c=true&d=%7B%22e%22%3A1%7D&k%26%3D=v%26%3D%3F%23%2F%20',
    );
    expect(build({})).toBe('');
    expect(build(null)).toBe('');
  });
  it('build: a lone surrogate is an error, not a crash', () => {
    expect(error(() => build({ a: '\ud800' })).code).toBe('NODE_ERROR');
  });
  it('round trip', () => {
    const v = { q: 'café & croissant', tags: ['a b', 'ü'], __proto__x: '1' };
    expect(parse(build(v) as string)).toEqual(v);
  });
});

describe('ParseURL', () => {
  const url = (u: string) => callNode(ParseURL, { url: u }) as Record<string, unknown>;
  it('default ports, IPv6, credentials are not exposed, unicode host in punycode', () => {
    expect(url('https://user:pw@[::1]/x').hostname).toBe('[::1]');
    expect(url('https://user:pw@[::1]/x').port).toBe(443);
    expect(url('https://bücher.example/ä?x=ü')).toMatchObject({ hostname: 'xn--bcher-kva.example', path: '/%C3%A4', query: { x: 'ü' } });
    expect(url('mailto:someone@example.com')).toMatchObject({ protocol: 'mailto', port: null, host: '', path: 'someone@example.com', origin: '' });
  });
  it('an invalid or relative URL is NODE_ERROR', () => {
    for (const bad of ['', 'not a url', '/relative/path', 'http://', 'https://exa mple.com']) {
      const e = error(() => url(bad));
      expect(e.code).toBe('NODE_ERROR');
      expect(e.message).toMatch(/not an absolute URL/);
    }
  });
});

describe('formats through the compiler', () => {
  it('ParseURL outputs and a CSV round trip in a pattern', async () => {
    const doc = pattern(
      [
        { id: 'start', type: 'OnStart' },
        { id: 'url', type: 'ParseURL', defaults: { url: 'https://example.com:8080/p?a=1' } },
        { id: 'csv', type: 'ParseCSV', defaults: { text: 'a,b\n1,2' } },
        { id: 'out', type: 'ToCSV' },
        { id: 'log1', type: 'Log' },
        { id: 'log2', type: 'Log' },
      ],
      ['start.then -> log1.exec', 'log1.then -> log2.exec', 'url.port -> log1.message', 'csv.rows -> out.rows', 'out.text -> log2.message'],
    );
    const r = await run(doc);
    expect(r.status).toBe('completed');
    expect(r.logs.map((l) => l.message)).toEqual(['8080', 'a,b\n1,2\n']);
  });
  it('a CSV error names the node', async () => {
    const doc = pattern(
      [
        { id: 'start', type: 'OnStart' },
        { id: 'csv', type: 'ParseCSV', defaults: { text: '"open' } },
        { id: 'log', type: 'Log' },
      ],
      ['start.then -> log.exec', 'csv.rows -> log.message'],
    );
    const r = await run(doc);
    expect(r.status).toBe('failed');
    expect(r.error).toMatchObject({ code: 'NODE_ERROR', nodeId: 'csv' });
  });
});
