/**
 * `HTTPServerProtocol`: the server side of one HTTP/1.1 connection, a PEP 3156 protocol over any
 * transport (TCP, TLS, UNIX socket, in-memory). It parses requests, calls the handler for each,
 * and writes the responses in request order: after a request is complete the parser pauses
 * until its response has ended, so pipelined requests wait their turn (and reading stops if more
 * than a head's worth of them queue up). Keep-alive follows HTTP/1.1 (persistent unless
 * `Connection: close`) and HTTP/1.0 (closed unless `Connection: keep-alive`).
 *
 * Timeouts use one loop timer per connection whatever the number of requests: each phase
 * (waiting for a request, reading a head, reading a body) only moves a deadline, and the timer,
 * when it fires early, re-arms itself for the current deadline.
 */
import {
  ConnectionError,
  InvalidStateError,
  type EventLoop,
  type ExtraInfoName,
  type Future,
  type Protocol,
  type TimerHandle,
  type Transport,
} from '@async/loop';
import { HTTPParseError } from './errors.js';
import type { RequestHead } from './head-parser.js';
import { HTTPMessageParser } from './message-parser.js';
import { settleWaiters } from './settle-waiters.js';
import { reasonFor } from './status-reasons.js';
import type { ServerConfig } from './server-options.js';
import { HTTPServerRequest } from './server-request.js';
import { BodyQueue } from './body-queue.js';
import { StreamDecoder, canDecode, decodeBody } from './content-decoding.js';
import { HTTPServerResponse, connectionGone } from './server-response.js';

// Connection phases, for the deadline.
/** Waiting for the first byte of a request. */
const IDLE = 0;
/** Reading a request head. */
const HEAD = 1;
/** Reading a request body. */
const BODY = 2;
/** A request is with the handler. */
const HANDLING = 3;

// Reasons reading is paused (bits).
const PAUSED_FOR_BODY = 1;
const PAUSED_FOR_BACKLOG = 2;

const CONTINUE = Buffer.from('HTTP/1.1 100 Continue\r\n\r\n', 'latin1');
const CONNECTION_TOKENS = /[^,\s][^,]*/g;

/** The server side of one HTTP connection. Made by the server's protocol factory. */
export class HTTPServerProtocol implements Protocol {
  /** The loop this connection runs on. */
  readonly loop: EventLoop;
  /** @internal */ readonly _config: ServerConfig;
  /** @internal True while the transport's buffer is over its high-water mark. */
  _writePaused = false;
  /** @internal True once the connection is lost. */
  _lost = false;
  private _transport: Transport | null = null;
  private readonly _parser: HTTPMessageParser<RequestHead>;
  private _phase = IDLE;
  private _deadline = 0;
  private _timer: TimerHandle | null = null;
  private _readPaused = 0;
  /** The request whose response is not finished, if any. */
  private _request: HTTPServerRequest | null = null;
  /** The request whose body is being parsed, if any (the same one, unless answered early). */
  private _reading: HTTPServerRequest | null = null;
  /** Decodes a streamed gzip/deflate request body (`decompressRequest`). */
  private _decoder: StreamDecoder | null = null;
  /** The coding of a buffered request body to decode once complete (`decompressRequest`). */
  private _coding: string | null = null;
  private _response: HTTPServerResponse | null = null;
  /** Buffered body pieces of the request being read. */
  private _bodyParts: Uint8Array[] | null = null;
  private _drainWaiters: Future<void>[] | null = null;
  private _peerClosed = false;

  /** @internal Made by the server; use `createHTTPServer()` or `httpProtocolFactory()`. */
  constructor(config: ServerConfig) {
    this.loop = config.loop;
    this._config = config;
    this._parser = new HTTPMessageParser<RequestHead>('request', this, config);
  }

  /** The transport, once connected. */
  get transport(): Transport | null {
    return this._transport;
  }

  /** Transport information (`'peername'`, `'sockname'`, `'peercert'`, …). */
  getExtraInfo(name: ExtraInfoName, defaultValue?: unknown): unknown {
    return this._transport === null ? defaultValue : this._transport.getExtraInfo(name, defaultValue);
  }

  /** Closes the connection (after what is buffered is sent). */
  close(): void {
    this._transport?.close();
  }

  /** True when no request is in progress on this connection. */
  get idle(): boolean {
    return this._request === null && !this._parser.inMessage;
  }

  // ---- Protocol -----------------------------------------------------------------------------

  connectionMade(transport: Transport): void {
    this._transport = transport;
    this._config.connections.add(this);
    if (this._config.closing) {
      transport.close();
      return;
    }
    this._setDeadline(this._config.idleTimeout);
  }

