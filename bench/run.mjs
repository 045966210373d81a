// Runs every benchmark of the pattern language and writes bench/results/latest.json and a Markdown
// summary to stdout. Build first (`npm run build`); run on an otherwise idle machine.
//   node bench/run.mjs            all three
//   node bench/run.mjs w1 loop    some of them
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { benchCompile } from './compile.mjs';
import { benchLoop } from './loop.mjs';
import { benchW1 } from './w1.mjs';

const which = process.argv.slice(2);
const want = (k) => which.length === 0 || which.includes(k);
const results = { when: new Date().toISOString(), node: process.version, cpu: os.cpus()[0]?.model, cores: os.cpus().length };

const table = (rows) => {
  const keys = Object.keys(rows[0]);
  return [`| ${keys.join(' | ')} |`, `|${keys.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${keys.map((k) => r[k]).join(' | ')} |`)].join('\n');
};

if (want('compile')) {
  results.compile = await benchCompile();
  console.log('\n### (a) compile time (goal: 1,000 nodes < 50 ms)\n\n' + table(results.compile));
}
if (want('loop')) {
  results.loop = await benchLoop();
  console.log('\n### (b) 1,000,000-iteration loop vs hand-written JS (goal: within 3×)\n\n' + table(results.loop));
}
if (want('w1')) {
  results.w1 = await benchW1();
  console.log('\n### (c) W1 ×100,000 in-process vs hand-written function (goal: within 2×)\n\n' + table(results.w1));
}
mkdirSync(new URL('results/', import.meta.url), { recursive: true });
writeFileSync(new URL('results/latest.json', import.meta.url), JSON.stringify(results, null, 2) + '\n');
console.log(`\n(${results.node}, ${results.cpu}, ${results.cores} cores; written to bench/results/latest.json)`);
