// XML to plain data with fast-xml-parser, in a shape documented on ParseXML. Safe by configuration:
// the DTD is read past but never used (no entity from it is expanded, so "billion laughs" and
// external entities are inert), only the five XML entities and numeric character references are
// decoded, nesting is bounded, and element names such as `__proto__` are plain keys.
import { DragopsError, defineData } from '../sdk/index.js';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { checkText } from './shared.js';

export const MAX_XML_DEPTH = 500;

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const REFERENCE = /&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9._-]*));/g;

function decodeReferences(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(REFERENCE, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name !== undefined) return Object.hasOwn(XML_ENTITIES, name) ? XML_ENTITIES[name]! : whole; // unknown: kept as written
    const cp = dec !== undefined ? parseInt(dec, 10) : parseInt(hex!, 16);
    const allowed = cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff));
    return allowed ? String.fromCodePoint(cp) : whole;
  });
}

// Every element name is given a leading space (never part of an XML name) on its way through the
// parser, so no name can collide with the text key or trip the library's reserved-name checks; the
// converter below takes it off again and stores the name as a plain own key.
const MARK = ' ';
// (A self-closing element's name goes through the transform twice: strip every leading mark.)
const LEADING_MARKS = /^ +/;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: { enabled: true, maxEntityCount: Number.MAX_SAFE_INTEGER, maxEntitySize: Number.MAX_SAFE_INTEGER },
  entityDecoder: {
    setExternalEntities: () => {},
    addInputEntities: () => {}, // entities declared in the document's DTD are never expanded
    reset: () => {},
    setXmlVersion: () => {},
    decode: decodeReferences,
  },
  transformTagName: (name) => MARK + name,
  transformAttributeName: (name) => MARK + name,
  maxNestedTags: MAX_XML_DEPTH,
  strictReservedNames: false,
  jPath: false,
});

type Ordered = Record<string, unknown>[];

function element(children: Ordered, attributes: Record<string, string> | undefined): unknown {
  const out: Record<string, unknown> = {};
  let text = '';
  let structured = false;
  if (attributes) {
    for (const k of Object.keys(attributes)) {
      defineData(out, '@' + k.replace(LEADING_MARKS, ''), attributes[k]);
      structured = true;
    }
  }
  for (const child of children) {
    let name: string | undefined;
    for (const k of Object.keys(child)) {
      if (k === '#text') text += String(child[k]);
      else if (k.startsWith(MARK)) name = k;
    }
    if (name === undefined) continue;
    structured = true;
    const value = element(child[name] as Ordered, child[':@'] as Record<string, string> | undefined);
    const key = name.replace(LEADING_MARKS, '');
    if (!Object.hasOwn(out, key)) defineData(out, key, value);
    else {
      const prev = out[key];
      if (Array.isArray(prev)) prev.push(value);
      else defineData(out, key, [prev, value]);
    }
  }
  text = text.trim();
  if (!structured) return text;
  if (text !== '') defineData(out, '#text', text);
  return out;
}

export function parseXml(text: string): Record<string, unknown> {
  checkText(text);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') throw new DragopsError('NODE_ERROR', 'invalid XML: the text is empty');
  const valid = XMLValidator.validate(body);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    throw new DragopsError('NODE_ERROR', `invalid XML at line ${line}, column ${col}: ${msg}`, { details: { line, column: col } });
  }
  let doc: Ordered;
  try {
    doc = parser.parse(body) as Ordered;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (/nested tags/i.test(message)) throw new DragopsError('LIMIT_EXCEEDED', `the XML nests elements more than ${MAX_XML_DEPTH} deep`, { cause: e });
    throw new DragopsError('NODE_ERROR', `invalid XML: ${message}`, { cause: e });
  }
  const roots = doc.filter((entry) => Object.keys(entry).some((k) => k.startsWith(MARK)));
  if (roots.length !== 1)
    throw new DragopsError(
      'NODE_ERROR',
      roots.length === 0 ? 'invalid XML: no root element' : `invalid XML: ${roots.length} root elements; a document has exactly one`,
    );
  const root = roots[0]!;
  const name = Object.keys(root).find((k) => k.startsWith(MARK))!;
  const out: Record<string, unknown> = {};
  defineData(out, name.replace(LEADING_MARKS, ''), element(root[name] as Ordered, root[':@'] as Record<string, string> | undefined));
  return out;
}
