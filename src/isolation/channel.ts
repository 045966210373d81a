// Messages between the server and an execution process over a socket: each a 4-byte length and the
// value as V8 serializes it (structured clone: plain data, and Uint8Array for Binary values). Writes
// made in one turn of the event loop go out as one write.
import { deserialize, serialize } from 'node:v8';
import type { Duplex } from 'node:stream';

export interface Channel<Out> {
  send(m: Out): void;
}

export function channel<In, Out>(socket: Duplex, onMessage: (m: In) => void): Channel<Out> {
  let buffered: Buffer | null = null;
  socket.on('data', (chunk: Buffer) => {
    let buf = buffered ? Buffer.concat([buffered, chunk]) : chunk;
    let at = 0;
    while (buf.length - at >= 4) {
      const n = buf.readUInt32LE(at);
      if (buf.length - at - 4 < n) break;
      const m = deserialize(buf.subarray(at + 4, at + 4 + n)) as In;
      at += 4 + n;
      onMessage(m);
    }
    buffered = at === buf.length ? null : buf.subarray(at);
    if (buffered && at > 0) buffered = Buffer.from(buffered); // do not keep the consumed part alive
    buf = Buffer.alloc(0);
  });
  let queue: Buffer[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const q = queue;
    queue = [];
    if (!socket.destroyed) socket.write(q.length === 1 ? q[0]! : Buffer.concat(q));
  };
  return {
    send(m: Out): void {
      const body = serialize(m);
      const head = Buffer.allocUnsafe(4);
      head.writeUInt32LE(body.length, 0);
      queue.push(head, body);
      if (!scheduled) {
        scheduled = true;
        queueMicrotask(flush);
      }
    },
  };
}
