// Bundles the CLI and the execution worker (each with everything it imports, dependencies included) into one file each: Node's ESM loader
// spends ~0.4 s resolving and reading ~200 small modules; one file starts in ~0.1 s.
import { build } from 'esbuild';

const bundle = (entry, outfile) =>
  build({
    entryPoints: [new URL(entry, import.meta.url).pathname],
    outfile: new URL(outfile, import.meta.url).pathname,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    // Native addons load their .node file relative to their own package: keep them outside. The
    // OpenAPI parser (with its JSON Schema validators) is only for `pack from-openapi`, which
    // imports it when it runs: left out, it costs the other commands nothing.
    external: ['better-sqlite3', 'pg-native', '@readme/openapi-parser'],
    // Some dependencies are CommonJS and `require` Node built-ins.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });

await bundle('../dist/cli/main.js', '../dist/dragops.mjs');
// The execution worker (src/isolation/worker.ts): a thread starts from one file in ~50 ms.
await bundle('../dist/isolation/worker.js', '../dist/executor.mjs');
