// SPEC §4 pins of the Data Formats, Date/Time, HTTP and Encoding & Crypto nodes (a contract: other
// tools depend on these ids), and the metadata every one of them needs.
import { describe, expect, it } from 'vitest';
import { createRegistry } from '../src/nodes/index.js';
import { CATEGORIES, pinsOf, type NodeDefinition } from '../src/nodes/define.js';
import { configOf, TEST_ENV } from '../src/nodes/testing.js';
import formats from '../src/nodes/formats/index.js';
import datetime from '../src/nodes/datetime/index.js';
import http from '../src/nodes/http/index.js';
import encoding from '../src/nodes/encoding/index.js';

/** type → [inputs, outputs] (`id:Type`, `=default` where SPEC or the brief gives one). */
const CONTRACT: Record<string, [string, string]> = {
  ParseCSV: ['text:String delimiter:String="," header:Boolean=true', 'rows:Array'],
  ToCSV: ['rows:Array delimiter:String="," header:Boolean=true', 'text:String'],
  ParseXML: ['text:String', 'value:Any'],
  ParseQueryString: ['text:String', 'result:Object'],
  BuildQueryString: ['object:Object', 'result:String'],
  ParseURL: ['url:String', 'protocol:String host:String hostname:String port:Integer path:String query:Object hash:String origin:String'],
  Now: ['', 'value:DateTime'],
  FormatDate: ['date:DateTime format:String="yyyy-MM-dd HH:mm:ss" timezone:String="UTC" locale:String="en-US"', 'result:String'],
  ParseDate: ['text:String format:String="" timezone:String="UTC" locale:String="en-US"', 'result:DateTime'],
  AddDuration: ['date:DateTime amount:Float unit:Enum="days" timezone:String="UTC"', 'result:DateTime'],
  DateDiff: ['a:DateTime b:DateTime unit:Enum="days" timezone:String="UTC"', 'result:Float'],
  StartOf: ['date:DateTime unit:Enum="day" timezone:String="UTC"', 'result:DateTime'],
  ToUnixTime: ['date:DateTime', 'result:Integer'],
  FromUnixTime: ['seconds:Float', 'result:DateTime'],
  DayOfWeek: ['date:DateTime timezone:String="UTC"', 'result:Integer'],
  HTTPRequest: ['url:String method:Enum="GET" headers:Object={} body:Any=null timeoutSeconds:Float=30', 'status:Integer headers:Object body:Any'],
  BuildURL: ['base:String path:String="" query:Object={}', 'result:String'],
  Base64Encode: ['value:Any urlSafe:Boolean=false', 'result:String'],
  Base64Decode: ['value:String as:Enum="text"', 'result:Any'],
  URLEncode: ['value:String', 'result:String'],
  URLDecode: ['value:String', 'result:String'],
  Hash: ['value:Any algorithm:Enum="sha256" encoding:Enum="hex"', 'result:String'],
  HMAC: ['value:Any key:Any algorithm:Enum="sha256" encoding:Enum="hex"', 'result:String'],
  UUID: ['', 'result:String'],
  RandomString: ['length:Integer=16 charset:String="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"', 'result:String'],
};

const pins = (d: NodeDefinition, which: 'inputs' | 'outputs') =>
  pinsOf(d[which], configOf(d), TEST_ENV)
    .map((p) => `${p.id}:${p.type}${p.default === undefined ? '' : `=${JSON.stringify(p.default)}`}`)
    .join(' ');

const MINE = [...formats, ...datetime, ...http, ...encoding].filter((d) => !['ParseJSON', 'StringifyJSON', 'RespondToWebhook'].includes(d.type));

describe('the contract pins', () => {
  const registry = createRegistry();
  it.each(Object.entries(CONTRACT))('%s', (type, [inputs, outputs]) => {
    const d = registry.get(type);
    expect(d, type).toBeDefined();
    expect(pins(d!, 'inputs')).toBe(inputs);
    expect(pins(d!, 'outputs')).toBe(outputs);
  });
  it('enum options', () => {
    const opt = (type: string, pin: string) => pinsOf(registry.get(type)!.inputs, {}, TEST_ENV).find((p) => p.id === pin)!.options;
    expect(opt('HTTPRequest', 'method')).toEqual(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
    expect(opt('Hash', 'algorithm')).toEqual(['md5', 'sha1', 'sha256', 'sha512']);
    expect(opt('HMAC', 'algorithm')).toEqual(['md5', 'sha1', 'sha256', 'sha512']);
    expect(opt('AddDuration', 'unit')).toEqual(['milliseconds', 'seconds', 'minutes', 'hours', 'days', 'weeks', 'months', 'years']);
  });
  it('HTTPRequest is impure and asynchronous with exec in and then; the rest are pure', () => {
    for (const d of MINE) {
      if (d.type === 'HTTPRequest') {
        expect([d.execIn, d.async, d.execOut]).toEqual([true, true, ['then']]);
      } else {
        expect([d.type, d.execIn, d.async, d.execOut]).toEqual([d.type, false, false, []]);
      }
    }
  });
});

describe('metadata', () => {
  it.each(MINE.map((d) => [d.type, d] as const))('%s', (_t, d) => {
    expect(CATEGORIES).toContain(d.category);
    expect(d.label).toMatch(/^[A-Z][A-Za-z0-9]*( [A-Z][A-Za-z0-9]*)*$/);
    expect(d.description).toMatch(/^\S.*\.$/s);
    expect(d.description.length).toBeGreaterThan(60);
    if (d.deterministic) expect(d.examples.length).toBeGreaterThan(0);
    expect(d.examples.length).toBeLessThanOrEqual(3);
    expect(JSON.parse(JSON.stringify(d.examples))).toEqual(d.examples);
    for (const p of [...pinsOf(d.inputs, configOf(d), TEST_ENV), ...pinsOf(d.outputs, configOf(d), TEST_ENV)]) {
      expect(p.id).toMatch(/^[a-z][A-Za-z0-9]*$/);
      if (p.type === 'Enum') {
        expect(p.options?.length).toBeGreaterThan(0);
        if (p.default !== undefined) expect(p.options).toContain(p.default);
      }
    }
  });
});
