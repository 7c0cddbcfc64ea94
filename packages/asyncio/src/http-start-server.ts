/**
 * `http.startServer(handler, host, port)`: an HTTP server on the running loop that runs
 * `handler(request)` as a task per request and sends the `http.Response` it returns (aiohttp's
 * handler model). A handler that raises, or returns something else, gets a 500, reported
 * through the loop's exception handler. Resolves with the `@async/http` server (`port`,
 * `close()`, `waitClosed()`).
 */
import { createHTTPServer, type HTTPServer, type HTTPServerOptions, type HTTPServerRequest, type HTTPServerResponse } from '@async/http';
import {
  type Coroutine,
  type EventLoop,
  InvalidArgumentError,
  type Waitable,
  describeValue,
  getRunningLoop,
  isCoroutine,
  isThenable,
} from '@async/loop';
import { awaitWaitable } from './await-waitable.js';
import { type AwaitableCoroutine, awaitable } from './awaitable-coroutine.js';
import { Request } from './http-web-request.js';
import { Response } from './http-web-response.js';

/** A request handler: a coroutine function (or a plain function) giving a `Response`. */
export type Handler = (request: Request) => Coroutine<Response> | PromiseLike<Response> | Response;

/** Options of `http.startServer()`: the `@async/http` server settings. */
export type ServeOptions = HTTPServerOptions;

/**
 * Listens on `host:port` (port 0 picks a free one: read `server.port`) and resolves with the
 * server once it listens.
 * @throws LoopStateError when no loop is running; InvalidArgumentError for bad arguments.
 */
export function startServer(handler: Handler, host: string, port: number, options: ServeOptions = {}): AwaitableCoroutine<HTTPServer> {
  if (typeof handler !== 'function') {
    throw new InvalidArgumentError(`http.startServer() needs a handler(request) function, got ${describeValue(handler)}`);
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError(`http.startServer() port must be from 0 to 65535, got ${describeValue(port)}`);
  }
  return awaitable(serve(getRunningLoop(), handler, host, port, options));
}

function* serve(loop: EventLoop, handler: Handler, host: string, port: number, options: ServeOptions): Coroutine<HTTPServer> {
  const server = createHTTPServer(loop, (request, response) => dispatch(loop, handler, request, response), options);
  try {
    yield* server.listen({ host, port });
  } catch (error) {
    server.close();
    throw error;
  }
  return server;
}

function dispatch(loop: EventLoop, handler: Handler, request: HTTPServerRequest, response: HTTPServerResponse): void {
  const task = loop.createTask(handle(handler, new Request(request)));
  task.addDoneCallback((t) => {
    if (response.closed || response.finished) return;
    const error = t.cancelled() ? new Error('the handler task was cancelled') : t.exception();
    if (error !== null && error !== undefined) {
      loop.callExceptionHandler({ message: `http handler failed on ${request.method} ${request.url}`, exception: error, request });
      response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('500 Internal Server Error\n\nServer got itself in trouble');
      return;
    }
    const answer = t.result();
    response.writeHead(answer.status, answer.headers, answer.reason).end(answer.body);
  });
}

function* handle(handler: Handler, request: Request): Coroutine<Response> {
  const result: unknown = handler(request);
  const answer: unknown = isCoroutine(result) || isThenable(result) ? yield* awaitWaitable(result as Waitable<unknown>) : result;
  if (!(answer instanceof Response)) {
    throw new InvalidArgumentError(`an http handler must return an http.Response, got ${describeValue(answer)}`);
  }
  return answer;
}
