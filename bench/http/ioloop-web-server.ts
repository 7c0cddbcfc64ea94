/**
 * Our HTTP hello-world on the Tornado front: a `web.Application` with one `RequestHandler` whose
 * `get()` writes "Hello, world", served by the front's `HTTPServer` (over `@async/http`) on a
 * `NodeEventLoop`. It answers as Tornado's `RequestHandler` does, so each response also carries
 * `Server`, `Content-Type`, `Date` and an `Etag` (a SHA-1 of the body): the Tornado front's cost
 * per request, not only the HTTP layer's. For bench/http's suite: add
 * `{ key: 'ioloop-web', label: 'ours: Tornado front web.Application', side: 'ours', script: '../http/ioloop-web-server.ts' }`
 * to `HTTP_SERVERS`.
 */
import { NodeEventLoop, setEventLoop } from '../async-loop.js';
import { Application, IOLoop, RequestHandler } from '../async-ioloop.js';
import { reportStartFailure, serveControl } from '../tcp-echo/echo-server-control.js';

class HelloHandler extends RequestHandler {
  override get(): void {
    this.write('Hello, world');
  }
}

const loop = new NodeEventLoop();
// The clients reset their connections at the end of a run; only other errors are worth a line.
loop.setExceptionHandler((l, context) => {
  const code = (context.exception as { code?: unknown } | undefined)?.code;
  if (code !== 'ECONNRESET' && code !== 'EPIPE') l.defaultExceptionHandler(context);
});
// The IOLoop binds to the current loop (passing `loop` would mix the dist/ and src/ typings).
setEventLoop(loop);
const ioloop = new IOLoop();
const server = new Application([['/', HelloHandler]]).listen(0, '127.0.0.1', { ioloop });
server.listening.addDoneCallback((listening) => {
  const error = listening.exception();
  if (error !== null) reportStartFailure(error);
  serveControl(server.port, () => server.httpServer.connectionCount);
});
ioloop.start().catch(reportStartFailure);
