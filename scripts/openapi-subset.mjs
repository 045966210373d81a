// Cuts a vendor's OpenAPI document down to some operations, for a pack generated from it
// (packs/openapi/README.md says which document each file of packs/openapi/ was cut from):
//
//   node scripts/openapi-subset.mjs SOURCE OUT op1,op2,…
//
// SOURCE is the vendor's document (JSON or YAML), OUT the JSON file written. It keeps, unchanged and
// in the source's order: `openapi`, `info`, `servers`, the global `security`, `externalDocs`; the
// chosen operations (by operationId, with their path items' parameters); the tags they use; and
// every component they reach through `$ref`, transitively, with the security schemes they (or the
// document) ask for. Nothing else is edited, so the pack generated from OUT is the pack generated
// from SOURCE for the same operations. Adds `x-dragops-subset`: the source and the operations.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'yaml';

const [source, out, list, label] = process.argv.slice(2);
if (!source || !out || !list) {
  process.stderr.write('usage: node scripts/openapi-subset.mjs SOURCE OUT op1,op2,… [SOURCE-LABEL]\n');
  process.exit(2);
}
const text = readFileSync(source, 'utf8');
const doc = source.endsWith('.json') ? JSON.parse(text) : parse(text);
const wanted = list
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

// The chosen operations, in the source's order of paths and methods.
const paths = {};
const found = new Set();
for (const [path, item] of Object.entries(doc.paths ?? {})) {
  const kept = {};
  for (const [k, v] of Object.entries(item)) {
    if (METHODS.includes(k)) {
      if (wanted.includes(v.operationId)) {
        kept[k] = v;
        found.add(v.operationId);
      }
    } else kept[k] = v; // parameters, summary, servers…
  }
  if (Object.keys(kept).some((k) => METHODS.includes(k))) paths[path] = kept;
}
const missing = wanted.filter((w) => !found.has(w));
if (missing.length > 0) {
  process.stderr.write(`${source}: no operation ${missing.join(', ')}\n`);
  process.exit(1);
}

// Every component reachable from them.
const reached = new Map(); // "schemas/name" → true
const walk = (v) => {
  if (Array.isArray(v)) return v.forEach(walk);
  if (v === null || typeof v !== 'object') return;
  for (const [k, x] of Object.entries(v)) {
    if (k === '$ref' && typeof x === 'string' && x.startsWith('#/components/')) {
      const [section, ...rest] = x.slice('#/components/'.length).split('/');
      const name = rest.join('/').replace(/~1/g, '/').replace(/~0/g, '~');
      const key = `${section}/${name}`;
      if (!reached.has(key)) {
        reached.set(key, true);
        walk(doc.components?.[section]?.[name]);
      }
    } else walk(x);
  }
};
walk(paths);

// Security schemes: the global requirement's and the operations'.
const schemes = new Set();
for (const r of doc.security ?? []) for (const n of Object.keys(r)) schemes.add(n);
for (const item of Object.values(paths))
  for (const [k, op] of Object.entries(item)) if (METHODS.includes(k)) for (const r of op.security ?? []) for (const n of Object.keys(r)) schemes.add(n);
for (const n of schemes) reached.set(`securitySchemes/${n}`, true);

const components = {};
for (const [section, entries] of Object.entries(doc.components ?? {})) {
  const kept = Object.fromEntries(Object.entries(entries).filter(([name]) => reached.has(`${section}/${name}`)));
  if (Object.keys(kept).length > 0) components[section] = kept;
}
const usedTags = new Set(Object.values(paths).flatMap((item) => Object.entries(item).flatMap(([k, op]) => (METHODS.includes(k) ? (op.tags ?? []) : []))));

const subset = {
  openapi: doc.openapi,
  info: doc.info,
  ...(doc.servers ? { servers: doc.servers } : {}),
  ...(doc.security ? { security: doc.security } : {}),
  ...(doc.tags ? { tags: doc.tags.filter((t) => usedTags.has(t.name)) } : {}),
  paths,
  components,
  ...(doc.externalDocs ? { externalDocs: doc.externalDocs } : {}),
  'x-dragops-subset': { source: label ?? basename(source), operations: wanted },
};
writeFileSync(out, JSON.stringify(subset, null, 2) + '\n');
process.stdout.write(`${out}: ${found.size} operations, ${reached.size} components\n`);
