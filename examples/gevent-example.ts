// The seed's gevent_example.py on @async/hub: spawn N fetches and joinall them. The "web site" is
// a StreamServer started here on 127.0.0.1 (port 0) that answers every GET after a fixed delay, so
// five fetches at once take about one delay, not five. The fetch is a minimal HTTP/1.0 GET over
// the cooperative socket, as gevent's monkey-patched urllib2 would do over gevent.socket.
import { NodeEventLoop, setEventLoop } from '@async/loop';
import { type Socket, StreamServer, createConnection, getHub, joinall, sleep, spawn } from '@async/hub';

const DELAY = 0.2;
const loop = new NodeEventLoop();
setEventLoop(loop);

function* slowPage(socket: Socket) {
  // Read the request head, up to the blank line, then answer after DELAY.
  for (let line = yield* socket.readline(); line.length > 2; line = yield* socket.readline());
  yield* sleep(DELAY);
  yield* socket.sendall('HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n<!DOCTYPE html><title>slow</title>\n');
}

function* fetch(port: number) {
  const socket = yield* createConnection(['127.0.0.1', port], 5);
  try {
    yield* socket.sendall('GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n');
    const chunks: Uint8Array[] = [];
    for (let chunk = yield* socket.recv(); chunk.length !== 0; chunk = yield* socket.recv()) chunks.push(chunk);
    const body = Buffer.concat(chunks).toString('latin1').split('\r\n\r\n')[1] ?? '';
    console.log(body.slice(0, 10).trimEnd()); // print f.read(10)
  } finally {
    socket.close();
  }
}

const server = new StreamServer(['127.0.0.1', 0], slowPage);
await server.start();
const port = server.address[1];
const hub = getHub();
for (const num of [1, 5]) {
  const start = hub.time();
  await joinall(Array.from({ length: num }, () => spawn(fetch, port)));
  console.log(`${num} fetches in ${(hub.time() - start).toFixed(2)} s`);
}
await server.stop();
setEventLoop(null);
loop.close();
