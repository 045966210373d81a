#!/usr/bin/env node
// The published entry point: the compiled CLI lives in dist/ (built by `npm install` through `prepare`).
import { main } from '../dist/cli/main.js';

main(process.argv).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`dragops: ${err && err.message ? err.message : err}\n`); process.exitCode = 1; },
);