  dataReceived(data: Uint8Array): void {
    const wasIdle = this._phase === IDLE;
    if (wasIdle) this._phase = HEAD;
    const parser = this._parser;
    try {
      parser.execute(data);
    } catch (error) {
      this._parseFailed(error);
      return;
    }
    // The head timeout runs from its first byte; a head that came whole never needs it.
    if (wasIdle && this._phase === HEAD && parser.inMessage) this._setDeadline(this._config.headerTimeout);
    if (parser.paused && parser.bufferedSize > this._config.maxHeaderSize) this._pauseReading(PAUSED_FOR_BACKLOG);
  }

  eofReceived(): boolean {
    this._peerClosed = true;
    try {
      this._parser.finish();
    } catch (error) {
      this._parseFailed(error);
      return false;
    }
    // A request with the handler still gets its response; the connection closes after it.
    return this._request !== null;
  }

  connectionLost(error: Error | null): void {
    this._lost = true;
    const config = this._config;
    config.connections.delete(this);
    if (config.connections.size === 0 && config.onEmpty !== null) config.onEmpty();
    this._parser.stop();
    if (this._timer !== null) {
      this._timer.cancel();
      this._timer = null;
    }
    const request = this._reading ?? this._request;
    if (request !== null) {
      request._end(new ConnectionError('the client closed the connection before the request was finished', { cause: error ?? undefined }));
    }
    this._bodyParts = null;
    this._decoder?.destroy();
    this._decoder = null;
    this._response?._settleFinished(connectionGone());
    const waiters = this._drainWaiters;
    this._drainWaiters = null;
    settleWaiters(waiters, waiters === null ? null : connectionGone());
  }

  pauseWriting(): void {
    this._writePaused = true;
  }

  resumeWriting(): void {
    this._writePaused = false;
    const waiters = this._drainWaiters;
    this._drainWaiters = null;
    settleWaiters(waiters, null);
  }

  // ---- parser sink --------------------------------------------------------------------------

  /** @internal */
  onHead(head: RequestHead, framing: number): void {
    const headers = head.headers;
    const host = headers._indexOf('host');
    if (host >= 0 && headers._indexOf('host', host + 1) >= 0) {
      throw new HTTPParseError('a request with several Host fields is refused (RFC 9112 section 3.2)');
    }
    let keepAlive = head.versionMinor === 1;
    // Internal lookups skip get(): the names are lower-case already and usually appear once.
    if (headers._indexOf('connection') >= 0) keepAlive = connectionKeepAlive(headers.get('connection')!, keepAlive);
    let expectContinue = false;
    const expect = headers._indexOf('expect') >= 0 ? headers.get('expect') : undefined;
    if (expect !== undefined && head.versionMinor === 1) {
      if (expect.toLowerCase() !== '100-continue') throw new HTTPParseError(`unsupported expectation ${JSON.stringify(expect)}`, 417);
      expectContinue = framing !== 0;
    }
    const config = this._config;
    const stream = config.stream;
    const request = new HTTPServerRequest(this, head, keepAlive);
    const streaming = stream === false ? false : stream === true ? true : this._decideStreaming(stream, request);
    if (streaming) request._queue = new BodyQueue(this.loop, (pause) => this._pauseForBody(pause), () => this._sendContinue(request));
    if (config.decompressRequest && framing !== 0) this._setUpDecoding(request);
    this._request = request;
    this._reading = request;
    this._response = new HTTPServerResponse(this, request);
    if (framing !== 0) {
      this._phase = BODY;
      this._setDeadline(config.bodyTimeout);
    } else {
      // No body: complete already, even for a streaming handler answering right away.
      request._end(null);
      this._phase = HANDLING;
      this._deadline = 0;
    }
    if (streaming) {
      request._continuePending = expectContinue;
      this._dispatch(request, this._response);
    } else if (expectContinue) {
      this._write(CONTINUE);
    }
  }

  /** @internal */
  onBody(data: Uint8Array): void {
    const request = this._reading!;
    // Copy: the view belongs to the parser's buffer.
    const piece = data.slice();
    if (this._decoder !== null) this._decoder.write(piece);
    else if (request._queue !== null) request._queue._push(piece);
    else (this._bodyParts ??= []).push(piece);
  }

  /** @internal */
  onMessageComplete(): boolean {
    const request = this._reading!;
    this._reading = null;
    request.trailers = this._parser.trailers;
    const decoder = this._decoder;
    if (decoder !== null) {
      // The body is all here; the stream ends once the decoder has flushed it.
      this._decoder = null;
      request._complete = true;
      decoder.end();
    } else {
      request._end(null);
    }
    if (request.streaming) {
      // Answered already (before the end of its body): go on as after any response.
      if (this._request !== request) return true;
      this._phase = HANDLING;
      this._deadline = 0;
    } else {
      this._phase = HANDLING;
      this._deadline = 0;
      const parts = this._bodyParts;
      if (parts !== null) {
        this._bodyParts = null;
        request.body = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
      }
      const coding = this._coding;
      if (coding !== null) {
        this._coding = null;
        // A corrupt body throws HTTPParseError: answered 400 like any malformed request.
        request.body = decodeBody(request.body, coding, this._config.maxBodySize) ?? request.body;
      }
      this._dispatch(request, this._response!);
    }
    // Go on with the next (pipelined) request only once this one is answered.
    return this._request === null;
  }

