// The Integrations and Connections pages in Chromium (SPEC §14, issue 13 point 6), against the real
// server and local stand-ins on 127.0.0.1 (a service that wants an API key, and an OAuth provider):
// an invalid pack shows every problem and installs nothing → a pack installs from a file, its nodes
// and pins → "Add connection" opens Add Connection with its provider → Test says ok and the HTTP
// status → a pattern with the pack's node, its connection picked in the inspector, runs and logs the
// service's answer → an OAuth connection through the provider's consent page, Test, the provider
// revokes it, Reconnect → delete with confirmation → a non-admin sees Integrations read-only. The
// API key never appears in the page or in an API answer. No console errors. Screenshots to
// docs/screenshots/ (UPDATE_SCREENSHOTS=1 retakes them).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasChromium, openBrowser, startServer, type Browser, type Server, shotPath } from './harness.js';
import { startMockProvider, type MockProvider } from '../connections/mock-provider.js';

const KEY = 'grt-key-7c1f9e0d2b4a6358';

/** A service that wants `X-Api-Key: KEY`: `/me` (verify) and `/greet/:name`. */
async function greeterService(): Promise<{ url: string; close(): Promise<void> }> {
  const server: HttpServer = createServer((req, res) => {
    const u = new URL(req.url!, 'http://x');
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.headers['x-api-key'] !== KEY) return send(401, { error: 'bad key' });
    if (u.pathname === '/me') return send(200, { user: 'ada' });
    const m = /^\/greet\/([^/]+)$/.exec(u.pathname);
    if (m) return send(200, { greeting: `Hello, ${decodeURIComponent(m[1]!)} from the mock` });
    send(404, { error: 'not found' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(() => r())) };
}

const greeterPack = (baseUrl: string) => ({
  packVersion: '1.0',
  metadata: { slug: 'greeter', name: 'Greeter', description: 'Greets people (a local stand-in).', version: '1.0.0' },
  connection: {
    provider: 'greeter',
    authType: 'api_key',
    credentials: [{ name: 'apiKey', label: 'API Key', secret: true }],
    inject: { headers: { 'X-Api-Key': '{{credentials.apiKey}}' } },
    verify: { method: 'GET', path: '/me', expectStatus: [200] },
  },
  defaults: { baseUrl },
  nodes: [
    {
      id: 'greet',
      name: 'Greet',
      description: 'Says hello to someone.',
      inputs: [{ pin: 'name', type: 'String' }],
      request: { method: 'GET', path: '/greet/{{inputs.name}}' },
      outputs: [{ pin: 'greeting', type: 'String', path: 'greeting' }],
    },
  ],
});

const socialPack = (base: string) => ({
  packVersion: '1.0',
  metadata: { slug: 'social', name: 'Social', version: '1.0.0' },
  connection: {
    provider: 'social',
    authType: 'oauth2_authorization_code',
    oauth2: { authorizationUrl: `${base}/authorize`, tokenUrl: `${base}/token`, scopes: ['profile'] },
    verify: { method: 'GET', path: '/me' },
  },
  defaults: { baseUrl: base },
  nodes: [{ id: 'me', name: 'Who am I', request: { method: 'GET', path: '/me' }, outputs: [{ pin: 'user', type: 'String', path: 'user' }] }],
});

describe.skipIf(!hasChromium)(hasChromium ? 'Integrations and Connections in Chromium' : 'Integrations (skipped: /usr/bin/chromium is absent)', () => {
  let server: Server;
  let b: Browser;
  let svc: Awaited<ReturnType<typeof greeterService>>;
  let oauth: MockProvider;
  let token: string;
  let clientsDir: string;
  const answers: Promise<string>[] = [];
  const api = (path: string, init: RequestInit = {}, as = token) =>
    fetch(`${server.url}${path}`, { ...init, headers: { authorization: `Bearer ${as}`, 'content-type': 'application/json', ...init.headers } });
  const apiJson = async (path: string, init: RequestInit = {}, as = token) => {
    const text = await (await api(path, init, as)).text();
    answers.push(Promise.resolve(text));
    return (JSON.parse(text) as { data: any }).data;
  };
  const testResult = (name: string) => b.page.getByRole('status', { name: `Test of ${name}` });

  beforeAll(async () => {
    [svc, oauth] = await Promise.all([greeterService(), startMockProvider()]);
    // The server's own OAuth client for the provider `social` (dragops serve --oauth-clients).
    clientsDir = mkdtempSync(join(tmpdir(), 'dragops-oauth-'));
    writeFileSync(join(clientsDir, 'clients.json'), JSON.stringify({ social: { clientId: oauth.clientId, clientSecret: oauth.clientSecret } }));
    process.env.DRAGOPS_OAUTH_CLIENTS = join(clientsDir, 'clients.json');
    [server, b] = await Promise.all([startServer(), openBrowser()]);
    delete process.env.DRAGOPS_OAUTH_CLIENTS;
    const r = await fetch(`${server.url}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ada@example.com', password: 'a long password', name: 'Ada' }),
    });
    token = ((await r.json()) as { data: { token: string } }).data.token;
    // Every answer the dashboard receives from the API is kept, to look for the key in it.
    b.page.on('response', (res) => {
      if (new URL(res.url()).pathname.startsWith('/api/')) answers.push(res.text().catch(() => ''));
    });
    await b.page.goto(server.url);
    await b.page.evaluate(`localStorage.setItem('dragops.token', ${JSON.stringify(token)})`);
  }, 30_000);
  afterAll(async () => {
    await Promise.allSettled([b?.close(), server?.stop(), svc?.close(), oauth?.close()]);
    if (clientsDir) rmSync(clientsDir, { recursive: true, force: true });
  }, 20_000);

  it('Install pack: an invalid pack lists every problem and installs nothing; a valid one from a file lists its nodes and pins', async () => {
    const { page } = b;
    await page.goto(`${server.url}/patterns`);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Integrations' }).waitFor();
    const links = await nav.getByRole('link').allTextContents();
    // Secrets beside Connections.
    expect(links.indexOf('Secrets') - links.indexOf('Connections')).toBe(1);
    await nav.getByRole('link', { name: 'Integrations' }).click();
    await page.getByRole('heading', { name: 'Integrations', exact: true }).waitFor();
    await page.getByText('No integration packs installed yet.').waitFor();

    const bad: any = greeterPack(svc.url);
    bad.metadata.slug = 'Greeter!';
    bad.connection.color = 'blue';
    await page.getByLabel('or paste the pack').fill(JSON.stringify(bad));
    await page.getByRole('button', { name: 'Install pack' }).click();
    const problems = page.getByRole('list', { name: 'Pack problems' }).getByRole('listitem');
    await problems.first().waitFor();
    const texts = await problems.allTextContents();
    expect(texts).toHaveLength(2);
    expect(texts).toContainEqual(expect.stringMatching(/^metadata\.slug: lower-case letters/));
    expect(texts).toContainEqual(expect.stringMatching(/^connection\.color: unknown key "color"/));
    await page.getByText('The pack has 2 problems; nothing was installed.').waitFor();
    expect(await apiJson('/api/packs')).toEqual([]);

    await page.getByLabel('or paste the pack').fill('');
    await page.getByLabel('Pack file (.dragops-pack.json)').setInputFiles({
      name: 'greeter.dragops-pack.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(greeterPack(svc.url))),
    });
    await expect.poll(() => page.getByLabel('or paste the pack').inputValue()).toContain('"slug":"greeter"');
    await page.getByRole('button', { name: 'Install pack' }).click();
    await page.getByRole('status').filter({ hasText: 'Installed greeter 1.0.0: 1 node.' }).waitFor();
    expect(await page.getByRole('list', { name: 'Pack problems' }).count()).toBe(0);
    await page.getByLabel('or paste the pack').fill(JSON.stringify(socialPack(oauth.url)));
    await page.getByRole('button', { name: 'Install pack' }).click();
    await page.getByRole('status').filter({ hasText: 'Installed social 1.0.0' }).waitFor();
    const row = page.locator('table.packs tbody tr', { hasText: 'Greeter' });
    expect(await row.textContent()).toMatch(/Greeter.*greeter.*1\.0\.0.*greeter.*api_key.*1 node/);
    await row.getByRole('button', { name: '1 node' }).click();
    const nodes = page.getByRole('list', { name: 'Nodes of Greeter' });
    expect(await nodes.textContent()).toMatch(/Greet.*greeter\.greet.*in: name: String.*out: greeting: String, status: Integer/);
    await page.screenshot({ path: shotPath('integrations.png') });
  });

  it('"Add connection" opens Add Connection with the provider chosen; the key goes in a password field, Test says ok', async () => {
    const { page } = b;
    await page.getByRole('link', { name: 'Add connection for Greeter' }).click();
    await page.waitForURL(/\/connections\?add=greeter$/);
    const dialog = page.getByRole('dialog', { name: 'Add Connection' });
    expect(await dialog.getByLabel('Provider').inputValue()).toBe('greeter');
    const key = dialog.getByLabel('API Key');
    expect(await key.getAttribute('type')).toBe('password');
    await dialog.getByLabel('Name').fill('Greeter prod');
    await dialog.getByRole('button', { name: 'Add' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'Fill in API Key.' }).waitFor();
    await key.fill(KEY);
    await dialog.getByRole('button', { name: 'Add' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /Added the connection Greeter prod \(conn_/ })
      .waitFor();
    await page.waitForURL(/\/connections$/);
    expect(await page.getByRole('dialog').count()).toBe(0);
    const row = page.locator('table.connections tbody tr', { hasText: 'Greeter prod' });
    expect(await row.locator('.badge').textContent()).toBe('ok');
    await row.getByRole('button', { name: 'Test Greeter prod' }).click();
    await expect.poll(() => testResult('Greeter prod').textContent()).toBe('ok · HTTP 200');
    // Reconnect (not OAuth): the credentials typed again; nothing typed before is filled back in.
    for (const [typed, expected] of [
      ['wrong-key-00000000', /^failed · HTTP 401/],
      [KEY, /^ok · HTTP 200$/],
    ] as const) {
      await row.getByRole('button', { name: 'Reconnect Greeter prod' }).click();
      const again = page.getByRole('dialog', { name: 'Reconnect Greeter prod' });
      expect(await again.getByLabel('API Key').inputValue()).toBe('');
      await again.getByLabel('API Key').fill(typed);
      await again.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('status').filter({ hasText: 'Saved new credentials for Greeter prod.' }).waitFor();
      await row.getByRole('button', { name: 'Test Greeter prod' }).click();
      await expect.poll(() => testResult('Greeter prod').textContent()).toMatch(expected);
    }
    expect(await page.content()).not.toContain(KEY);
  });

  it('the editor: a Greet node, its connection picked in the inspector, Run logs the service answer', async () => {
    const { page } = b;
    await page.getByRole('link', { name: 'Patterns', exact: true }).click();
    await page.getByRole('button', { name: 'New Pattern' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Greet flow');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(/\/patterns\/pat_/);
    await page.getByTestId('node-start').waitFor();
    const search = page.getByRole('searchbox', { name: 'Search nodes' });
    await search.fill('greet');
    await page.getByRole('button', { name: 'Greet', exact: true }).click();
    await page.getByTestId('node-greeterGreet').waitFor();
    const inspector = page.getByRole('complementary', { name: 'Inspector' });
    const pick = inspector.getByLabel('connection (greeter)');
    await expect.poll(() => pick.locator('option').allTextContents()).toEqual(['choose a connection…', 'Greeter prod (ok)']);
    expect(await inspector.getByRole('link', { name: 'Add connection' }).getAttribute('href')).toBe('/connections?add=greeter');
    await pick.selectOption({ label: 'Greeter prod (ok)' });
    await inspector.getByLabel(/^name \(String\)/).fill('Ada');
    await search.fill('log');
    await page.getByRole('button', { name: 'Log', exact: true }).click();
    await page.getByTestId('node-log').waitFor();
    await inspector.getByLabel('message from').selectOption({ label: 'Greet (greeterGreet) · greeting' });
    await page.getByTestId('node-greeterGreet').click();
    await inspector.getByLabel('then runs').selectOption({ label: 'Log (log)' });
    await page.getByTestId('node-start').click();
    await inspector.getByLabel('then runs').selectOption({ label: 'Greet (greeterGreet)' });
    await page.locator('.save', { hasText: /^Saved$/ }).waitFor();

    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Start run' }).click();
    const panel = page.getByRole('tabpanel', { name: 'Console' });
    await panel.locator('.badge', { hasText: 'completed' }).waitFor();
    await panel.getByRole('list', { name: 'Log messages' }).getByText('Hello, Ada from the mock').waitFor();
    const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    const saved = await apiJson(`/api/patterns/${encodeURIComponent(id)}`);
    const conns = await apiJson('/api/connections');
    expect(saved.nodes.find((n: { id: string }) => n.id === 'greeterGreet').config).toEqual({ connection: conns[0].id });
    expect(await page.content()).not.toContain(KEY);
  });

  it('OAuth: Add Connection goes through the consent page; Test; revoked at the provider, Reconnect makes it work again', async () => {
    const { page } = b;
    await page.goto(`${server.url}/connections?add=social`);
    const dialog = page.getByRole('dialog', { name: 'Add Connection' });
    expect(await dialog.getByLabel('Provider').inputValue()).toBe('social');
    expect(await dialog.locator('input[type=password]').count()).toBe(0); // the server's OAuth client: no field
    await dialog.getByLabel('Name').fill('Social');
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await page.getByText(/^Connected: Social \(social/).waitFor();
    await page.getByRole('link', { name: 'Back to Connections' }).click();
    const row = page.locator('table.connections tbody tr', { hasText: 'Social' });
    await expect.poll(() => row.locator('.badge').textContent()).toBe('ok');
    await row.getByRole('button', { name: 'Test Social' }).click();
    await expect.poll(() => testResult('Social').textContent()).toBe('ok · HTTP 200');
    await page.screenshot({ path: shotPath('connections.png') });

    oauth.revokeAll();
    await row.getByRole('button', { name: 'Test Social' }).click();
    await expect.poll(() => testResult('Social').textContent()).toMatch(/^failed · HTTP 401 — GET \/me answered 401/);
    await row.getByRole('button', { name: 'Reconnect Social' }).click();
    await page.getByText(/^Connected: Social/).waitFor();
    await page.getByRole('link', { name: 'Back to Connections' }).click();
    await row.getByRole('button', { name: 'Test Social' }).click();
    await expect.poll(() => testResult('Social').textContent()).toBe('ok · HTTP 200');
    expect((await apiJson('/api/connections')).filter((c: { provider: string }) => c.provider === 'social')).toHaveLength(1);
    expect(oauth.counts.authorization_code).toBe(2);
  });

  it('OAuth started elsewhere (the CLI): the consent link alone completes nothing in this browser; the dashboard link continues it', async () => {
    const { page } = b;
    // Another user starts an authorization and sends Ada the provider's consent link: completing it
    // would put Ada's account's tokens into Mallory's connection. This browser has no binding for it.
    await apiJson('/api/auth/register', {
      method: 'POST',
      body: JSON.stringify({ email: 'mallory@example.com', password: 'a long password', name: 'Mallory' }),
    });
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'mallory@example.com', password: 'a long password' }),
    });
    const mallory = ((await login.json()) as { data: { token: string } }).data.token;
    const lure = await apiJson('/api/connections/oauth/start?provider=social&displayName=Lure', {}, mallory);
    await page.goto(lure.authorizationUrl);
    await page
      .getByText(/OAUTH_STATE_INVALID|not started in this browser/)
      .first()
      .waitFor();
    expect((await apiJson('/api/connections', {}, mallory)).filter((c: { displayName: string }) => c.displayName === 'Lure')).toHaveLength(0);
    // Mallory's dashboard link, opened by Ada signed in: refused, nothing sent to the provider.
    const codes = oauth.counts.authorization_code;
    await page.goto(lure.browserUrl);
    await page.getByText(/no authorization of yours is pending/).waitFor();
    expect(oauth.counts.authorization_code).toBe(codes);
    // Ada's own flow started by the CLI (`dragops connection add social --oauth` prints browserUrl).
    const mine = await apiJson('/api/connections/oauth/start?provider=social&displayName=From%20CLI');
    expect(mine.browserUrl).toBe(`${server.url}/connections?authorize=${encodeURIComponent(mine.state)}`);
    await page.goto(mine.browserUrl);
    await page.getByText(/^Connected: From CLI \(social/).waitFor();
    expect((await apiJson('/api/connections')).find((c: { displayName: string }) => c.displayName === 'From CLI')).toMatchObject({ status: 'active' });
    await page.goto(`${server.url}/connections`);
  });

  it('delete a connection and a pack, each after confirming', async () => {
    const { page } = b;
    await page.locator('table.connections').getByRole('button', { name: 'Delete Social' }).click();
    await page.getByRole('dialog', { name: 'Delete the connection Social?' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('status').filter({ hasText: 'Deleted the connection Social.' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Integrations' }).click();
    await page.getByRole('button', { name: 'Delete social' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete the pack Social?' });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.locator('table.packs tbody tr', { hasText: 'Social' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Delete social' }).click();
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('status').filter({ hasText: 'Deleted the pack social.' }).waitFor();
    expect((await apiJson('/api/packs')).map((p: { slug: string }) => p.slug)).toEqual(['greeter']);
  });

  it('a non-admin sees Integrations read-only, with the reason', async () => {
    const { page } = b;
    const made = await apiJson('/api/auth/register', {
      method: 'POST',
      body: JSON.stringify({ email: 'grace@example.com', password: 'another long password', name: 'Grace' }),
    });
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: made.user?.email ?? 'grace@example.com', password: 'another long password' }),
    });
    const grace = ((await login.json()) as { data: { token: string } }).data.token;
    await page.evaluate(`localStorage.setItem('dragops.token', ${JSON.stringify(grace)})`);
    await page.goto(`${server.url}/integrations`);
    await page.locator('table.packs tbody tr', { hasText: 'Greeter' }).waitFor();
    await page.getByRole('note').filter({ hasText: 'Only an admin can install or delete integration packs.' }).waitFor();
    expect(await page.getByRole('form', { name: 'Install pack' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Delete greeter' }).isDisabled()).toBe(true);
    // Grace's connections are hers: Ada's is not listed.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connections' }).click();
    await page.getByText('No connections yet.').waitFor();
  });

  it('the key is in no page and no API answer; no console errors', async () => {
    expect(await b.page.content()).not.toContain(KEY);
    const all = await Promise.all(answers);
    expect(all.length).toBeGreaterThan(10);
    for (const a of all) expect(a).not.toContain(KEY);
    expect(all.join('\n')).not.toContain(oauth.clientSecret);
    // The failed requests the browser reports are on purpose: the invalid pack's 400 INVALID_PACK, and
    // the refused OAuth lure (its callback's 400, that JSON page's favicon, the refused continue).
    const meant = [
      /status of 400 .*\/api\/packs\)$/,
      /status of 400 .*\/api\/connections\/oauth\/callback\?/,
      /status of 404 .*\/favicon\.ico\)$/,
      /status of 404 .*\/api\/connections\/oauth\/continue\)$/,
    ];
    expect(b.errors.filter((e) => !meant.some((m) => m.test(e)))).toEqual([]);
    expect(b.errors).toHaveLength(4);
  });
});
