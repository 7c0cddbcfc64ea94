/**
 * Our echo server on the gevent front: a `StreamServer` whose handler runs in a greenlet per
 * connection, blocking in `recv()` and `sendall()` on the cooperative socket, as gevent's own
 * echo server example is written, served with `serveForever()` on the hub.
 */
import { NodeEventLoop, setEventLoop } from '../async-loop.js';
import { type Socket, StreamServer } from '../async-hub.js';
import { reportStartFailure, serveControl } from './echo-server-control.js';

let open = 0;

function* echo(socket: Socket) {
  open++;
  try {
    for (let data = yield* socket.recv(65536); data.length !== 0; data = yield* socket.recv(65536)) {
      yield* socket.sendall(data);
    }
  } catch {
    // The clients reset their connections at the end of a run.
  } finally {
    open--;
  }
}

const loop = new NodeEventLoop();
loop.setExceptionHandler((l, context) => {
  const code = (context.exception as { code?: unknown } | undefined)?.code;
  if (code !== 'ECONNRESET' && code !== 'EPIPE') l.defaultExceptionHandler(context);
});
setEventLoop(loop);
const server = new StreamServer(['127.0.0.1', 0], echo);
async function main(): Promise<void> {
  // Blocking the main greenlet (awaiting) runs the hub: until listening, then until stopped.
  await server.start();
  serveControl(server.address[1], () => open);
  await server.serveForever();
}
main().catch(reportStartFailure);
