import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signatureProblem, timestampedSignature } from './signature.js';

const secret = 'whsec_test';
const body = Buffer.from('{"order":42}');
const NOW = 1_750_000_000_000;
const t = NOW / 1000;
const hmac = (data: string | Buffer, key = secret) => createHmac('sha256', key).update(data).digest('hex');
const check = (headers: Record<string, string>, scheme: 'any' | 'timestamped' = 'any', raw = body, tolerance = 300) =>
  signatureProblem(headers, raw, secret, scheme, tolerance, NOW);

describe('signatureProblem', () => {
  it('accepts X-Dragops-Signature: t=<unix s>,v1=<hex HMAC of "<t>.<body>">, within the tolerance either way', () => {
    expect(timestampedSignature(secret, body, t)).toBe(`t=${t},v1=${hmac(`${t}.${body}`)}`);
    for (const at of [t, t - 300, t + 300]) expect(check({ 'x-dragops-signature': timestampedSignature(secret, body, at) }), String(at)).toBeUndefined();
    for (const scheme of ['any', 'timestamped'] as const)
      expect(check({ 'x-dragops-signature': timestampedSignature(secret, body, t) }, scheme)).toBeUndefined();
    // Upper-case hex, spaces after commas, an unknown key (a future v2) beside it.
    expect(check({ 'x-dragops-signature': `t=${t}, v1=${hmac(`${t}.${body}`).toUpperCase()}, v2=abc` })).toBeUndefined();
  });

  it('refuses a timestamp over the tolerance away, saying it is too old, even when the HMAC is right', () => {
    expect(check({ 'x-dragops-signature': timestampedSignature(secret, body, t - 301) })).toMatch(/timestamp is too old.*301 s ago.*tolerance of 300 s/);
    expect(check({ 'x-dragops-signature': timestampedSignature(secret, body, t + 301) })).toMatch(/too far in the future.*301 s ahead/);
    expect(check({ 'x-dragops-signature': timestampedSignature(secret, body, t - 3600) }, 'any', body, 7200)).toBeUndefined();
    expect(check({ 'x-dragops-signature': timestampedSignature(secret, body, t - 61) }, 'any', body, 60)).toMatch(/too old/);
  });

  it('refuses a wrong secret, another body, another timestamp than the one signed, and malformed values', () => {
    expect(check({ 'x-dragops-signature': timestampedSignature('other', body, t) })).toMatch(/wrong X-Dragops-Signature/);
    expect(check({ 'x-dragops-signature': timestampedSignature(secret, body, t) }, 'any', Buffer.from('{"order":43}'))).toMatch(/wrong/);
    // The signature of one time moved onto another: the timestamp is part of what is signed.
    expect(check({ 'x-dragops-signature': `t=${t - 10},v1=${hmac(`${t}.${body}`)}` })).toMatch(/wrong/);
    // The untimed HMAC of the body is not a v1.
    expect(check({ 'x-dragops-signature': `t=${t},v1=${hmac(body)}` })).toMatch(/wrong/);
    for (const v of ['', 'garbage', `v1=${hmac(`${t}.${body}`)}`, `t=${t}`, `t=soon,v1=${hmac(`${t}.${body}`)}`, `t=-5,v1=aa`, `t=${t},v1=zz`]) {
      expect(check({ 'x-dragops-signature': v }), v).toMatch(/malformed|wrong/);
    }
  });

  it('several v1 (signed with the old and the new secret while rotating): one right one is enough', () => {
    expect(check({ 'x-dragops-signature': `t=${t},v1=${hmac(`${t}.${body}`, 'old secret')},v1=${hmac(`${t}.${body}`)}` })).toBeUndefined();
    expect(check({ 'x-dragops-signature': `t=${t},v1=${hmac(`${t}.${body}`, 'old')},v1=${hmac(`${t}.${body}`, 'older')}` })).toMatch(/wrong/);
  });

  it('scheme "any" also accepts the untimed X-Webhook-Signature and X-Hub-Signature-256; "timestamped" refuses them', () => {
    const untimed: Record<string, string>[] = [{ 'x-webhook-signature': hmac(body) }, { 'x-hub-signature-256': `sha256=${hmac(body)}` }];
    for (const h of untimed) {
      expect(check(h, 'any')).toBeUndefined();
      expect(check(h, 'timestamped')).toMatch(/requires X-Dragops-Signature.*not accepted/);
    }
    expect(check({}, 'any')).toMatch(/missing or wrong signature/);
    expect(check({ 'x-webhook-signature': hmac(body, 'nope') }, 'any')).toMatch(/missing or wrong/);
  });

  it('a request with an X-Dragops-Signature is judged by it alone: a stale one is not rescued by an untimed one', () => {
    expect(check({ 'x-dragops-signature': timestampedSignature(secret, body, t - 1000), 'x-webhook-signature': hmac(body) })).toMatch(/too old/);
  });
});
