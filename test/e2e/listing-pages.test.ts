// The Patterns and Deployments pages page through the server (issue 16, "Scale"), in Chromium:
// 120 patterns (60 of them deployed) made through the API; each page shows 50 with "1–50 of 120",
// Previous / Next (disabled at the ends) move by 50 and keep the page in the URL (?page=2, kept on
// reload), and a search or a tag goes back to the first page; a deployment's executions page with the
// same pager (Newer / Older). No console errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hasChromium, openBrowser, startServer, type Browser, type Server } from './harness.js';

const PATTERNS = 120;
const name = (i: number) => `Flow ${String(i).padStart(3, '0')}`;

/** Runs `f` over `items`, `n` at a time. */
async function pool<T>(items: T[], n: number, f: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) await f(items[next++]!);
    }),
  );
}

describe.skipIf(!hasChromium)(hasChromium ? 'paged listings in Chromium' : 'paged listings (skipped: /usr/bin/chromium is absent)', () => {
  let server: Server;
  let b: Browser;
  let token: string;
  const api = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
    return ((await r.json()) as { data: unknown }).data;
  };

  const pager = (page: Page, label: string) => {
    const nav = page.getByRole('navigation', { name: label });
    return {
      status: () => nav.getByRole('status').textContent(),
      previous: nav.getByRole('button', { name: 'Previous page' }),
      next: nav.getByRole('button', { name: 'Next page' }),
    };
  };
  const rows = (page: Page) => page.locator('table.table tbody tr');
  const names = (page: Page) => page.locator('table.table tbody tr td:first-child a').allTextContents();
  const pageParam = (page: Page) => new URL(page.url()).searchParams.get('page');

  beforeAll(async () => {
    server = await startServer();
    b = await openBrowser();
    const r = await fetch(`${server.url}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ada@example.com', password: 'a long password', name: 'Ada' }),
    });
    token = ((await r.json()) as { data: { token: string } }).data.token;
    // Flow 001 … Flow 120; every tenth is tagged "billing"; Flow 042 alone says "needle" (in its
    // description); the odd ones are deployed.
    const ids = new Map<number, string>();
    await pool(
      Array.from({ length: PATTERNS }, (_, i) => i + 1),
      6,
      async (i) => {
        const p = (await api('POST', '/api/patterns', {
          name: name(i),
          ...(i === 42 ? { description: 'Finds the Needle' } : {}),
          ...(i % 10 === 0 ? { tags: ['billing'] } : {}),
        })) as { id: string };
        ids.set(i, p.id);
      },
    );
    await pool(
      [...ids].filter(([i]) => i % 2 === 1),
      4,
      async ([, id]) => void (await api('POST', `/api/patterns/${encodeURIComponent(id)}/deploy`, {})),
    );
    await b.page.goto(server.url);
    await b.page.evaluate(`localStorage.setItem('dragops.token', ${JSON.stringify(token)})`);
  }, 60_000);
  afterAll(async () => {
    await Promise.allSettled([b?.close(), server?.stop()]);
  }, 20_000);

  it('Patterns: 50 a page, "1–50 of 120"; Next and Previous move by 50 and are disabled at the ends', async () => {
    const { page } = b;
    const p = pager(page, 'Patterns pages');
    await page.goto(`${server.url}/patterns`);
    await expect.poll(p.status).toBe('1–50 of 120');
    expect(await rows(page).count()).toBe(50);
    expect(await p.previous.isDisabled()).toBe(true);
    expect(await p.next.isEnabled()).toBe(true);
    const first = await names(page);

    await p.next.click();
    await expect.poll(p.status).toBe('51–100 of 120');
    expect(pageParam(page)).toBe('2');
    expect(await rows(page).count()).toBe(50);
    const second = await names(page);
    expect(second.filter((n) => first.includes(n))).toEqual([]);

    await p.next.click();
    await expect.poll(p.status).toBe('101–120 of 120');
    expect(await rows(page).count()).toBe(20);
    expect(await p.next.isDisabled()).toBe(true);
    // Every pattern once over the three pages.
    expect(new Set([...first, ...second, ...(await names(page))]).size).toBe(PATTERNS);

    await p.previous.click();
    await expect.poll(p.status).toBe('51–100 of 120');
    // The page is in the URL: kept on reload, and Back returns to the page before.
    await page.reload();
    await expect.poll(p.status).toBe('51–100 of 120');
    expect(await names(page)).toEqual(second);
    await page.goBack();
    await expect.poll(p.status).toBe('101–120 of 120');
    await page.goForward();
    await expect.poll(p.status).toBe('51–100 of 120');
  });

  it('Patterns: a search narrows to one and goes back to the first page; so does a tag', async () => {
    const { page } = b;
    const p = pager(page, 'Patterns pages');
    const search = page.getByRole('searchbox', { name: 'Search' });
    await search.fill('flow 077'); // case-insensitive
    await expect.poll(p.status).toBe('1–1 of 1');
    expect(await names(page)).toEqual(['Flow 077']);
    expect(pageParam(page)).toBe(null);
    expect(await p.previous.isDisabled()).toBe(true);
    expect(await p.next.isDisabled()).toBe(true);
    // The description is searched too.
    await search.fill('needle');
    await expect.poll(() => names(page)).toEqual(['Flow 042']);
    await search.fill('no such flow');
    await expect.poll(p.status).toBe('0 of 0');
    await page.getByText('No pattern matches.').waitFor();
    await search.fill('');
    await expect.poll(p.status).toBe('1–50 of 120');

    // The tag filter still offers the tags of the rows it has shown; choosing one goes to page 1.
    await p.next.click();
    await expect.poll(p.status).toBe('51–100 of 120');
    await page.getByRole('combobox', { name: 'Tag' }).selectOption('billing');
    await expect.poll(p.status).toBe('1–12 of 12');
    expect(pageParam(page)).toBe(null);
    expect((await names(page)).every((n) => /^Flow \d\d0$/.test(n))).toBe(true);
    await page.getByRole('combobox', { name: 'Tag' }).selectOption('');
    await expect.poll(p.status).toBe('1–50 of 120');
  });

  it('Deployments: 50 a page of the 60 deployed, newest first; a search narrows to one and goes back to page 1', async () => {
    const { page } = b;
    const p = pager(page, 'Deployments pages');
    await page.getByRole('link', { name: 'Deployments', exact: true }).click();
    await expect.poll(p.status).toBe('1–50 of 60');
    expect(await rows(page).count()).toBe(50);
    expect(await p.previous.isDisabled()).toBe(true);
    const first = await names(page);
    expect(first.every((n) => Number(n.slice(5)) % 2 === 1)).toBe(true);
    const listed = (await api('GET', '/api/deployments?limit=50')) as { patternName: string }[];
    expect(first).toEqual(listed.map((d) => d.patternName)); // in the server's order: newest deploy first

    await p.next.click();
    await expect.poll(p.status).toBe('51–60 of 60');
    expect(pageParam(page)).toBe('2');
    expect(await rows(page).count()).toBe(10);
    expect(await p.next.isDisabled()).toBe(true);
    expect(new Set([...first, ...(await names(page))]).size).toBe(60);

    const search = page.getByRole('searchbox', { name: 'Search' });
    await search.fill('Flow 077');
    await expect.poll(p.status).toBe('1–1 of 1');
    expect(await names(page)).toEqual(['Flow 077']);
    expect(pageParam(page)).toBe(null);
    await search.fill('Flow 078'); // a pattern, never deployed
    await expect.poll(p.status).toBe('0 of 0');
    await page.getByText('No deployment matches.').waitFor();
    await search.fill('');
    await expect.poll(p.status).toBe('1–50 of 60');
  });

  it('a page past the end (an old link) shows the last page', async () => {
    const { page } = b;
    await page.goto(`${server.url}/deployments?page=9`);
    await expect.poll(pager(page, 'Deployments pages').status).toBe('51–60 of 60');
    expect(pageParam(page)).toBe('2');
  });

  it("a deployment's executions page the same way (Newer / Older)", async () => {
    const { page } = b;
    const hook = (await api('POST', '/api/patterns', {
      format: 'dragops.pattern/1',
      name: 'Hook',
      nodes: [{ id: 'hook', type: 'OnWebhook' }],
      wires: [],
    })) as { id: string };
    const d = (await api('POST', `/api/patterns/${hook.id}/deploy`, {})) as { deploymentId: string; webhookUrl: string };
    await pool(
      Array.from({ length: 55 }, (_, i) => i),
      4,
      async (i) => {
        const r = await fetch(d.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ i }) });
        expect(r.status).toBeLessThan(300);
      },
    );
    const total = async () => {
      const r = await fetch(`${server.url}/api/deployments/${d.deploymentId}/runs?status=completed&limit=1`, { headers: { authorization: `Bearer ${token}` } });
      return ((await r.json()) as { meta: { total: number } }).meta.total;
    };
    await expect.poll(total).toBe(55);
    await page.goto(`${server.url}/deployments/${d.deploymentId}`);
    const nav = page.getByRole('navigation', { name: 'Executions pages' });
    const status = () => nav.getByRole('status').textContent();
    await expect.poll(status).toBe('1–50 of 55');
    expect(await nav.getByRole('button', { name: 'Newer executions' }).isDisabled()).toBe(true);
    await nav.getByRole('button', { name: 'Older executions' }).click();
    await expect.poll(status).toBe('51–55 of 55');
    expect(await nav.getByRole('button', { name: 'Older executions' }).isDisabled()).toBe(true);
    await nav.getByRole('button', { name: 'Newer executions' }).click();
    await expect.poll(status).toBe('1–50 of 55');
  });

  it('no console errors or page exceptions', () => {
    expect(b.errors).toEqual([]);
  });
});
