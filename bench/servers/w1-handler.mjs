// W1 hand-written as a node:http request handler, as a programmer would, nothing else: the baseline
// of bench/http.mjs (served by w1-node-http.mjs) and of bench/pipeline.mjs (called in-process).
export function handleW1(req, res) {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      res.writeHead(400).end();
      return;
    }
    const items = body.items;
    let total = 0;
    for (let i = 0; i < items.length; i++) total += items[i].price * items[i].qty;
    const out = JSON.stringify({ greeting: 'Hello, ' + body.user.name.toUpperCase(), total, tier: total > 100 ? 'gold' : 'basic', count: items.length });
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(out);
  });
}
