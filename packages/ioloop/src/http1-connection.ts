/**
 * `HTTP1Connection`: what `request.connection` is on the server side, Tornado's
 * `HTTP1Connection` as a request callback of `HTTPServer` uses it (`writeHeaders()`, `write()`,
 * `finish()`), over the `@async/http` response of that request. Writes return futures of the
 * IOLoop that resolve once the connection can take more (flow control).
 */
import { type Future, InvalidStateError } from '@async/loop';
import type { HTTPHeaders, HTTPServerProtocol, HTTPServerResponse } from '@async/http';
import type { IOLoop } from './ioloop.js';

/** Tornado's `ResponseStartLine`: the status and reason (the version is always HTTP/1.1 here). */
export interface ResponseStartLine {
  /** The status code. */
  code: number;
  /** The reason phrase; default the standard one. */
  reason?: string;
  /** Ignored: responses are sent as HTTP/1.1. */
  version?: string;
}

/** The connection a server request arrived on, for writing its response. */
export class HTTP1Connection {
  /** The IOLoop the futures belong to. */
  readonly ioloop: IOLoop;
  /** The `@async/http` response underneath (for what this adapter does not cover). */
  readonly response: HTTPServerResponse;

  private readonly _protocol: HTTPServerProtocol;

  /** @internal Made by `HTTPServer` for each request. */
  constructor(ioloop: IOLoop, response: HTTPServerResponse, protocol: HTTPServerProtocol) {
    this.ioloop = ioloop;
    this.response = response;
    this._protocol = protocol;
  }

  /** Drops the connection at once (what is unsent is lost). */
  close(): void {
    this._protocol.transport?.abort();
  }

  /** True once the client is gone (writes are then dropped). */
  get closed(): boolean {
    return this.response.closed;
  }

  /**
   * Sends the status line and `headers`, then `chunk` if given.
   * @throws InvalidStateError if the head was sent already.
   * @throws InvalidArgumentError for a bad status, reason or header.
   */
  writeHeaders(startLine: ResponseStartLine, headers: HTTPHeaders, chunk?: Uint8Array | string | null): Future<void> {
    this._head(startLine, headers);
    if (chunk !== undefined && chunk !== null && chunk.length > 0) return this.write(chunk);
    this.response.flushHeaders();
    return this._drained(true);
  }

  /**
   * Sends a piece of the body (dropped once the client is gone).
   * @throws InvalidStateError after `finish()`.
   */
  write(chunk: Uint8Array | string): Future<void> {
    // A client that left gets nothing more: the piece is dropped, as @async/http drops it.
    if (this.closed) return this._drained(true);
    return this._drained(this.response.write(chunk));
  }

  /**
   * Ends the response.
   * @throws InvalidStateError if it was finished already, or if the body is shorter than its declared `Content-Length`.
   */
  finish(): void {
    // Once the client is gone, a body shorter than its Content-Length is no error (as Tornado).
    if (this.closed && this.response.headersSent) return;
    this.response.end();
  }

  /**
   * @internal Sends a whole response (head and body) at once, as one write: what
   * `RequestHandler.finish()` does when nothing was flushed before.
   */
  _respond(startLine: ResponseStartLine, headers: HTTPHeaders, chunk: Uint8Array | null): void {
    this._head(startLine, headers);
    this.response.end(chunk);
  }

  private _head(startLine: ResponseStartLine, headers: HTTPHeaders): void {
    const response = this.response;
    if (response.headersSent) throw new InvalidStateError('writeHeaders() after the response head was sent');
    response.writeHead(startLine.code, null, startLine.reason);
    const target = response.headers;
    for (const [name, value] of headers) target.add(name, value);
  }

  private _drained(ready: boolean): Future<void> {
    // The server runs on the IOLoop, so drain() is a future of the IOLoop already.
    if (!ready) return this.response.drain();
    const done = this.ioloop.createFuture<void>();
    done.setResult(undefined);
    return done;
  }
}
