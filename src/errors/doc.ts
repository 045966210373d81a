// Renders docs/errors.md from the catalog; `npm run docs` writes it and a test keeps it in step.
import { ERRORS, type Kind } from './catalog.js';

const SECTIONS: [Kind, string, string][] = [
  [
    'compile',
    'Compile diagnostics',
    'Reported by `dragops check`, `POST /api/patterns/:id/validate` and a failed deploy, each with `nodeId`, `pin` and the JSON `path` where they apply. All problems are reported in one pass; warnings never block a deploy.',
  ],
  [
    'runtime',
    'Execution errors',
    'The `error.code` of a failed (or timed-out) execution, with `message`, `type` and the `nodeId` at fault. All but TIMEOUT, INTERRUPTED and EXECUTION_CRASHED can be caught with TryCatch or Retry.',
  ],
  ['cli', 'Command line', 'One line on standard error and exit code 2.'],
  ['api', 'API', 'In `{"success":false,"error":{"code","message","details"}}` bodies.'],
];

export function renderErrorsDoc(): string {
  const out = [
    '# Errors',
    '',
    '<!-- Generated from src/errors/catalog.ts by `npm run docs`; a test fails when this file is stale. -->',
    '',
    'Every error has a stable code. `fault` says who has to act: `user` (the pattern or the request is',
    'wrong), `external` (a service the pattern talks to failed) or `engine` (a bug in dragops). The circuit',
    'breaker and retries count only `external` and `engine` faults of executions, never client mistakes:',
    'an execution that fails by a `user` fault (ThrowError, a conversion, its deadline) is not retried',
    '(it ends `failed`, never `dead_letter`) and the breaker leaves it out (`countsAsFailure` in',
    '`src/errors/catalog.ts`).',
  ];
  for (const [kind, title, intro] of SECTIONS) {
    out.push('', `## ${title}`, '', intro, '', '| code | HTTP | fault | meaning |', '|---|---|---|---|');
    for (const [code, s] of Object.entries(ERRORS)) {
      if (s.kind === kind) out.push(`| \`${code}\` | ${s.status} | ${s.fault} | ${s.doc.replace(/\|/g, '\\|')} |`);
    }
  }
  return out.join('\n') + '\n';
}
