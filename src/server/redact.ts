// What logs may show of a URL: the value of a token-like query parameter (EventSource sends
// `/api/events?token=…`; it cannot send headers) is replaced by ***, however its name is encoded.
const SECRET_PARAM = /^(access_)?token$/i;

function decoded(s: string): string {
  try { return decodeURIComponent(s.replace(/\+/g, ' ')); } catch { return s; }
}

export function redactUrl(url: string | undefined): string | undefined {
  const q = url?.indexOf('?') ?? -1;
  if (url === undefined || q < 0) return url;
  const params = url.slice(q + 1).split('&').map((pair) => {
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    return SECRET_PARAM.test(decoded(name).trim()) ? `${name}=***` : pair;
  });
  return `${url.slice(0, q)}?${params.join('&')}`;
}
