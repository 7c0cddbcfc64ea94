/**
 * `HTTPServerResponse`: how a handler answers. The status and headers are kept until the first
 * `write()` or `end()`, so a whole small response (head and body) leaves in one transport write.
 * Framing is chosen then: `end(body)` without a prior `write()` sends `Content-Length`; a
 * `write()` first streams with `Transfer-Encoding: chunked` (HTTP/1.1) or until close
 * (HTTP/1.0), unless the handler set `Content-Length` itself. HEAD, 1xx, 204 and 304 responses
 * never carry a body (what is written is dropped).
 */
import { ConnectionError, InvalidArgumentError, InvalidStateError, type Future, type Transport } from '@async/loop';
import { HTTPHeaders, type HTTPHeadersInit } from './http-headers.js';
import { httpDate } from './http-date.js';
import { reasonFor } from './status-reasons.js';
import { settleWaiters } from './settle-waiters.js';
import type { HTTPServerProtocol } from './server-protocol.js';
import type { HTTPServerRequest } from './server-request.js';

// Response states.
const FRESH = 0;
const HEAD_SENT = 1;
const DONE = 2;

// Body framing chosen when the head is sent.
const NO_BODY = 0;
const LENGTH = 1;
const CHUNKED = 2;
const UNTIL_CLOSE = 3;

const REASON = /^[\t\x20-\x7e\x80-\xff]*$/;
const DIGITS = /^\d{1,15}$/;
const LAST_CHUNK = Buffer.from('0\r\n\r\n', 'latin1');
const CRLF = Buffer.from('\r\n', 'latin1');

/** A body piece: bytes, or text sent as UTF-8. */
export type BodyChunk = Uint8Array | string;

/** The response to one request. */
export class HTTPServerResponse {
  /** The status code to send (default 200). Set before the head is sent. */
  statusCode = 200;
  /** The reason phrase; `undefined` for the standard one. */
  reason: string | undefined = undefined;
  /** @internal */ readonly _protocol: HTTPServerProtocol;
  /** @internal */ readonly _request: HTTPServerRequest;
  /** @internal FRESH, HEAD_SENT or DONE. */
  _state = FRESH;
  /** @internal The connection may carry another request after this response. */
  _keepAlive = false;
  private _headers: HTTPHeaders | null = null;
  private _finishWaiters: Future<void>[] | null = null;
  private _mode = NO_BODY;
  private _remaining = 0;

  /** @internal Made by the server connection. */
  constructor(protocol: HTTPServerProtocol, request: HTTPServerRequest) {
    this._protocol = protocol;
    this._request = request;
  }

  /** The response's header fields, to change until the head is sent. */
  get headers(): HTTPHeaders {
    return (this._headers ??= new HTTPHeaders());
  }

  /** True once the head has been written to the connection. */
  get headersSent(): boolean {
    return this._state !== FRESH;
  }

  /** True once `end()` was called. */
  get finished(): boolean {
    return this._state === DONE;
  }

  /** True once the connection is gone: writes are dropped and `drain()` fails. */
  get closed(): boolean {
    return this._protocol._lost;
  }

  /**
   * Sets the status, adds headers (replacing fields of the same names) and optionally the reason
   * phrase. Nothing is sent until `write()`, `end()` or `flushHeaders()`.
   * @throws `InvalidArgumentError` for a status outside 100–999, a reason with control
   *   characters, bad headers; `InvalidStateError` once the head is sent.
   */
  writeHead(status: number, headers?: HTTPHeadersInit | null, reason?: string): this {
    if (this._state !== FRESH) throw new InvalidStateError('writeHead() after the response head was sent');
    if (!Number.isInteger(status) || status < 100 || status > 999) {
      throw new InvalidArgumentError(`the status must be an integer from 100 to 999, not ${String(status)}`);
    }
    if (reason !== undefined && (typeof reason !== 'string' || !REASON.test(reason))) {
      throw new InvalidArgumentError('the reason phrase must be a string without CR, LF or other control characters');
    }
    this.statusCode = status;
    if (reason !== undefined) this.reason = reason;
    if (headers !== undefined && headers !== null) {
      if (this._headers === null || this._headers.size === 0) {
        // The common case: no header set before, nothing to replace.
        this._headers = new HTTPHeaders(headers);
      } else {
        const extra = new HTTPHeaders(headers);
        const target = this._headers;
        for (const name of new Set(extra._names.map((n) => n.toLowerCase()))) target.delete(name);
        target.extend(extra);
      }
    }
    return this;
  }

