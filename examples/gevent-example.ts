// The seed's gevent_example.py on @async/hub: spawn N fetches and joinall them. The "web site" is
// a StreamServer started here on 127.0.0.1 (port 0) that answers every GET after a fixed delay, so
// five fetches at once take about one delay, not five. The fetch is `urlopen(url).read(10)`, which
// blocks only its greenlet, as gevent's monkey-patched urllib2 does over gevent.socket.
import { NodeEventLoop, setEventLoop } from '@async/loop';
import { type Socket, StreamServer, getHub, joinall, sleep, spawn, urlopen } from '@async/hub';

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
  const f = yield* urlopen(`http://127.0.0.1:${port}/`);
  console.log(Buffer.from(yield* f.read(10)).toString('latin1').trimEnd()); // print f.read(10)
  f.close();
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
