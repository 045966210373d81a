// Regenerates the generated parts of docs/ from the code (run after `npm run build`).
import { writeFileSync } from 'node:fs';
import { renderErrorsDoc } from '../dist/errors/doc.js';
import { renderNodesDoc } from '../dist/nodes/doc.js';

writeFileSync(new URL('../docs/errors.md', import.meta.url), renderErrorsDoc());
console.log('wrote docs/errors.md');
writeFileSync(new URL('../docs/nodes.md', import.meta.url), renderNodesDoc());
console.log('wrote docs/nodes.md');