  /** Sends the head now, with a streamed body to follow. @throws `InvalidStateError` if sent. */
  flushHeaders(): void {
    if (this._state !== FRESH) throw new InvalidStateError('the response head was already sent');
    this._send(this._head(-1), null, '');
  }

  /**
   * Writes a piece of the body (the head first if not sent yet). Returns false when the
   * connection's write buffer is full: wait for `drain()` before writing more.
   * @throws `InvalidStateError` after `end()`, or past a declared `Content-Length`.
   */
  write(chunk: BodyChunk): boolean {
    if (this._state === DONE) throw new InvalidStateError('write() after end(): the response is finished');
    const data = toBytes(chunk);
    if (this._state === FRESH) {
      const head = this._head(-1);
      if (this._mode === CHUNKED && data.length > 0) this._send(`${head}${data.length.toString(16)}\r\n`, data, '\r\n');
      else this._send(head, this._mode === NO_BODY ? null : this._count(data), '');
    } else {
      this._body(data);
    }
    return !this._protocol._writePaused && !this._protocol._lost;
  }

  /**
   * Finishes the response, with a last piece of body if given. A response that was not started
   * goes out as one write with `Content-Length`.
   * @throws `InvalidStateError` if already finished, or if fewer or more bytes than a declared
   *   `Content-Length` were written (the connection is then aborted).
   */
  end(chunk?: BodyChunk | null): void {
    if (this._state === DONE) throw new InvalidStateError('end() was already called for this response');
    if (this._state === FRESH) {
      if (typeof chunk === 'string') this._endText(chunk);
      else {
        const data = chunk === undefined || chunk === null ? null : toBytes(chunk);
        const head = this._head(data === null ? 0 : data.length);
        if (this._mode === CHUNKED) this._sendChunkedWhole(head, data);
        else this._send(head, this._mode === NO_BODY || data === null ? null : this._count(data), '');
      }
    } else {
      if (chunk !== undefined && chunk !== null) {
        const data = toBytes(chunk);
        if (this._mode === CHUNKED && data.length > 0) {
          this._count(data);
          this._protocol._writeMany([Buffer.from(`${data.length.toString(16)}\r\n`, 'latin1'), data, CRLF, LAST_CHUNK]);
          this._finish();
          return;
        }
        this._body(data);
      }
      if (this._mode === CHUNKED) this._protocol._write(LAST_CHUNK);
    }
    this._finish();
  }

  /**
   * A future that resolves once the connection can take more data (at once if it can now).
   * Fails with `ConnectionError` if the connection is lost.
   */
  drain(): Future<void> {
    return this._protocol._drain();
  }

  /**
   * Takes the connection over, for a protocol switch (WebSocket, CONNECT tunnels): the server
   * stops parsing, timing and tracking it, and this response counts as finished. Send the
   * `101 Switching Protocols` (or other) head first with `writeHead()` and `flushHeaders()`.
   * The transport comes with reading paused: give it a protocol of your own with
   * `transport.setProtocol()`, feed that protocol `buffered` (the bytes that arrived after the
   * request), then call `transport.resumeReading()`. Closing the transport is then yours to do.
   * @throws `InvalidStateError` if the response is finished or the connection gone.
   */
  detach(): { transport: Transport; buffered: Uint8Array } {
    if (this._state === DONE) throw new InvalidStateError('detach() after end(): the response is finished');
    const taken = this._protocol._detach(this);
    this._state = DONE;
    return taken;
  }

