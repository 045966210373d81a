// Webhook signatures (docs/api.md "Webhooks", docs/semantics.md "Webhook signatures"), all keyed with
// the pattern's webhook secret and compared in constant time:
//   X-Dragops-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">  timestamped: a
//     captured request stops working once its time is more than the tolerance away from now;
//   X-Webhook-Signature: <hex HMAC-SHA256 of the raw body>  and GitHub's  X-Hub-Signature-256:
//     sha256=<hex>  untimed: a captured request can be sent again for as long as the secret lasts.
// `scheme: "timestamped"` accepts only the first; `"any"` accepts each, and a request that carries an
// X-Dragops-Signature is judged by it alone.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export type SignatureScheme = 'any' | 'timestamped';
export const DEFAULT_TOLERANCE_SECONDS = 300;

const HEX64 = /^[0-9a-fA-F]{64}$/;
const first = (h: string | string[] | undefined): string | undefined => (Array.isArray(h) ? h[0] : h);

/** The value of X-Dragops-Signature for a body sent at `t` (unix seconds): what a sender computes. */
export function timestampedSignature(secret: string, raw: Buffer | string, t: number = Math.floor(Date.now() / 1000)): string {
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.`).update(raw).digest('hex')}`;
}

const equal = (hex: string, expected: Buffer): boolean => HEX64.test(hex) && timingSafeEqual(Buffer.from(hex, 'hex'), expected);

/** Why the request's signature is refused (a message for 401 INVALID_SIGNATURE), or undefined when it
 * is good. `now`: milliseconds. */
export function signatureProblem(
  headers: IncomingHttpHeaders,
  raw: Buffer,
  secret: string,
  scheme: SignatureScheme,
  toleranceSeconds: number,
  now = Date.now(),
): string | undefined {
  const stamped = first(headers['x-dragops-signature']);
  if (stamped !== undefined) return timestampedProblem(stamped, raw, secret, toleranceSeconds, now);
  if (scheme === 'timestamped') {
    return 'missing signature: this webhook requires X-Dragops-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>", keyed with the webhook secret> (X-Webhook-Signature and X-Hub-Signature-256 are not accepted)';
  }
  const value = first(headers['x-webhook-signature'] ?? headers['x-hub-signature-256']);
  const hex = value?.startsWith('sha256=') ? value.slice(7) : value;
  if (hex !== undefined && equal(hex, createHmac('sha256', secret).update(raw).digest())) return undefined;
  return 'missing or wrong signature: send X-Dragops-Signature (t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">), X-Webhook-Signature (HMAC-SHA256 hex of the raw body), or X-Hub-Signature-256: sha256=<hex>, keyed with the webhook secret';
}

function timestampedProblem(value: string, raw: Buffer, secret: string, toleranceSeconds: number, now: number): string | undefined {
  let t: string | undefined;
  const v1: string[] = [];
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const k = part.slice(0, eq).trim(),
      v = part.slice(eq + 1).trim();
    if (k === 't') t = v;
    else if (k === 'v1') v1.push(v); // several: a sender signing with the old and the new secret while rotating
  }
  if (t === undefined || !/^\d{1,12}$/.test(t) || v1.length === 0) {
    return 'malformed X-Dragops-Signature: expected t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">';
  }
  const expected = createHmac('sha256', secret).update(`${t}.`).update(raw).digest();
  let good = false;
  for (const hex of v1) if (equal(hex, expected)) good = true; // every candidate is compared: no early exit
  if (!good) return 'wrong X-Dragops-Signature: v1 must be the hex HMAC-SHA256 of "<t>.<raw body>" keyed with the webhook secret';
  const age = Math.floor(now / 1000) - Number(t);
  if (Math.abs(age) > toleranceSeconds) {
    return `the X-Dragops-Signature timestamp is too old (or too far in the future): t=${t} is ${Math.abs(age)} s ${age >= 0 ? 'ago' : 'ahead'}, over the tolerance of ${toleranceSeconds} s; sign each request when it is sent (a replayed request is refused)`;
  }
  return undefined;
}
