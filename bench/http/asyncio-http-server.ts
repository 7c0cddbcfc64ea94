/**
 * Our HTTP hello-world on the asyncio front, as `bench/python/aiohttp_hello.py` writes it with
 * aiohttp's low-level server: `http.startServer(handler, host, port)` with a coroutine handler
 * returning `new http.Response({ text: 'Hello, world' })`, a task per request, all run with
 * asyncio's `run()` on a `NodeEventLoop`: the asyncio front's cost per request (a task, its
 * `Request` and `Response`), over `@async/http`'s server.
 */
import { type Coroutine, getRunningLoop, http, run } from '../async-asyncio.js';
import { reportStartFailure, serveControl } from '../tcp-echo/echo-server-control.js';

function* handler(_request: http.Request): Coroutine<http.Response> {
  return new http.Response({ text: 'Hello, world' });
}

function* main(): Coroutine<void> {
  // The clients reset their connections at the end of a run; only other errors are worth a line.
  getRunningLoop().setExceptionHandler((l, context) => {
    const code = (context.exception as { code?: unknown } | undefined)?.code;
    if (code !== 'ECONNRESET' && code !== 'EPIPE') l.defaultExceptionHandler(context);
  });
  const server = yield* http.startServer(handler, '127.0.0.1', 0);
  serveControl(server.port, () => server.connectionCount);
  // Served until the bench goes away (serveControl exits the process then).
  yield* server.waitClosed();
}

run(main()).catch(reportStartFailure);
