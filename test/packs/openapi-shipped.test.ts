// The packs generated from a vendor's OpenAPI document (packs/openapi/README.md): generating each
// again from the committed document and overlay gives the committed pack byte for byte, and cutting
// the committed document again with scripts/openapi-subset.mjs gives the same document (the cut
// is reproducible). Their nodes are tested against fixtures by shipped.test.ts like any pack.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packFromOpenApi } from '../../src/packs/openapi/load.js';

const root = new URL('../../', import.meta.url).pathname;
const generated = [{ slug: 'shipengine', spec: 'packs/openapi/shipengine.openapi.json', overlay: 'packs/openapi/shipengine.overlay.yaml' }];

describe.each(generated)('packs/$slug.dragops-pack.json', ({ slug, spec, overlay }) => {
  it('is what dragops pack from-openapi makes of the committed document and overlay, byte for byte, with no warning', async () => {
    const r = await packFromOpenApi(join(root, spec), { slug, overlay: join(root, overlay) });
    expect(r.warnings).toEqual([]);
    expect(r.text).toBe(readFileSync(join(root, `packs/${slug}.dragops-pack.json`), 'utf8'));
  });

  it('its document is a subset scripts/openapi-subset.mjs reproduces from itself', () => {
    const doc = JSON.parse(readFileSync(join(root, spec), 'utf8'));
    const meta = doc['x-dragops-subset'] as { source: string; operations: string[] };
    const out = join(mkdtempSync(join(tmpdir(), 'dragops-subset-')), 'subset.json');
    execFileSync(process.execPath, [join(root, 'scripts/openapi-subset.mjs'), join(root, spec), out, meta.operations.join(','), meta.source]);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(join(root, spec), 'utf8'));
  });
});
