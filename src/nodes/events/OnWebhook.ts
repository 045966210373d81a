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
    const e = g.event;
    g.follow('then');
    return lines([
      g.reads('body') && _`${g.out('body')} = ${g.rt('nn')}(${e}.body);`,
      g.reads('headers') && _`${g.out('headers')} = ${e}.headers ?? {};`,
      g.reads('query') && _`${g.out('query')} = ${e}.query ?? {};`,
      g.reads('method') && _`${g.out('method')} = ${e}.method ?? "POST";`,
      g.reads('url') && _`${g.out('url')} = ${e}.url ?? "/";`
    ]);
  },
});