  // ---- used by requests and responses -------------------------------------------------------

  /** @internal */
  _write(data: Uint8Array): void {
    if (!this._lost) this._transport!.write(data);
  }

  /** @internal */
  _writeMany(chunks: Uint8Array[]): void {
    if (!this._lost) this._transport!.writeLines(chunks);
  }

  /** @internal */
  _drain(): Future<void> {
    const future = this.loop.createFuture<void>();
    if (this._lost) future.setException(connectionGone());
    else if (!this._writePaused) future.setResult(undefined);
    else (this._drainWaiters ??= []).push(future);
    return future;
  }

  /** @internal The handler reads a streamed body: send the `100 Continue` it may expect. */
  _sendContinue(request: HTTPServerRequest): void {
    if (!request._continuePending) return;
    request._continuePending = false;
    if (this._response !== null && !this._response.headersSent) this._write(CONTINUE);
  }

  /** @internal Pauses (true) or resumes (false) reading while streamed body piles up. */
  _pauseForBody(pause: boolean): void {
    if (pause) this._pauseReading(PAUSED_FOR_BODY);
    else this._resumeReading(PAUSED_FOR_BODY);
  }

  /**
   * @internal Gives the connection up to whoever takes it over (see `HTTPServerResponse.detach()`):
   * no more parsing, timers or tracking; returns the transport and the unparsed bytes.
   */
  _detach(response: HTTPServerResponse): { transport: Transport; buffered: Uint8Array } {
    if (response !== this._response || this._lost || this._transport === null) {
      throw new InvalidStateError('detach(): the connection is gone, or this response is not the current one');
    }
    const buffered = this._parser.detach();
    this._request = null;
    this._reading = null;
    this._response = null;
    this._bodyParts = null;
    this._deadline = 0;
    if (this._timer !== null) {
      this._timer.cancel();
      this._timer = null;
    }
    // Paused until the new protocol is in place: nothing may reach this one any more.
    this._readPaused = 0;
    this._transport.pauseReading();
    this._lost = true;
    const config = this._config;
    config.connections.delete(this);
    if (config.connections.size === 0 && config.onEmpty !== null) config.onEmpty();
    return { transport: this._transport, buffered };
  }

  /** @internal A response broke its framing: nothing sensible can follow on this connection. */
  _abortResponse(): void {
    this._transport?.abort();
  }

  /** @internal The current response ended: keep the connection for the next request, or close. */
  _responseFinished(response: HTTPServerResponse): void {
    if (response !== this._response) return;
    const request = this._request!;
    this._request = null;
    this._response = null;
    const transport = this._transport!;
    const bodyDone = request._complete;
    if (!response._keepAlive || !bodyDone || this._peerClosed || this._config.closing || this._lost) {
      this._parser.stop();
      transport.close();
      return;
    }
    const parser = this._parser;
    if (parser.bufferedSize > 0) {
      // A pipelined request is waiting: parse it on the next loop iteration, not inside end().
      this._phase = HEAD;
      this._setDeadline(this._config.headerTimeout);
      if (parser.paused) this.loop.callSoon(resumeParsing, this);
    } else {
      this._phase = IDLE;
      this._setDeadline(this._config.idleTimeout);
      parser.resume();
    }
    this._resumeReading(PAUSED_FOR_BODY | PAUSED_FOR_BACKLOG);
  }

  /** @internal */
  _resumeParsing(): void {
    if (this._lost) return;
    try {
      this._parser.resume();
    } catch (error) {
      this._parseFailed(error);
    }
  }

  // ---- internals ----------------------------------------------------------------------------

  /** Prepares decoding of a gzip/deflate request body, renaming its `Content-Encoding`. */
  private _setUpDecoding(request: HTTPServerRequest): void {
    const headers = request.headers;
    const coding = headers.get('content-encoding');
    if (coding === undefined) return;
    const queue = request._queue;
    if (queue !== null) {
      this._decoder = StreamDecoder.create(coding, { data: (piece) => queue._push(piece), end: (error) => queue._end(error) }, this._config.maxBodySize);
      if (this._decoder === null) return;
    } else {
      if (!canDecode(coding)) return;
      this._coding = coding;
    }
    headers.delete('content-encoding');
    headers.set('X-Consumed-Content-Encoding', coding);
  }

