// The baseline of bench/http.mjs: W1 hand-written on node:http (w1-handler.mjs), nothing else.
import { createServer } from 'node:http';
import { handleW1 } from './w1-handler.mjs';

const port = Number(process.argv[2] ?? 4001);
createServer(handleW1).listen(port, '127.0.0.1', () => process.stdout.write(`ready ${port}\n`));
