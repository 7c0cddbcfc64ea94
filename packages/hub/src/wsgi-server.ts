/**
 * gevent's `pywsgi.WSGIServer([host, port], app)`, TypeScript-flavoured: an `@async/http` server
 * on the hub's loop that runs `app(environ, startResponse)` in a new greenlet per request, so the
 * app may block cooperatively (`sleep`, `urlopen`, queues). The app calls
 * `startResponse('200 OK', [[name, value], …])` and returns an iterable of strings (sent as
 * UTF-8) or bytes; a generator function app blocks with `yield*` and returns that iterable. An
 * array is sent with a `Content-Length`, any other iterable chunk by chunk. An app that fails
 * before answering gets a 500, reported through the loop's exception handler.
 */
import { createHTTPServer, type HTTPServer, type HTTPServerRequest, type HTTPServerResponse } from '@async/http';
import { InvalidArgumentError, InvalidStateError, describeValue, type Future } from '@async/loop';
import { type Hub, currentHub } from './hub.js';
import { Op } from './operation.js';
import type { Group } from './pool.js';
import { checkListener, handlerGroup } from './server-arguments.js';
import { callBlocking, checkFunction } from './greenlet-body.js';
import { checkSeconds } from './greenlet.js';

/** Python's `wsgi.input`: the request body as a file (already received in full). */
export class WSGIInput {
  private _position = 0;

  constructor(private readonly _data: Uint8Array) {}

  /** Up to `size` bytes (all the rest by default). */
  read(size = -1): Uint8Array {
    const end = size < 0 ? this._data.length : Math.min(this._data.length, this._position + size);
    const out = this._data.subarray(this._position, end);
    this._position = end;
    return out;
  }

  /** One line, up to and including `\n`. */
  readline(): Uint8Array {
    const i = this._data.indexOf(10, this._position);
    return this.read(i < 0 ? -1 : i + 1 - this._position);
  }
}

/** The WSGI environ: CGI variables, `HTTP_*` header fields and the `wsgi.*` keys. */
export interface WSGIEnviron {
  REQUEST_METHOD: string;
  SCRIPT_NAME: string;
  PATH_INFO: string;
  QUERY_STRING: string;
  SERVER_NAME: string;
  SERVER_PORT: string;
  SERVER_PROTOCOL: string;
  REMOTE_ADDR: string;
  REMOTE_PORT: string;
  CONTENT_TYPE?: string;
  CONTENT_LENGTH?: string;
  'wsgi.version': [1, 0];
  'wsgi.url_scheme': 'http' | 'https';
  'wsgi.input': WSGIInput;
  'wsgi.multithread': false;
  'wsgi.multiprocess': false;
  'wsgi.run_once': false;
  /** `HTTP_HOST`, `HTTP_USER_AGENT`, …: each request header field. */
  [key: string]: unknown;
}

/** `startResponse(status, headers)`: gives the status line and header fields; returns a `write(data)`. */
export type StartResponse = (status: string, headers: [string, string][], excInfo?: unknown) => (data: Uint8Array | string) => void;

/** A WSGI application: may block (a generator function), returns the body as an iterable. */
export type WSGIApplication = (environ: WSGIEnviron, startResponse: StartResponse) => unknown;

/** Options of `WSGIServer`. */
export interface WSGIServerOptions {
  /** Requests handled at once at most: a size or a `Pool`. Default: no limit. */
  spawn?: number | Group;
}

const encoder = new TextEncoder();

/** gevent's `pywsgi.WSGIServer`. */
export class WSGIServer {
  /** The hub the server runs on. */
  readonly hub: Hub;
  /** The group the request greenlets run in. */
  readonly pool: Group;
  /** The application. */
  readonly application: WSGIApplication;
  private readonly _host: string;
  private readonly _port: number;
  private _server: HTTPServer | null = null;
  /** The port once listening: every request's environ gives it, and asking the socket is a system call. */
  private _boundPort = 0;
  private _stopped: Future<void> | null = null;

  /** @throws InvalidArgumentError on a bad listener, application or options. */
  constructor(listener: [host: string, port: number], application: WSGIApplication, options: WSGIServerOptions = {}) {
    checkListener(listener, 'WSGIServer');
    checkFunction(application, 'the application of a WSGIServer');
    this.hub = currentHub();
    [this._host, this._port] = listener;
    this.application = application;
    this.pool = handlerGroup(options.spawn, 'WSGIServer({ spawn })');
  }

  /** True between `start()` and `stop()`. */
  get started(): boolean {
    return this._server !== null;
  }

  /** `[host, port]` listened on (the real port once started with port 0). */
  get address(): [host: string, port: number] {
    const server = this._server;
    if (server === null) return [this._host, this._port];
    return [this._host, this._boundPort];
  }

  /** Starts listening; done once the server accepts connections. */
  start(): Op<void> {
    if (this._server !== null) return Op.settled(this.hub, false, undefined);
    const hub = this.hub;
    return Op.primitive(hub, (wake) => {
      const server = createHTTPServer(hub, (request, response) => this._spawn(request, response));
      const listening = server.listen({ host: this._host, port: this._port });
      listening.addDoneCallback((f) => {
        if (f.cancelled()) return;
        const error = f.exception();
        if (error !== null && error !== undefined) {
          server.close();
          wake(true, error);
          return;
        }
        if (this._server !== null) server.close();
        else {
          this._server = server;
          this._boundPort = server.port;
          this._stopped = hub.createFuture<void>();
        }
        wake(false, undefined);
      });
      return () => {
        if (!listening.done()) listening.cancel();
        server.close();
      };
    });
  }

  /** Starts (if needed) and blocks until `stop()`. */
  serveForever(): Op<void> {
    const self = this;
    return Op.composite(this.hub, function* () {
      yield* self.start();
      yield self._stopped!;
    });
  }

