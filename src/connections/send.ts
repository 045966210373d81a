// Outbound requests of connections (token endpoint, verify) under the server's outbound HTTP policy,
// with the same request code as HTTPRequest (src/nodes/http/request.ts): SSRF checks on every hop,
// size limit, timeout.
import { compiledPolicy, type HttpPolicy } from '../nodes/http/policy.js';
import { performRequest } from '../nodes/http/request.js';
import type { Send } from './oauth.js';

export function policySend(policy: HttpPolicy | undefined): Send {
  const compiled = compiledPolicy(policy);
  // No execution deadline here: each request has its own timeout (RequestInput.timeoutMs).
  const never = new AbortController().signal;
  return (input) => performRequest(input, compiled, never);
}
