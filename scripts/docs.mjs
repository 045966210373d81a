// Regenerates the generated parts of docs/ from the code (run after `npm run build`).
import { writeFileSync } from 'node:fs';
import { renderErrorsDoc } from '../dist/errors/doc.js';

writeFileSync(new URL('../docs/errors.md', import.meta.url), renderErrorsDoc());
console.log('wrote docs/errors.md');