  /**
   * A future that resolves once the response is finished (`end()` handed it all to the
   * connection), or fails with `ConnectionError` if the connection is lost before: how a
   * handler learns that the client went away (Twisted's `notifyFinish()`, Tornado's
   * `on_connection_close`). A client that only half-closes (sends EOF after its request) is
   * still owed its response, so the loss shows when the connection is reset or times out.
   */
  waitFinished(): Future<void> {
    const future = this._protocol.loop.createFuture<void>();
    if (this._state === DONE) future.setResult(undefined);
    else if (this._protocol._lost) future.setException(connectionGone());
    else (this._finishWaiters ??= []).push(future);
    return future;
  }

  /** @internal Settles the `waitFinished()` futures: finished (`null`) or lost. */
  _settleFinished(error: Error | null): void {
    const waiters = this._finishWaiters;
    this._finishWaiters = null;
    settleWaiters(waiters, error);
  }

  /** Text body on a fresh response: head and UTF-8 body encoded into one buffer. */
  private _endText(text: string): void {
    const length = Buffer.byteLength(text, 'utf8');
    const head = this._head(length);
    if (this._mode === CHUNKED) {
      this._sendChunkedWhole(head, Buffer.from(text, 'utf8'));
    } else if (this._mode === NO_BODY || length === 0) {
      this._protocol._write(Buffer.from(head, 'latin1'));
    } else {
      this._count(length);
      const buffer = Buffer.allocUnsafe(head.length + length);
      buffer.write(head, 0, 'latin1');
      buffer.write(text, head.length, 'utf8');
      this._protocol._write(buffer);
    }
    this._finish();
  }

  /** A whole body in chunked framing (the handler set `Transfer-Encoding: chunked` itself). */
  private _sendChunkedWhole(head: string, data: Uint8Array | null): void {
    if (data === null || data.length === 0) this._send(`${head}0\r\n\r\n`, null, '');
    else this._send(`${head}${data.length.toString(16)}\r\n`, data, '\r\n0\r\n\r\n');
  }

  /** Writes the head and optional body as one buffer. */
  private _send(head: string, data: Uint8Array | null, suffix: string): void {
    if (data === null || data.length === 0) {
      this._protocol._write(Buffer.from(head + suffix, 'latin1'));
      return;
    }
    const buffer = Buffer.allocUnsafe(head.length + data.length + suffix.length);
    buffer.write(head, 0, 'latin1');
    buffer.set(data, head.length);
    if (suffix.length > 0) buffer.write(suffix, head.length + data.length, 'latin1');
    this._protocol._write(buffer);
  }

  private _body(data: Uint8Array): void {
    if (data.length === 0) return;
    switch (this._mode) {
      case NO_BODY:
        return;
      case CHUNKED:
        // One corked write (a single writev) for the size line, the data and its CRLF.
        this._protocol._writeMany([Buffer.from(`${data.length.toString(16)}\r\n`, 'latin1'), data, CRLF]);
        return;
      default:
        this._protocol._write(this._count(data));
    }
  }

  /** Counts body bytes against a declared length. */
  private _count<T extends Uint8Array | number>(data: T): T {
    if (this._mode !== LENGTH) return data;
    const n = typeof data === 'number' ? data : data.length;
    if (n > this._remaining) {
      this._protocol._abortResponse();
      throw new InvalidStateError(
        `the body is longer than the Content-Length of the response (${n} bytes written, ${this._remaining} expected); the connection was aborted`,
      );
    }
    this._remaining -= n;
    return data;
  }

  private _finish(): void {
    this._state = DONE;
    if (this._mode === LENGTH && this._remaining !== 0) {
      this._protocol._abortResponse();
      throw new InvalidStateError(
        `end() with ${this._remaining} bytes of the declared Content-Length not written; the connection was aborted`,
      );
    }
    if (this._finishWaiters !== null) this._settleFinished(null);
    this._protocol._responseFinished(this);
  }

