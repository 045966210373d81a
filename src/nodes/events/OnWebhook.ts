import { _, defineNode, lines } from '../sdk/index.js';
import { Type } from '@sinclair/typebox';

export default defineNode({
  type: 'OnWebhook',
  category: 'Events',
  label: 'On Webhook',
  description:
    'Starts the pattern when its webhook URL receives a request. `body` by the content type: JSON parsed; `application/x-www-form-urlencoded` an Object of Strings (a repeated key an Array); `multipart/form-data` an Object whose files are `{filename, contentType, data: Binary}`; `application/octet-stream` Binary; anything else text; an empty body null. Header names are lower-case. With `requireSignature`, requests must be signed with the webhook secret: `X-Dragops-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` (timestamped: refused once older than `signatureToleranceSeconds`, so a captured request cannot be replayed later), or the untimed `X-Webhook-Signature` / `X-Hub-Signature-256`; `signatureScheme: "timestamped"` accepts only the timestamped one (and requires it even without `requireSignature`).',
  trigger: 'trigger',
  config: Type.Object(
    {
      responseMode: Type.Optional(
        Type.Union([Type.Literal('immediate'), Type.Literal('lastNode'), Type.Literal('responseNode')], {
          description:
            'immediate: answer 202 at once; lastNode: answer when the execution ends; responseNode: answer with RespondToWebhook. Default: responseNode when the pattern has a RespondToWebhook, else immediate.',
        }),
      ),
      requireSignature: Type.Boolean({
        default: false,
        description: 'Reject requests without a valid signature: X-Dragops-Signature (timestamped), X-Webhook-Signature or X-Hub-Signature-256.',
      }),
      signatureScheme: Type.Optional(
        Type.Union([Type.Literal('any'), Type.Literal('timestamped')], {
          description:
            'any (default): each signature header is accepted; timestamped: only X-Dragops-Signature, whose timestamp makes a captured request useless once the tolerance has passed (implies requireSignature).',
        }),
      ),
      signatureToleranceSeconds: Type.Optional(
        Type.Integer({ minimum: 1, maximum: 86_400, description: 'How far from now an X-Dragops-Signature timestamp may be, either way. Default: 300.' }),
      ),
    },
    { additionalProperties: false },
  ),
  outputs: [
    { id: 'body', type: 'Any' },
    { id: 'headers', type: 'Object' },
    { id: 'query', type: 'Object' },
    { id: 'method', type: 'String' },
    { id: 'url', type: 'String' },
  ],
  emit: (g) => {
    const e = g.event;
    g.follow('then');
    return lines([
      g.reads('body') && _`${g.out('body')} = ${g.rt('nn')}(${e}.body);`,
      g.reads('headers') && _`${g.out('headers')} = ${e}.headers ?? {};`,
      g.reads('query') && _`${g.out('query')} = ${e}.query ?? {};`,
      g.reads('method') && _`${g.out('method')} = ${e}.method ?? "POST";`,
      g.reads('url') && _`${g.out('url')} = ${e}.url ?? "/";`,
    ]);
  },
});
