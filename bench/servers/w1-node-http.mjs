// The baseline of bench/http.mjs: W1 hand-written on node:http, as a programmer would, nothing else.
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 4001);
createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    let body;
    try { body = JSON.parse(Buffer.concat(chunks).toString('utf8')); } catch { res.writeHead(400).end(); return; }
    const items = body.items;
    let total = 0;
    for (let i = 0; i < items.length; i++) total += items[i].price * items[i].qty;
    const out = JSON.stringify({ greeting: 'Hello, ' + body.user.name.toUpperCase(), total, tier: total > 100 ? 'gold' : 'basic', count: items.length });
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(out);
  });
}).listen(port, '127.0.0.1', () => process.stdout.write(`ready ${port}\n`));
