import { DragopsError, MAX_JSON_VALUES, defineData, defineNode, jsonShape, type ExecutionContext } from '../sdk/index.js';
import { validateHeaderName, validateHeaderValue } from 'node:http';

export default defineNode({
  type: 'RespondToWebhook',
  impure: true,
  category: 'HTTP',
  label: 'Respond To Webhook',
  description:
    'Answers the webhook request that started this execution: `status` (200–599: anything else, 1xx included, is a NODE_ERROR on the `status` pin), `headers`, and `body` (objects are sent as JSON). Only the first response counts; the execution goes on after it. A body of more than 1,000,000 values as JSON (a part used many times counts each time) is LIMIT_EXCEEDED.',
  inputs: [
    { id: 'status', type: 'Integer', default: 200 },
    { id: 'headers', type: 'Object', default: {} },
    { id: 'body', type: 'Any', default: '' },
  ],
  make: (_c, node) => (ctx: ExecutionContext, status: number, headers: Record<string, unknown> | null, body: unknown) => {
    // A response's status is final: 1xx are interim answers (101 would tell the client the connection
    // switched protocols) and cannot end a request, so they are refused like any other non-status.
    if (status < 200 || status > 599)
      throw new DragopsError(
        'NODE_ERROR',
        `RespondToWebhook's status pin is ${status}, which cannot answer a webhook: give a final HTTP status, 200–599 (1xx are interim answers)`,
        { nodeId: node.id, pin: 'status' },
      );
    const h: Record<string, string> = {};
    if (headers !== null)
      for (const k in headers) {
        if (!Object.hasOwn(headers, k)) continue;
        const v = headers[k];
        const name = k.toLowerCase();
        const value = typeof v === 'string' ? v : (JSON.stringify(v) ?? '');
        try {
          validateHeaderName(name);
          validateHeaderValue(name, value);
        } catch {
          throw new DragopsError(
            'NODE_ERROR',
            `response header ${JSON.stringify(k)} is not a valid HTTP header (a name of letters, digits and !#$%&'*+.^_\`|~-; a value without line breaks)`,
            { nodeId: node.id, pin: 'headers' },
          );
        }
        defineData(h, name, value);
      }
    const shape = jsonShape(body);
    if (!shape)
      throw new DragopsError(
        'LIMIT_EXCEEDED',
        `the response body has more than ${MAX_JSON_VALUES} values as JSON (a part used many times counts each time it appears)`,
        { nodeId: node.id, pin: 'body' },
      );
    ctx.respond({ status, headers: h, body: body === undefined ? null : body }, shape.binary);
  },
});
