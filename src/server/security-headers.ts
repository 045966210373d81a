// Headers every answer of the dashboard and the API carries (docs/api.md "Security headers"). One
// frozen object, set as is: no per-request work.
//
// The Content-Security-Policy is what the built dashboard (dist/web) needs and no more: its script
// and stylesheet are files of its own origin, it talks to its own API (fetch, EventSource), and it
// sets styles only through the DOM (React's `style` props), which CSP does not restrict — so no
// 'unsafe-inline' and no 'unsafe-eval'. test/e2e checks in Chromium that the app runs under it.
export const CONTENT_SECURITY_POLICY = "default-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
});
