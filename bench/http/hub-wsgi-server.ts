/**
 * Our HTTP hello-world on the gevent front, as `bench/python/gevent_pywsgi_hello.py` writes it: a
 * `WSGIServer` whose application calls `startResponse('200 OK', …)` and returns
 * `['Hello, world']`, each request in a greenlet of its own, served with `serveForever()` on the
 * hub over a `NodeEventLoop`: the gevent front's cost per request (environ, greenlet, WSGI
 * response), over `@async/http`'s server.
 */
import { NodeEventLoop, setEventLoop } from '../async-loop.js';
import { type StartResponse, type WSGIEnviron, WSGIServer } from '../async-hub.js';
import { reportStartFailure, serveControl } from '../tcp-echo/echo-server-control.js';

function application(_environ: WSGIEnviron, startResponse: StartResponse): string[] {
  startResponse('200 OK', [['Content-Type', 'text/plain']]);
  return ['Hello, world'];
}

const loop = new NodeEventLoop();
// The clients reset their connections at the end of a run; only other errors are worth a line.
loop.setExceptionHandler((l, context) => {
  const code = (context.exception as { code?: unknown } | undefined)?.code;
  if (code !== 'ECONNRESET' && code !== 'EPIPE') l.defaultExceptionHandler(context);
});
// The hub binds to the current loop (passing `loop` would mix the dist/ and src/ typings).
setEventLoop(loop);
const server = new WSGIServer(['127.0.0.1', 0], application);
async function main(): Promise<void> {
  // Blocking the main greenlet (awaiting) runs the hub: until listening, then until stopped.
  await server.start();
  // WSGIServer has no connection count to report (nor has gevent's): the HTTP benchmark has no
  // use for it either; only the echo servers' idle-memory measurement reads it.
  serveControl(server.address[1], () => -1);
  await server.serveForever();
}
main().catch(reportStartFailure);
