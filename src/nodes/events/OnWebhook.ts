import { Type } from '@sinclair/typebox';
import { defineNode } from '../define.js';
import { _, lines } from '../../compiler/codegen/code.js';

export default defineNode({
  type: 'OnWebhook',
  category: 'Events',
  label: 'On Webhook',
  description: 'Starts the pattern when its webhook URL receives a request. `body` is parsed JSON when the content type says so, else text; header names are lower-case.',
  trigger: 'trigger',
  config: Type.Object({
    responseMode: Type.Optional(Type.Union([Type.Literal('immediate'), Type.Literal('lastNode'), Type.Literal('responseNode')], {
      description: 'immediate: answer 202 at once; lastNode: answer when the execution ends; responseNode: answer with RespondToWebhook. Default: responseNode when the pattern has a RespondToWebhook, else immediate.',
    })),
    requireSignature: Type.Boolean({ default: false, description: 'Reject requests without a valid X-Webhook-Signature / X-Hub-Signature-256.' }),
  }, { additionalProperties: false }),
  outputs: [
    { id: 'body', type: 'Any' },
    { id: 'headers', type: 'Object' },
    { id: 'query', type: 'Object' },
    { id: 'method', type: 'String' },
    { id: 'url', type: 'String' },
  ],
  emit: (g) => {
    const nn = g.rt('nn');
    return lines([
      _`${g.out('body')} = ${nn}(${g.event}.body);`,
      _`${g.out('headers')} = ${g.event}.headers ?? {};`,
      _`${g.out('query')} = ${g.event}.query ?? {};`,
      _`${g.out('method')} = ${g.event}.method ?? "POST";`,
      _`${g.out('url')} = ${g.event}.url ?? "/";`,
      g.exec('then'),
    ]);
  },
});
