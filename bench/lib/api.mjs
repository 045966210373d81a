// The dragops API from a benchmark: JSON in, `data` out; an error answer throws with its body.
export async function api(base, token, method, path, b) {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: b === undefined ? undefined : JSON.stringify(b),
  });
  const j = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${JSON.stringify(j)}`);
  return j.data;
}