  private _decideStreaming(decide: (request: HTTPServerRequest) => boolean, request: HTTPServerRequest): boolean {
    try {
      return decide(request) === true;
    } catch (exception) {
      this.loop.callExceptionHandler({ message: 'streamRequestBody(request) threw; the body is buffered', exception, protocol: this });
      return false;
    }
  }

  private _dispatch(request: HTTPServerRequest, response: HTTPServerResponse): void {
    let result: unknown;
    try {
      result = this._config.handler(request, response);
    } catch (exception) {
      this._handlerFailed(exception, request, response);
      return;
    }
    if (result !== undefined && result !== null && typeof (result as PromiseLike<unknown>).then === 'function') {
      (result as PromiseLike<unknown>).then(undefined, (exception: unknown) => this._handlerFailed(exception, request, response));
    }
  }

  private _handlerFailed(exception: unknown, request: HTTPServerRequest, response: HTTPServerResponse): void {
    this.loop.callExceptionHandler({
      message: `Uncaught exception in the HTTP handler for ${request.method} ${request.url}`,
      exception,
      request,
      protocol: this,
      transport: this._transport,
    });
    if (response.finished || this._lost) return;
    if (response.headersSent) {
      this._transport!.abort();
      return;
    }
    response.statusCode = 500;
    response.reason = undefined;
    response.headers._names.length = 0;
    response.headers._values.length = 0;
    response.headers.set('Content-Type', 'text/plain; charset=utf-8');
    response.end('500 Internal Server Error\n');
  }

  private _parseFailed(error: unknown): void {
    this._parser.stop();
    const transport = this._transport!;
    let parseError: HTTPParseError;
    if (error instanceof HTTPParseError) parseError = error;
    else {
      // Not the client's fault: something failed in here. Report it, answer 500.
      this.loop.callExceptionHandler({ message: 'Internal error in an HTTP server connection', exception: error, protocol: this });
      parseError = new HTTPParseError(`internal error: ${String(error)}`, 500);
    }
    const request = this._reading ?? this._request;
    this._reading = null;
    this._decoder?.destroy();
    this._decoder = null;
    this._coding = null;
    if (request !== null) request._end(parseError);
    const response = this._response;
    if (response !== null && response.headersSent) {
      transport.abort();
      return;
    }
    this._request = null;
    this._response = null;
    const status = parseError.status;
    const body = `${status} ${reasonFor(status)}\n`;
    this._write(
      Buffer.from(
        `HTTP/1.1 ${status} ${reasonFor(status)}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
        'latin1',
      ),
    );
    transport.close();
  }

  private _pauseReading(reason: number): void {
    if (this._readPaused === 0 && !this._lost) this._transport!.pauseReading();
    this._readPaused |= reason;
  }

  private _resumeReading(reasons: number): void {
    if (this._readPaused === 0) return;
    this._readPaused &= ~reasons;
    if (this._readPaused === 0 && !this._lost) this._transport!.resumeReading();
  }

  /** Moves the deadline `seconds` from now (0: none). One timer serves every deadline. */
  private _setDeadline(seconds: number): void {
    if (seconds <= 0) {
      this._deadline = 0;
      return;
    }
    const deadline = this.loop.time() + seconds;
    this._deadline = deadline;
    const timer = this._timer;
    if (timer !== null) {
      if (timer.when() <= deadline) return;
      timer.cancel();
    }
    this._timer = this.loop.callAt(deadline, onDeadline, this);
  }

  /** @internal The timer fired: act if the current deadline has passed, else re-arm for it. */
  _onDeadline(): void {
    this._timer = null;
    const deadline = this._deadline;
    if (deadline === 0 || this._lost) return;
    if (this.loop.time() < deadline) {
      this._timer = this.loop.callAt(deadline, onDeadline, this);
      return;
    }
    // Timed out waiting for the client (idle, slow head or slow body): drop the connection.
    this._deadline = 0;
    const request = this._reading;
    if (request !== null) request._end(new ConnectionError('the request body did not arrive in time (bodyTimeout)'));
    this._transport?.abort();
  }
}

function onDeadline(protocol: HTTPServerProtocol): void {
  protocol._onDeadline();
}

function resumeParsing(protocol: HTTPServerProtocol): void {
  protocol._resumeParsing();
}

/** Whether a `Connection` field keeps the connection open, from the version's default. */
function connectionKeepAlive(value: string, fallback: boolean): boolean {
  const lower = value.toLowerCase();
  if (lower === 'close') return false;
  if (lower === 'keep-alive') return true;
  let keepAlive = fallback;
  for (const token of lower.match(CONNECTION_TOKENS) ?? []) {
    const t = token.trim();
    if (t === 'close') return false;
    if (t === 'keep-alive') keepAlive = true;
  }
  return keepAlive;
}
