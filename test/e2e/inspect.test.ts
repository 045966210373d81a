// Execution inspection in Chromium (SPEC §12): W1 deployed and called through its webhook; on the
// deployment page "Open on canvas" draws v1 with the nodes that ran marked; selecting a node shows
// its "Inputs" and "Outputs" (the upper-cased name), "Next step" walks to the next node run, a loop
// node shows "Run n of 10", hovering a wire shows its value; the Profile toggle shows runs, errors
// and p95 per node; "Run draft with this input" runs the draft in the editor on the same trigger
// data and inspects it the same way. No console errors. Screenshot: docs/screenshots/inspect.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';

import { join } from 'node:path';
import { hasChromium, openBrowser, startServer, type Browser, type Server, shotPath } from './harness.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const w1 = JSON.parse(readFileSync(join(ROOT, 'examples/w1-order-summary.pattern.json'), 'utf8')) as object;
const gold = JSON.parse(readFileSync(join(ROOT, 'examples/w1/body-gold.json'), 'utf8')) as { user: { name: string }; items: { price: number; qty: number }[] };
const NAME = gold.user.name,
  UPPER = NAME.toUpperCase();

describe.skipIf(!hasChromium)(
  hasChromium ? 'execution inspection in Chromium' : 'execution inspection in Chromium (skipped: /usr/bin/chromium is absent)',
  () => {
    let server: Server;
    let b: Browser;
    let token = '';
    let deploymentId = '';
    let patternId = '';
    const call = async (method: string, path: string, body?: unknown) => {
      const r = await fetch(`${server.url}${path}`, {
        method,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const j = (await r.json()) as { success: boolean; data: any };
      if (!j.success) throw new Error(`${method} ${path}: ${JSON.stringify(j)}`);
      return j.data;
    };

    beforeAll(async () => {
      server = await startServer();
      b = await openBrowser();
      token = (await call('POST', '/api/auth/register', { email: 'ada@example.com', password: 'a long password', name: 'Ada' })).token;
      patternId = (await call('POST', '/api/patterns', w1)).id;
      const d = await call('POST', `/api/patterns/${patternId}/deploy`, {});
      deploymentId = d.deploymentId;
      const r = await fetch(d.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(gold) });
      expect(await r.json()).toEqual({ greeting: `Hello, ${UPPER}`, total: 109.25, tier: 'gold', count: 10 });
    }, 30_000);
    afterAll(async () => {
      await Promise.allSettled([b?.close(), server?.stop()]);
    }, 20_000);

    it('"Open on canvas" draws the version with the nodes that ran; a node shows its "Inputs" and "Outputs"; "Next step" moves on', async () => {
      const { page } = b;
      await page.goto(server.url);
      await page.evaluate(`localStorage.setItem('dragops.token', ${JSON.stringify(token)})`);
      await page.goto(`${server.url}/deployments/${deploymentId}`);
      await page.getByRole('link', { name: 'Open on canvas', exact: true }).first().click();
      await page.waitForURL(/\/deployments\/dep_[^/]+\/runs\/run_/);
      const node = (id: string) => page.getByTestId(`node-${id}`);
      await node('upper').waitFor();
      // Every W1 node ran (pure nodes included): marked as such, none failed; the loop body 10 times.
      await expect.poll(() => node('upper').getAttribute('class')).toMatch(/\bins-ran\b/);
      expect(await page.locator('.pnode.ins-failed').count()).toBe(0);
      expect(await node('price').locator('.pnode-badge').textContent()).toBe('×10');

      const panel = page.getByRole('complementary', { name: 'Inspection' });
      const values = (h: 'Inputs' | 'Outputs') => panel.getByRole('region', { name: h });
      await node('upper').locator('.pnode-head').click();
      await panel.getByRole('heading', { name: /To Upper/ }).waitFor();
      expect(await values('Inputs').textContent()).toContain(JSON.stringify(NAME));
      expect(await values('Outputs').textContent()).toContain(JSON.stringify(UPPER));
      await panel.getByText('Run 1 of 1').waitFor();
      const stepText = async () => (await panel.getByText(/^Step \d+ of \d+$/).textContent())!;
      const before = await stepText();

      // The next node run in seq order: Concat builds the greeting from the upper-cased name.
      await panel.getByRole('button', { name: 'Next step', exact: true }).click();
      await panel.getByRole('heading', { name: /Concat/ }).waitFor();
      expect(await values('Inputs').textContent()).toContain(JSON.stringify(UPPER));
      expect(await values('Outputs').textContent()).toContain(JSON.stringify(`Hello, ${UPPER}`));
      expect(Number(/Step (\d+)/.exec(await stepText())![1])).toBe(Number(/Step (\d+)/.exec(before)![1]) + 1);
      await expect.poll(() => node('greeting').getAttribute('class')).toMatch(/\bins-current\b/);
      await panel.getByRole('button', { name: 'Previous step', exact: true }).click();
      await panel.getByRole('heading', { name: /To Upper/ }).waitFor();

      // A node inside the loop: its runs are numbered, and the values are those of that turn.
      await node('price').locator('.pnode-head').click();
      await panel.getByText('Run 10 of 10').waitFor();
      expect(await values('Outputs').textContent()).toContain(String(gold.items[9]!.price));
      await panel.getByRole('button', { name: 'earlier run' }).click();
      await panel.getByText('Run 9 of 10').waitFor();
      expect(await values('Outputs').textContent()).toContain(String(gold.items[8]!.price));

      // Hovering a wire shows the value it carried.
      await node('upper').locator('.pnode-head').click();
      const wire = page.locator('.react-flow__edge[data-id="upper:result->greeting:b"] .react-flow__edge-interaction');
      // The middle of the wire's path, on the screen (its bounding box's middle may miss a curve).
      // (The test's own TypeScript has no DOM types: the path's few methods are declared here.)
      type Path = {
        getTotalLength(): number;
        getPointAtLength(l: number): { x: number; y: number };
        getScreenCTM(): { a: number; b: number; c: number; d: number; e: number; f: number };
      };
      const mid = await wire.evaluate((el) => {
        const p = el as unknown as Path,
          q = p.getPointAtLength(p.getTotalLength() / 2),
          m = p.getScreenCTM();
        return { x: q.x * m.a + q.y * m.c + m.e, y: q.x * m.b + q.y * m.d + m.f };
      });
      await page.mouse.move(mid.x - 6, mid.y);
      await page.mouse.move(mid.x, mid.y, { steps: 3 });
      await page.getByRole('tooltip').getByText(JSON.stringify(UPPER)).waitFor();
      await page.mouse.move(5, 5);
      await node('upper').locator('.pnode-head').click();
      await page.screenshot({ path: shotPath('inspect.png') });
    });

    it('the Profile toggle shows runs, errors and p95 on each node for the chosen period', async () => {
      const { page } = b;
      await page.getByRole('button', { name: 'Profile', exact: true }).click();
      await page.getByText(/Profile of v1 over 24h: 1 execution\b/).waitFor();
      expect(await page.getByTestId('node-respond').locator('.pnode-badge').textContent()).toMatch(/^1 runs · 0 err · p95 \d/);
      expect(await page.getByTestId('node-setTotal').locator('.pnode-badge').textContent()).toMatch(/^10 runs · 0 err · p95 /);
      // The timed node with the highest p95 (by the API) is ringed as the slowest, and only it; pure
      // nodes are not profiled on their own, and say so. (Respond and Set Total are both timed: which
      // one is slower varies from run to run.)
      const prof = (await call('GET', `/api/deployments/${deploymentId}/profile?period=24h`)) as {
        nodes: { id: string; durationMs: { p95: number | null } }[];
      };
      const top = Math.max(...prof.nodes.map((n) => n.durationMs.p95 ?? 0));
      const slowest = prof.nodes
        .filter((n) => n.durationMs.p95 === top)
        .map((n) => n.id)
        .sort();
      expect(slowest.length).toBeGreaterThan(0);
      const ringed = await page
        .locator('.pnode.prof-slowest')
        .evaluateAll((els) => els.map((e) => ((e as unknown as { dataset: Record<string, string> }).dataset.testid ?? '').replace(/^node-/, '')));
      expect(ringed.sort()).toEqual(slowest);
      expect(await page.getByTestId('node-upper').locator('.pnode-badge').textContent()).toBe('pure');
      await page.getByLabel('Period').selectOption('1h');
      await page.getByText(/Profile of v1 over 1h: 1 execution\b/).waitFor();
      await page.getByRole('button', { name: 'Profile', exact: true }).click();
      await expect.poll(() => page.getByTestId('node-price').locator('.pnode-badge').textContent()).toBe('×10');
    });

    it('"Run draft with this input" runs the draft in the editor on the execution\'s trigger data, inspected the same way', async () => {
      const { page } = b;
      await page.getByRole('button', { name: 'Run draft with this input' }).click();
      // The editor drops ?fromRun=… from the address as soon as it has read it: on a loaded machine
      // that can happen before the URL is first looked at. The dialog below shows it was read.
      await page.waitForURL(/\/patterns\/pat_[^/?]+(\?fromRun=run_[^&]+)?$/);
      const dialog = page.getByRole('dialog');
      await dialog.getByText(/trigger data of run_/i).waitFor();
      expect(await dialog.getByLabel('Sample event (JSON)').inputValue()).toContain(NAME);
      await dialog.getByRole('button', { name: 'Start run' }).click();
      const console_ = page.getByRole('tabpanel', { name: 'Console' });
      await console_.locator('.badge', { hasText: 'completed' }).waitFor();
      expect(await console_.textContent()).toContain(`Hello, ${UPPER}`);
      // The run is inspected on the editor's canvas: marks, and the same panel.
      const panel = page.getByRole('complementary', { name: 'Inspection' });
      await panel.waitFor();
      await expect.poll(() => page.getByTestId('node-upper').getAttribute('class')).toMatch(/\bins-ran\b/);
      // The step panel narrows the canvas: fit the graph into what is left, then pick a node.
      await page.getByRole('button', { name: 'fit view' }).click();
      await page.waitForTimeout(300);
      await page.getByTestId('node-upper').locator('.pnode-head').click();
      await panel.getByRole('heading', { name: /To Upper/ }).waitFor();
      expect(await panel.getByRole('region', { name: 'Outputs' }).textContent()).toContain(JSON.stringify(UPPER));
      await panel.getByRole('button', { name: 'Next step', exact: true }).click();
      await panel.getByRole('heading', { name: /Concat/ }).waitFor();
      expect(new URL(page.url()).search).toBe('');
    });

    it('a failed execution: the failed node red, the nodes that did not run dimmed; a banner when the values are not exact', async () => {
      const { page } = b;
      await call('PUT', '/api/secrets/api-key', { value: 'first-value-1234' });
      const p = await call('POST', '/api/patterns', {
        format: 'dragops.pattern/1',
        name: 'Failing flow',
        nodes: [
          { id: 'hook', type: 'OnWebhook', config: { responseMode: 'lastNode' } },
          { id: 'key', type: 'GetSecret', config: { name: 'api-key' } },
          { id: 'len', type: 'StringLength' },
          { id: 'log', type: 'Log' },
          { id: 'who', type: 'GetProperty', defaults: { key: 'who' } },
          { id: 'fail', type: 'ThrowError', defaults: { type: 'Nope' } },
          { id: 'never', type: 'ToUpper', defaults: { value: 'unused' } },
        ],
        wires: [
          { from: { node: 'hook', pin: 'then' }, to: { node: 'log', pin: 'exec' } },
          { from: { node: 'key', pin: 'value' }, to: { node: 'len', pin: 'value' } },
          { from: { node: 'len', pin: 'length' }, to: { node: 'log', pin: 'message' } },
          { from: { node: 'log', pin: 'then' }, to: { node: 'fail', pin: 'exec' } },
          { from: { node: 'hook', pin: 'body' }, to: { node: 'who', pin: 'object' } },
          { from: { node: 'who', pin: 'value' }, to: { node: 'fail', pin: 'message' } },
        ],
      });
      const d = await call('POST', `/api/patterns/${p.id}/deploy`, {});
      expect(
        (await fetch(d.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ who: 'no one' }) })).status,
      ).toBe(500);
      // The secret it read changes: the server can no longer vouch for the values.
      await call('PUT', '/api/secrets/api-key', { value: 'second-value-5678' });
      await page.goto(`${server.url}/deployments/${d.deploymentId}`);
      await page.getByRole('link', { name: 'Open on canvas', exact: true }).first().click();
      const node = (id: string) => page.getByTestId(`node-${id}`);
      await node('fail').waitFor();
      await expect.poll(() => node('fail').getAttribute('class')).toMatch(/\bins-failed\b/);
      expect(await node('never').getAttribute('class')).toMatch(/\bins-idle\b/);
      expect(await node('log').getAttribute('class')).toMatch(/\bins-ran\b/);
      const panel = page.getByRole('complementary', { name: 'Inspection' });
      // It opens on the failed node's run, with its error and the values it was given.
      await panel.getByRole('heading', { name: /Throw Error/ }).waitFor();
      expect(await panel.getByRole('region', { name: 'Inputs' }).textContent()).toContain('"no one"');
      await panel
        .getByRole('alert')
        .getByText(/no one/)
        .waitFor();
      await panel
        .getByRole('status')
        .getByText(/may not be exactly/)
        .waitFor();
      await node('never').locator('.pnode-head').click();
      await panel.getByText('This node did not run in this execution.').waitFor();
    });

    it('logged no console errors', () => {
      expect(b.errors).toEqual([]);
    });
  },
);
