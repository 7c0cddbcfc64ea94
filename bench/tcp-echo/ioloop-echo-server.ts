/**
 * Our echo server on the Tornado front: a `TCPServer` whose `handleStream()` coroutine reads
 * whatever has arrived (`readBytes(65536, { partial: true })`) and writes it back, until the
 * stream closes, as Tornado's IOStream echo servers are written.
 */
import { NodeEventLoop, setEventLoop } from '../async-loop.js';
import { IOLoop, type IOStream, StreamClosedError, TCPServer } from '../async-ioloop.js';
import { reportStartFailure, serveControl } from './echo-server-control.js';

let open = 0;

class EchoServer extends TCPServer {
  override *handleStream(stream: IOStream) {
    open++;
    try {
      for (;;) {
        const data = (yield stream.readBytes(65536, { partial: true })) as Uint8Array;
        // Not waited on, as Tornado's echo servers do: writes are buffered in order.
        void stream.write(data);
      }
    } catch (error) {
      // The clients reset their connections at the end of a run.
      if (!(error instanceof StreamClosedError)) throw error;
    } finally {
      open--;
    }
  }
}

const loop = new NodeEventLoop();
loop.setExceptionHandler((l, context) => {
  const code = (context.exception as { code?: unknown } | undefined)?.code;
  if (code !== 'ECONNRESET' && code !== 'EPIPE' && !(context.exception instanceof StreamClosedError)) l.defaultExceptionHandler(context);
});
// The IOLoop binds to the current loop (passing `loop` would mix the dist/ and src/ typings).
setEventLoop(loop);
const ioloop = new IOLoop();
const server = new EchoServer({ ioloop });
server.bind(0, '127.0.0.1', 4096).then(
  () => {
    void server.start();
    const address = server.addresses()[0];
    if (address === undefined || typeof address === 'string') reportStartFailure(new Error('not listening on TCP'));
    serveControl(address.port, () => open);
  },
  reportStartFailure,
);
ioloop.start().catch(reportStartFailure);
