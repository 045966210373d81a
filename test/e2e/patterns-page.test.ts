// The Patterns page and the account pages in Chromium (SPEC §15 "Dashboard", issue 14 points 3 and
// 6): an empty page offers the examples → start from one → the editor (library with descriptions on
// "All", a resizable and remembered bottom panel, a node added near the edge lands inside the canvas,
// an unwired String input is a text field, reordered wires do not mark the draft as differing from
// live) → Export downloads the document → Import makes a new copy and says its id → Duplicate →
// Delete (confirmed) → set a secret → create an API token (shown once) and revoke it → Users.
// No console errors. Screenshots to docs/screenshots/ (UPDATE_SCREENSHOTS=1 retakes them).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';

import type { Locator, Page } from 'playwright-core';
import { hasChromium, openBrowser, startServer, type Browser, type Server, shotPath } from './harness.js';

async function drag(page: Page, from: Locator, to: Locator): Promise<void> {
  const a = (await from.boundingBox())!,
    c = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 20, a.y + a.height / 2 + 10, { steps: 4 });
  await page.mouse.move(c.x + c.width / 2, c.y + c.height / 2, { steps: 8 });
  await page.mouse.up();
}

describe.skipIf(!hasChromium)(hasChromium ? 'Patterns page and account pages in Chromium' : 'Patterns page (skipped: /usr/bin/chromium is absent)', () => {
  let server: Server;
  let b: Browser;
  let token: string;
  let patternId: string;
  let exported: string;
  const api = (path: string, init: RequestInit = {}, as = token) =>
    fetch(`${server.url}${path}`, { ...init, headers: { authorization: `Bearer ${as}`, 'content-type': 'application/json', ...init.headers } });
  const rows = () => b.page.locator('table.table tbody tr');

  beforeAll(async () => {
    server = await startServer();
    b = await openBrowser();
    const r = await fetch(`${server.url}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ada@example.com', password: 'a long password', name: 'Ada' }),
    });
    token = ((await r.json()) as { data: { token: string } }).data.token;
    await b.page.goto(server.url);
    await b.page.evaluate(`localStorage.setItem('dragops.token', ${JSON.stringify(token)})`);
  }, 30_000);
  afterAll(async () => {
    await Promise.allSettled([b?.close(), server?.stop()]);
  }, 20_000);

  it('an empty Patterns page offers the examples; one starts a pattern and opens it', async () => {
    const { page } = b;
    await page.goto(`${server.url}/patterns`);
    await page.getByRole('heading', { name: 'Start from an example' }).waitFor();
    expect(await page.getByRole('button', { name: /^Use the example / }).count()).toBeGreaterThanOrEqual(7);
    await page.screenshot({ path: shotPath('patterns-empty.png') });
    await page.getByRole('button', { name: 'Use the example Hello world' }).click();
    await page.waitForURL(/\/patterns\/[^/]+$/);
    patternId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    await page.getByTestId('node-say').waitFor();
    expect(await page.getByRole('heading', { name: 'Hello world' }).count()).toBe(1);
  });

  it('the library opens on "All" and shows what each node does', async () => {
    const { page } = b;
    const lib = page.getByRole('tabpanel', { name: 'Library' });
    await lib.getByRole('list', { name: 'All nodes' }).waitFor();
    expect(await lib.getByRole('button', { name: 'All', exact: true }).getAttribute('aria-pressed')).toBe('true');
    const log = lib.getByRole('button', { name: 'Log', exact: true });
    expect(await log.locator('.lib-desc').textContent()).toMatch(/\w{3,}.*\w{3,}/);
    expect(await lib.getByRole('listitem').count()).toBeGreaterThan(100);
  });

  it('the bottom panel: a sensible default height, resized by dragging, remembered after a reload', async () => {
    const { page } = b;
    const panel = page.getByRole('region', { name: 'Panels' });
    const canvas = page.locator('.canvas');
    await page.setViewportSize({ width: 1280, height: 720 });
    await expect.poll(async () => (await canvas.boundingBox())!.height).toBeGreaterThan(440);
    await page.setViewportSize({ width: 1440, height: 900 });
    await expect.poll(async () => (await panel.boundingBox())!.height).toBeGreaterThan(260);
    await page.setViewportSize({ width: 1280, height: 800 });
    // Settled at the new size (the panel follows the window through a ResizeObserver).
    await expect.poll(async () => Math.round((await panel.boundingBox())!.height)).toBe(215);
    const before = (await panel.boundingBox())!.height;
    const bar = page.getByRole('separator', { name: 'Resize the bottom panel' });
    const box = (await bar.boundingBox())!;
    await page.mouse.move(box.x + 300, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + 300, box.y + box.height / 2 - 60, { steps: 5 });
    await page.mouse.move(box.x + 300, box.y + box.height / 2 - 100, { steps: 5 });
    await page.mouse.up();
    await expect.poll(async () => Math.round((await panel.boundingBox())!.height)).toBe(Math.round(before + 100));
    await page.reload();
    await page.getByTestId('node-say').waitFor();
    await expect.poll(async () => Math.round((await panel.boundingBox())!.height)).toBe(Math.round(before + 100));
    await page.screenshot({ path: shotPath('editor-library.png') });
    // Keyboard: the bar moves by steps; back down to where it was for the rest of the walk.
    await bar.focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(async () => Math.round((await panel.boundingBox())!.height)).toBe(Math.round(before + 100 - 24));
    await bar.dblclick();
    await expect.poll(async () => Math.round((await panel.boundingBox())!.height)).toBe(Math.round(before));
  });

  it('a node added near the edge of the canvas lands fully inside it; its String input is a text field', async () => {
    const { page } = b;
    const canvas = (await page.locator('.canvas').boundingBox())!;
    await page.locator('.react-flow__pane').click({ button: 'right', position: { x: canvas.width - 14, y: canvas.height - 40 } }); // above React Flow's attribution
    const search = page.getByRole('dialog', { name: 'Add node' }).getByRole('textbox', { name: 'Search nodes' });
    await search.fill('throw error');
    await search.press('Enter');
    const node = page.getByTestId('node-throwError');
    await node.waitFor();
    await expect
      .poll(async () => {
        const n = (await node.boundingBox())!;
        return n.x >= canvas.x && n.y >= canvas.y && n.x + n.width <= canvas.x + canvas.width && n.y + n.height <= canvas.y + canvas.height;
      })
      .toBe(true);
    // Its `message` (String, unwired) is a readable text field on the node.
    const field = node.getByRole('textbox', { name: 'Throw Error: message' });
    const f = (await field.boundingBox())!;
    expect(f.width).toBeGreaterThanOrEqual(70);
    expect(f.height).toBeGreaterThanOrEqual(16);
    // (test/ is type-checked without the DOM library: the element is typed by hand.)
    type Styled = { ownerDocument: { defaultView: { getComputedStyle(e: unknown): { color: string; fontSize: string } } } };
    const style = await field.evaluate((el) => {
      const s = (el as unknown as Styled).ownerDocument.defaultView.getComputedStyle(el);
      return { color: s.color, size: parseFloat(s.fontSize) };
    });
    expect(style.size).toBeGreaterThanOrEqual(12);
    expect(style.color).not.toBe('rgb(0, 0, 0)');
    await field.fill('no luck');
    await page.screenshot({ path: shotPath('editor-node-field.png') });
    // The inspector edits the same value (the node is selected).
    await expect.poll(() => page.getByLabel(/^message \(String\)/).inputValue()).toBe('no luck');
    await page.locator('.save', { hasText: /^Saved$/ }).waitFor();
    const doc = (await (await api(`/api/patterns/${encodeURIComponent(patternId)}`)).json()) as {
      data: { nodes: { id: string; defaults?: Record<string, unknown> }[] };
    };
    expect(doc.data.nodes.find((n) => n.id === 'throwError')?.defaults).toEqual({ message: 'no luck' });
    // Backspace in the field edits the text, never deletes the node.
    await field.press('End');
    await field.press('Backspace');
    expect(await node.count()).toBe(1);
    await node.click({ position: { x: 20, y: 8 } });
    await page.keyboard.press('Delete');
    await expect.poll(() => node.count()).toBe(0);
  });

  it('wires drawn again in another order do not mark the draft as differing from the live version', async () => {
    const { page } = b;
    const pin = (node: string, handle: string) => page.locator(`.react-flow__handle[data-nodeid="${node}"][data-handleid="${handle}"]`);
    // A second wire, then deploy: the live version has [start → say, say → log].
    const search = page.getByRole('searchbox', { name: 'Search nodes' });
    await search.fill('log');
    await page.getByRole('button', { name: 'Log', exact: true }).click();
    await page.getByTestId('node-log').waitFor();
    await page.getByLabel(/^message \(Any\)/).fill('second');
    await drag(page, pin('say', 'o:then'), pin('log', 'i:exec'));
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(2);
    await page.locator('.save', { hasText: /^Saved$/ }).waitFor();
    await page.getByRole('button', { name: 'Deploy', exact: true }).click();
    await page
      .locator('.editor-toolbar .badge', { hasText: /^Active$/ })
      .waitFor()
      .catch(async (e: unknown) => {
        throw new Error(`${String(e)}\nconsole: ${await page.getByRole('region', { name: 'Panels' }).textContent()}`);
      });
    // Remove start → say and draw it again: the draft lists it last now, the graph is the same.
    await page.locator('.react-flow__handle[data-nodeid="say"][data-handleid="i:exec"]').click({ modifiers: ['Alt'] });
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(1);
    await expect.poll(() => page.locator('.differs').count()).toBe(1); // a real difference shows
    await drag(page, pin('start', 'o:then'), pin('say', 'i:exec'));
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(2);
    await page.locator('.save', { hasText: /^Saved$/ }).waitFor();
    const saved = (await (await api(`/api/patterns/${encodeURIComponent(patternId)}`)).json()) as { data: { wires: { from: { node: string } }[] } };
    expect(saved.data.wires.map((w) => w.from.node)).toEqual(['say', 'start']);
    await expect.poll(() => page.locator('.differs').count()).toBe(0);
  });

  it('Export downloads the document; Import makes a new copy and says the id the server gave', async () => {
    const { page } = b;
    await page.getByRole('link', { name: 'Patterns', exact: true }).click();
    await rows().first().waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export Hello world' }).click()]);
    expect(download.suggestedFilename()).toBe(`${patternId}.pattern.json`);
    exported = (await download.path())!;
    const doc = JSON.parse(readFileSync(exported, 'utf8')) as { id: string; name: string; nodes: unknown[] };
    expect(doc).toMatchObject({ id: patternId, name: 'Hello world' });
    expect(doc.nodes).toHaveLength(3);
    await page
      .getByRole('status')
      .filter({ hasText: `Exported “Hello world” to ${patternId}.pattern.json.` })
      .waitFor();

    await page.getByLabel('Pattern file to import').setInputFiles({ name: 'hello.pattern.json', mimeType: 'application/json', buffer: readFileSync(exported) });
    const notice = page.getByRole('status').filter({ hasText: /^Imported “Hello world” as / });
    await notice.waitFor();
    const newId = /as (\S+?), /.exec((await notice.textContent())!)![1]!;
    expect(newId).not.toBe(patternId);
    expect(await notice.textContent()).toContain(`, a new copy (the file's id is ${patternId}).`);
    await expect.poll(() => rows().count()).toBe(2);
    // A file that is not a pattern is refused here, saying why.
    await page.getByLabel('Pattern file to import').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('[1, 2]') });
    await page.getByRole('alert').filter({ hasText: 'notes.json is not a pattern' }).waitFor();
  });

  it('Duplicate adds a copy; Delete asks in a dialog, and deletes only on "Delete"', async () => {
    const { page } = b;
    await page.getByRole('button', { name: 'Duplicate Hello world' }).first().click();
    await page
      .getByRole('status')
      .filter({ hasText: /^Duplicated “Hello world” as “Hello world \(copy\)”/ })
      .waitFor();
    await expect.poll(() => rows().count()).toBe(3);
    await page.screenshot({ path: shotPath('patterns.png') });

    await page.getByRole('button', { name: 'Delete Hello world (copy)' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete “Hello world (copy)”?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await rows().count()).toBe(3);
    await page.getByRole('button', { name: 'Delete Hello world (copy)' }).click();
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Deleted “Hello world (copy)”.' }).waitFor();
    await expect.poll(() => rows().count()).toBe(2);
    expect(await page.getByRole('link', { name: 'Hello world (copy)' }).count()).toBe(0);
  });

  it('Secrets: set one (the value is never shown back), then delete it', async () => {
    const { page } = b;
    await page.getByRole('link', { name: 'Secrets', exact: true }).click();
    await page.getByRole('heading', { name: 'Secrets' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('STRIPE_KEY');
    await page.getByLabel('Value', { exact: true }).fill('sk_live_do_not_show');
    await page.getByRole('button', { name: 'Set secret' }).click();
    await page.getByRole('cell', { name: 'STRIPE_KEY', exact: true }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Set the secret STRIPE_KEY.' }).waitFor();
    expect(await page.content()).not.toContain('sk_live_do_not_show');
    expect(await page.getByLabel('Value', { exact: true }).inputValue()).toBe('');
    await page.getByLabel('Name', { exact: true }).fill('OLD_ONE');
    await page.getByLabel('Value', { exact: true }).fill('x');
    await page.getByRole('button', { name: 'Set secret' }).click();
    await page.getByRole('cell', { name: 'OLD_ONE', exact: true }).waitFor();
    await page.screenshot({ path: shotPath('secrets.png') });
    await page.getByRole('button', { name: 'Delete OLD_ONE' }).click();
    await page.getByRole('dialog', { name: 'Delete the secret OLD_ONE?' }).getByRole('button', { name: 'Delete', exact: true }).click();
    await expect.poll(() => page.getByRole('cell', { name: 'OLD_ONE', exact: true }).count()).toBe(0);
    const names = ((await (await api('/api/secrets')).json()) as { data: { name: string }[] }).data.map((s) => s.name);
    expect(names, JSON.stringify({ names, errors: b.errors })).toEqual(['STRIPE_KEY']);
  });

  it('API tokens: created and shown once, it works; revoked, it stops working', async () => {
    const { page } = b;
    await page.getByRole('link', { name: 'API tokens', exact: true }).click();
    await page.getByRole('heading', { name: 'API tokens', level: 1 }).waitFor();
    await page.getByLabel('Token name').fill('CI deploys');
    await page.getByRole('button', { name: 'Create token' }).click();
    const shown = page.getByLabel('New API token');
    await shown.waitFor();
    const secret = await shown.inputValue();
    expect(secret).toMatch(/\S{16,}/);
    expect((await api('/api/auth/me', {}, secret)).status).toBe(200);
    const table = page.getByRole('table', { name: 'API tokens' });
    await table.getByRole('cell', { name: 'CI deploys', exact: true }).waitFor();
    // The session this page runs on is marked, and not revocable from here.
    await page.getByRole('table', { name: 'Sessions' }).getByText('this session').waitFor();
    await page.screenshot({ path: shotPath('tokens.png') });
    await page.getByRole('button', { name: 'Done' }).click();
    expect(await page.content()).not.toContain(secret);
    await table.getByRole('button', { name: 'Revoke CI deploys' }).click();
    await page.getByRole('dialog', { name: 'Revoke “CI deploys”?' }).getByRole('button', { name: 'Revoke', exact: true }).click();
    await page.getByText('No API tokens.').waitFor();
    expect((await api('/api/auth/me', {}, secret)).status).toBe(401);
  });

  it('Users (admins): the list, and Add user creates an account that signs in', async () => {
    const { page } = b;
    await page.getByRole('link', { name: 'Users', exact: true }).click();
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    await page.getByRole('cell', { name: 'ada@example.com' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Grace');
    await page.getByLabel('User email').fill('grace@example.com');
    await page.getByLabel('Initial password').fill('another long password');
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.getByRole('cell', { name: 'grace@example.com' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Added grace@example.com' }).waitFor();
    await page.screenshot({ path: shotPath('users.png') });
    // This browser is still the admin's; the new user signs in with what was given.
    expect(((await (await api('/api/auth/me')).json()) as { data: { email: string } }).data.email).toBe('ada@example.com');
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'grace@example.com', password: 'another long password' }),
    });
    expect(login.status).toBe(200);
    const grace = ((await login.json()) as { data: { token: string } }).data.token;
    expect((await api('/api/users', {}, grace)).status).toBe(403);
  });

  it('an example that calls another (Invoice → tax-calculator) brings it along, deployed, and calls it', async () => {
    const { page } = b;
    const mine = ((await (await api('/api/patterns?limit=200')).json()) as { data: { id: string }[] }).data;
    for (const p of mine) expect((await api(`/api/patterns/${encodeURIComponent(p.id)}`, { method: 'DELETE' })).status).toBe(200);
    await page.getByRole('link', { name: 'Patterns', exact: true }).click();
    await page.getByRole('button', { name: 'Use the example Invoice' }).click();
    await page.waitForURL(/\/patterns\/[^/]+$/);
    await page.getByTestId('node-tax').waitFor();
    const list = ((await (await api('/api/patterns?limit=200')).json()) as { data: { id: string; name: string; deployment: { status: string } | null }[] })
      .data;
    expect(list.find((p) => p.name === 'Tax calculator')?.deployment?.status).toBe('active');
    const names = list.map((p) => `${p.id}:${p.name}`);
    expect(names.map((n) => n.replace(/^[^:]+/, '')).sort()).toEqual([':Invoice', ':Tax calculator']);
    // The call resolves: the draft compiles without errors.
    const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    const v = (await (await api(`/api/patterns/${encodeURIComponent(id)}/validate`, { method: 'POST' })).json()) as { data: { errors: unknown[] } };
    expect(v.data.errors, JSON.stringify(v.data.errors)).toEqual([]);
  });

  it('no console errors or page exceptions', () => {
    expect(b.errors).toEqual([]);
  });
});
