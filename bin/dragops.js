#!/usr/bin/env node
// The published entry point: the CLI bundled into dist/dragops.mjs by `npm install` (`prepare` → build).
import { main } from '../dist/dragops.mjs';

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`dragops: ${err && err.message ? err.message : err}\n`);
    process.exitCode = 1;
  },
);
