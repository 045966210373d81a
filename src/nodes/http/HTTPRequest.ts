import { DragopsError, defineNode, type ExecutionContext } from '../sdk/index.js';
import { compiledPolicy, DEFAULT_MAX_REDIRECTS, DEFAULT_MAX_RESPONSE_BYTES } from './policy.js';
import { performRequest, type HttpResult } from './request.js';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

export default defineNode({
  type: 'HTTPRequest',
  impure: true,
  async: true,
  deterministic: false,
  category: 'HTTP',
  label: 'HTTP Request',
  description: `Sends an HTTP(S) request and waits for the answer. \`body\`: null sends none, a String is sent as text/plain UTF-8, Binary as application/octet-stream, anything else as JSON with content-type application/json (a content-type in \`headers\` wins). Outputs \`status\`, \`headers\` (lower-case names; \`set-cookie\` is an array) and \`body\`: parsed when the response is JSON (left as text when that JSON is invalid), a String for text types, Binary for other media (images, PDFs, octet-stream), "" when empty. Any status, 404 and 500 included, is a response, not an error: branch on \`status\`. An error (HTTP_REQUEST_FAILED) is a network failure, a refused connection, no complete answer within \`timeoutSeconds\`, more than ${DEFAULT_MAX_REDIRECTS} redirects, a response body over ${DEFAULT_MAX_RESPONSE_BYTES / 1024 / 1024} MiB (after decompression), or a host the server's HTTP policy refuses. Redirects are followed (303, and 301/302 after POST, become GET; credentials are not sent to another site), each hop checked against the policy. By default every public and private address may be called except link-local ones (169.254.0.0/16, the cloud metadata service); the server can restrict calls to an allow-list, deny hosts or networks, or deny all private networks (docs/semantics.md, "HTTP requests"). The execution's deadline also ends the request.`,
  inputs: [
    { id: 'url', type: 'String' },
    { id: 'method', type: 'Enum', options: HTTP_METHODS, default: 'GET' },
    { id: 'headers', type: 'Object', default: {} },
    { id: 'body', type: 'Any', default: null },
    { id: 'timeoutSeconds', type: 'Float', default: 30 },
  ],
  outputs: [
    { id: 'status', type: 'Integer' },
    { id: 'headers', type: 'Object' },
    { id: 'body', type: 'Any' },
  ],
  make:
    () =>
    (
      ctx: ExecutionContext,
      url: string,
      method: string,
      headers: Record<string, unknown> | null,
      body: unknown,
      timeoutSeconds: number,
    ): Promise<HttpResult> => {
      if (!(timeoutSeconds > 0))
        return Promise.reject(new DragopsError('NODE_ERROR', `timeoutSeconds must be more than 0, got ${timeoutSeconds}`, { pin: 'timeoutSeconds' }));
      let policy;
      try {
        policy = compiledPolicy(ctx.options.http);
      } catch (e) {
        return Promise.reject(new DragopsError('NODE_ERROR', `the server's HTTP policy is invalid: ${(e as Error).message}`, { cause: e }));
      }
      return performRequest({ url, method, headers, body, timeoutMs: timeoutSeconds * 1000 }, policy, ctx.signal);
    },
  examples: [
    {
      inputs: { url: 'https://api.example.com/orders', method: 'POST', body: { item: 'tea', quantity: 2 } },
      output: { status: 201, headers: { 'content-type': 'application/json' }, body: { id: 7, item: 'tea', quantity: 2 } },
      note: 'Illustrative: the outputs are whatever the server answers.',
    },
  ],
});
