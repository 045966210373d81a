// Fixtures for pack tests (beside the modules they test, and in test/packs).

/** The example of SPEC §14. */
export const acme = () => ({
  packVersion: '1.0',
  metadata: { slug: 'acme', name: 'Acme', description: '…', version: '1.0.0', category: 'ticketing', tags: [] },
  connection: {
    provider: 'acme',
    authType: 'api_key',
    credentials: [{ name: 'apiKey', label: 'API Key', secret: true }],
    inject: { headers: { 'X-Api-Key': '{{credentials.apiKey}}' } },
    verify: { method: 'GET', path: '/me', expectStatus: [200] },
  },
  defaults: { baseUrl: 'https://api.acme.example', headers: { Accept: 'application/json' }, timeoutMs: 15000 },
  nodes: [
    {
      id: 'getTicket',
      name: 'Get Ticket',
      description: '…',
      inputs: [
        { pin: 'id', type: 'String' },
        { pin: 'verbose', type: 'Boolean', default: false },
      ],
      request: { method: 'GET', path: '/tickets/{{inputs.id}}', query: { verbose: '{{inputs.verbose}}' } },
      outputs: [
        { pin: 'title', type: 'String', path: 'ticket.title' },
        { pin: 'tags', type: 'Array', path: 'ticket.tags' },
      ],
    },
  ],
});