  /**
   * Stops accepting, gives running requests `timeout` seconds (default 1) to finish, kills the
   * rest and closes every connection.
   */
  stop(timeout = 1): Op<void> {
    checkSeconds(timeout, 'stop(timeout)');
    const server = this._server;
    if (server === null) return Op.settled(this.hub, false, undefined);
    this._server = null;
    server.close();
    if (this._stopped !== null && !this._stopped.done()) this._stopped.setResult(undefined);
    const pool = this.pool;
    return Op.composite(this.hub, function* () {
      if (!(yield* pool.join({ timeout }))) yield* pool.kill();
      server.abortConnections();
      yield server.waitClosed();
    });
  }

  /** `<WSGIServer on host:port>` or `<WSGIServer stopped>`. */
  toString(): string {
    return `<WSGIServer ${this.started ? `on ${this.address.join(':')}` : 'stopped'}>`;
  }

  private _spawn(request: HTTPServerRequest, response: HTTPServerResponse): void {
    const self = this;
    this.pool.spawn(function* () {
      yield* self._handle(request, response);
    });
  }

  private *_handle(request: HTTPServerRequest, response: HTTPServerResponse): Generator<unknown, void, unknown> {
    let started = false;
    const write = (data: Uint8Array | string): void => {
      if (!started) throw new InvalidStateError('write() before startResponse(): call startResponse(status, headers) first');
      const bytes = toBytes(data);
      if (bytes.length > 0 && !response.closed) response.write(bytes);
    };
    const startResponse: StartResponse = (status, headers, excInfo) => {
      if (started && (excInfo === undefined || excInfo === null)) {
        throw new InvalidStateError('startResponse() called twice: pass excInfo to replace the headers of a failed response');
      }
      if (response.headersSent) throw excInfo instanceof Error ? excInfo : new InvalidStateError('the response head was already sent');
      const match = typeof status === 'string' ? /^(\d{3})(?: (.*))?$/.exec(status) : null;
      if (match === null) throw new InvalidArgumentError(`startResponse(status) takes a status line such as '200 OK', got ${describeValue(status)}`);
      if (!Array.isArray(headers)) throw new InvalidArgumentError(`startResponse(status, headers) takes [[name, value], …], got ${describeValue(headers)}`);
      for (const name of [...response.headers].map(([n]) => n)) response.headers.delete(name);
      response.writeHead(Number(match[1]), headers, match[2]);
      started = true;
      return write;
    };
    try {
      const result = yield* callBlocking(this.application, undefined, [environOf(request, this.address), startResponse]);
      if (result === null || typeof result !== 'object' || typeof (result as Iterable<unknown>)[Symbol.iterator] !== 'function') {
        throw new InvalidArgumentError(`a WSGI application must return an iterable of strings or bytes, got ${describeValue(result)}`);
      }
      if (Array.isArray(result)) {
        const body = Buffer.concat(result.map(toBytes));
        if (!started) throw new InvalidStateError('the application returned without calling startResponse()');
        if (!response.closed) response.end(body);
        return;
      }
      for (const chunk of result as Iterable<Uint8Array | string>) {
        if (!started) throw new InvalidStateError('the application returned without calling startResponse()');
        const bytes = toBytes(chunk);
        if (response.closed) return;
        if (bytes.length > 0 && !response.write(bytes)) yield response.drain();
      }
      if (!started) throw new InvalidStateError('the application returned without calling startResponse()');
      if (!response.closed) response.end();
    } catch (error) {
      this.hub.loop.callExceptionHandler({ message: `WSGI application failed on ${request.method} ${request.url}`, exception: error, request });
      if (response.closed || response.finished) return;
      if (response.headersSent) {
        request.connection.transport?.abort();
        return;
      }
      for (const name of [...response.headers].map(([n]) => n)) response.headers.delete(name);
      response.writeHead(500, { 'Content-Type': 'text/plain', Connection: 'close' }).end('Internal Server Error');
    }
  }
}

function toBytes(data: unknown): Uint8Array {
  if (typeof data === 'string') return encoder.encode(data);
  if (data instanceof Uint8Array) return data;
  throw new InvalidArgumentError(`a WSGI body chunk must be a string or bytes, got ${describeValue(data)}`);
}

function environOf(request: HTTPServerRequest, [serverName, serverPort]: [string, number]): WSGIEnviron {
  const peer = request.getExtraInfo('peername') as { address?: string; port?: number } | undefined;
  const environ: WSGIEnviron = {
    REQUEST_METHOD: request.method,
    SCRIPT_NAME: '',
    PATH_INFO: unquote(request.path),
    QUERY_STRING: request.query,
    SERVER_NAME: serverName,
    SERVER_PORT: String(serverPort),
    SERVER_PROTOCOL: request.version,
    REMOTE_ADDR: peer?.address ?? '',
    REMOTE_PORT: String(peer?.port ?? ''),
    'wsgi.version': [1, 0],
    'wsgi.url_scheme': request.getExtraInfo('cipher') === undefined ? 'http' : 'https',
    'wsgi.input': new WSGIInput(request.body),
    'wsgi.multithread': false,
    'wsgi.multiprocess': false,
    'wsgi.run_once': false,
  };
  for (const [name, value] of request.headers) {
    const key = name.toUpperCase().replace(/-/g, '_');
    if (key === 'CONTENT_TYPE' || key === 'CONTENT_LENGTH') environ[key] = value;
    else {
      const cgi = `HTTP_${key}`;
      environ[cgi] = environ[cgi] === undefined ? value : `${String(environ[cgi])},${value}`;
    }
  }
  return environ;
}

function unquote(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