  /**
   * Serialises the head and chooses the framing; `bodyLength` is the whole body's size when
   * `end()` gives it, or -1 when the body will be streamed.
   */
  private _head(bodyLength: number): string {
    this._state = HEAD_SENT;
    const request = this._request;
    const protocol = this._protocol;
    const status = this.statusCode;
    const http11 = request.version === 'HTTP/1.1';
    let keepAlive = request._keepAlive && !protocol._config.noKeepAlive && !protocol._config.closing;
    let head = `HTTP/1.1 ${status} ${this.reason ?? reasonFor(status)}\r\n`;
    let hasDate = false;
    let hasConnection = false;
    let declared = -1;
    let chunked = false;
    const headers = this._headers;
    if (headers !== null) {
      const names = headers._names;
      const values = headers._values;
      for (let i = 0; i < names.length; i++) {
        const name = names[i]!;
        const value = values[i]!;
        head += `${name}: ${value}\r\n`;
        switch (name.length) {
          case 4:
            if (name.toLowerCase() === 'date') hasDate = true;
            break;
          case 10:
            if (name.toLowerCase() === 'connection') {
              hasConnection = true;
              if (/(?:^|,)\s*close\s*(?:,|$)/i.test(value)) keepAlive = false;
            }
            break;
          case 14:
            if (name.toLowerCase() === 'content-length') {
              if (!DIGITS.test(value) || declared >= 0) {
                this._state = FRESH;
                throw new InvalidArgumentError(`invalid Content-Length ${JSON.stringify(value)} in the response headers`);
              }
              declared = Number(value);
            }
            break;
          case 17:
            if (name.toLowerCase() === 'transfer-encoding') {
              if (value.toLowerCase() !== 'chunked') {
                this._state = FRESH;
                throw new InvalidArgumentError(`only Transfer-Encoding: chunked can be sent, not ${JSON.stringify(value)}`);
              }
              chunked = true;
            }
            break;
        }
      }
    }
    if (!hasDate) head += `Date: ${httpDate()}\r\n`;
    const noBody = request.method === 'HEAD' || status < 200 || status === 204 || status === 304;
    if (noBody) {
      this._mode = NO_BODY;
      if (declared < 0 && bodyLength > 0 && request.method === 'HEAD' && status >= 200 && status !== 204 && status !== 304) {
        head += `Content-Length: ${bodyLength}\r\n`;
      }
    } else if (chunked) {
      if (declared >= 0) {
        this._state = FRESH;
        throw new InvalidArgumentError('a response cannot have both Content-Length and Transfer-Encoding');
      }
      if (!http11) {
        this._state = FRESH;
        throw new InvalidArgumentError('Transfer-Encoding: chunked cannot be sent to an HTTP/1.0 client');
      }
      this._mode = CHUNKED;
    } else if (declared >= 0) {
      this._mode = LENGTH;
      this._remaining = declared;
    } else if (bodyLength >= 0) {
      head += `Content-Length: ${bodyLength}\r\n`;
      this._mode = LENGTH;
      this._remaining = bodyLength;
    } else if (http11) {
      head += 'Transfer-Encoding: chunked\r\n';
      this._mode = CHUNKED;
    } else {
      this._mode = UNTIL_CLOSE;
      keepAlive = false;
    }
    if (!hasConnection) {
      if (!keepAlive && http11) head += 'Connection: close\r\n';
      else if (keepAlive && !http11) head += 'Connection: keep-alive\r\n';
    }
    this._keepAlive = keepAlive;
    return `${head}\r\n`;
  }
}

/** A failed drain for a connection that is gone. */
export function connectionGone(): ConnectionError {
  return new ConnectionError('the HTTP connection was closed before the response could be sent');
}

function toBytes(chunk: BodyChunk): Uint8Array {
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  if (chunk instanceof Uint8Array) return chunk;
  throw new InvalidArgumentError(`a body piece must be a Uint8Array or a string, not ${chunk === null ? 'null' : typeof chunk}`);
}
