// `npm run lint` (run by `npm test`) must fail on each house rule's violation: a rule that silently
// stops firing (a JS plugin that failed to load, a renamed rule, a config typo) would pass every file.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const bin = (name: string) => join(root, 'node_modules/.bin', name);

function run(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('lint house rules', () => {
  // One oxlint run over the fixtures (excluded from `npm run lint` by its --ignore-pattern) and the codegen module.
  const lint = () => run(bin('oxlint'), ['-f', 'unix', 'test/lint/fixtures', 'src/compiler/codegen/code.ts', 'src/nodes', 'src/packs/node.ts']);
  let result: ReturnType<typeof run> | undefined;
  const lines = () => (result ??= lint()).out.split('\n');
  const at = (file: string, rule: string) =>
    lines()
      .filter((l) => l.startsWith(`test/lint/fixtures/${file}:`) && l.includes(rule))
      .map((l) => Number(l.split(':')[1]));

  it('fails, naming every violation', { timeout: 60_000 }, () => {
    expect((result ??= lint()).code).toBe(1);
  });

  it('new Code / new Name only in src/compiler/codegen/', () => {
    expect(at('raw-code.ts', 'dragops(no-raw-code)')).toEqual([5, 6, 7]);
    expect(lines().filter((l) => l.startsWith('src/compiler/codegen/'))).toEqual([]);
  });

  it('node files import dragops only through the node SDK (src/nodes/sdk/)', () => {
    expect(at('src/nodes/demo/Node.ts', 'dragops(node-imports-sdk)')).toEqual([6, 7, 8]);
    expect(lines().filter((l) => l.startsWith('src/nodes/') || l.startsWith('src/packs/'))).toEqual([]);
  });

  it('no floating promises; void, await and .catch are accepted', () => {
    expect(at('floating.ts', 'no-floating-promises')).toEqual([7, 8, 9]);
  });

  it('complexity is capped at 20', () => {
    expect(at('complex.ts', 'eslint(complexity)')).toEqual([2]);
    expect(lines().some((l) => l.includes('complexity of 21. Maximum allowed is 20'))).toBe(true);
  });

  it('the format check fails on unformatted code', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dragops-fmt-'));
    const file = join(dir, 'bad.ts');
    writeFileSync(file, 'export const x = {a:"1",\n  b : 2}\n');
    const r = run(bin('oxfmt'), ['--check', '-c', join(root, '.oxfmtrc.json'), file]);
    expect(r.code).not.toBe(0);
    writeFileSync(file, "export const x = { a: '1', b: 2 };\n");
    expect(run(bin('oxfmt'), ['--check', '-c', join(root, '.oxfmtrc.json'), file]).code).toBe(0);
  });
});
