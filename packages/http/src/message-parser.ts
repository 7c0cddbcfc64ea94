/**
 * `HTTPMessageParser`: the incremental parser of a stream of HTTP/1.1 messages (requests on a
 * server connection, responses on a client one). Bytes go in with `execute()` in any split; the
 * parser finds each head, decides the body's framing, and passes the head, the body's pieces and
 * the end of each message to its sink. After each message the sink may ask it to pause (the
 * server does, to answer pipelined requests in order); bytes that arrive meanwhile wait in the
 * parser until `resume()`.
 *
 * Every way the input can be wrong ends in an `HTTPParseError` thrown from `execute()` or
 * `finish()`, after which the parser is dead; nothing else is thrown.
 */
import { ChunkedDecoder } from './chunked-decoder.js';
import { HTTPParseError } from './errors.js';
import type { HTTPHeaders } from './http-headers.js';
import { CHUNKED, UNTIL_CLOSE, requestFraming, responseFraming } from './body-framing.js';
import { parseRequestHead, parseResponseHead, type RequestHead, type ResponseHead } from './head-parser.js';

/** What the parser reports to. */
export interface MessageSink<H> {
  /**
   * A head was parsed; `framing` is the body's length (0: none), or -1 chunked, -2 until close.
   * The sink may change `maxBodySize` here (only a declared length was checked against it).
   */
  onHead(head: H, framing: number): void;
  /** A piece of the body: a view valid only during the call (copy it to keep it). */
  onBody(data: Uint8Array): void;
  /** The message ended. Return false to pause the parser until `resume()`. */
  onMessageComplete(): boolean;
}

/** Size limits of a parser. */
export interface ParserLimits {
  /** Maximum size of a head (start line and fields, with their CRLFs), in bytes. */
  maxHeaderSize: number;
  /** Maximum size of a body, in bytes. */
  maxBodySize: number;
}

const END_OF_HEAD = Buffer.from('\r\n\r\n', 'latin1');

const HEAD = 0;
const LENGTH = 1;
const CHUNKED_BODY = 2;
const CLOSE_BODY = 3;
const DEAD = 4;

/** Parses a stream of requests (`'request'`) or responses (`'response'`). */
export class HTTPMessageParser<H extends RequestHead | ResponseHead = RequestHead | ResponseHead> {
  /** Maximum head size; may be changed between messages. */
  maxHeaderSize: number;
  /** Maximum body size; may be changed from `onHead()` for the message being parsed. */
  maxBodySize: number;
  /** For responses: the method of the request being answered (`HEAD` responses have no body). */
  requestMethod = 'GET';
  /** True while paused by the sink. */
  paused = false;
  private _state = HEAD;
  private _pending: Buffer | null = null;
  /** The growing buffer `_pending` may live in (see `_append()`), and its used length. */
  private _store: Buffer | null = null;
  private _storeEnd = 0;
  /** Bytes at the start of `_pending` already searched for the end of a head. */
  private _headScanned = 0;
  private _remaining = 0;
  private _received = 0;
  private _chunked: ChunkedDecoder | null = null;
  private readonly _request: boolean;
  private readonly _sink: MessageSink<H>;
  /** Passes chunk data to the sink; made on the first chunked body, not per connection. */
  private _onChunk: ((data: Uint8Array) => void) | null = null;

  constructor(kind: 'request' | 'response', sink: MessageSink<H>, limits: ParserLimits) {
    this._request = kind === 'request';
    this._sink = sink;
    this.maxHeaderSize = limits.maxHeaderSize;
    this.maxBodySize = limits.maxBodySize;
  }

  /** True between the first byte of a message and its end. */
  get inMessage(): boolean {
    return this._state !== HEAD || this._pending !== null;
  }

  /** Bytes received and not yet parsed (while paused, or a partial head). */
  get bufferedSize(): number {
    return this._pending === null ? 0 : this._pending.length;
  }

  /** The trailer fields of the last chunked message, if it had any. */
  get trailers(): HTTPHeaders | null {
    return this._chunked?.trailers ?? null;
  }

  /**
   * Parses `data` (and what was waiting). While paused, only stores it.
   * @throws `HTTPParseError`; the parser is then dead and ignores further input.
   */
  execute(data: Uint8Array): void {
    if (this._state === DEAD || data.length === 0) return;
    const buffer = data instanceof Buffer ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    if (this._pending === null) this._pending = buffer;
    else this._append(buffer);
    if (!this.paused) this._run();
  }

  /**
   * Appends to bytes still waiting (a partial head, or input held while paused) in a buffer that
   * grows by doubling, so a peer sending a head one byte at a time costs linear, not quadratic,
   * copying.
   */
  private _append(buffer: Buffer): void {
    const pending = this._pending!;
    const store = this._store;
    const end = this._storeEnd;
    if (
      store !== null &&
      pending.buffer === store.buffer &&
      pending.byteOffset + pending.length === end &&
      end + buffer.length <= store.length
    ) {
      buffer.copy(store, end);
      this._storeEnd = end + buffer.length;
      this._pending = store.subarray(pending.byteOffset, this._storeEnd);
      return;
    }
    const size = pending.length + buffer.length;
    const grown = Buffer.allocUnsafeSlow(Math.max(size * 2, 4096));
    pending.copy(grown, 0);
    buffer.copy(grown, pending.length);
    this._store = grown;
    this._storeEnd = size;
    this._pending = grown.subarray(0, size);
  }

  /** Nothing waits any more: release the growing buffer too. */
  private _drop(): void {
    this._pending = null;
    this._store = null;
    this._headScanned = 0;
  }

  /** Resumes after the sink paused it, parsing what waited. @throws as `execute()`. */
  resume(): void {
    if (!this.paused || this._state === DEAD) return;
    this.paused = false;
    this._run();
  }

  /**
   * The peer closed its side. Completes a body that runs until close.
   * @throws `HTTPParseError` if a message was cut short.
   */
  finish(): void {
    const state = this._state;
    if (state === DEAD) return;
    if (state === CLOSE_BODY) {
      this._state = HEAD;
      this._sink.onMessageComplete();
      return;
    }
    if (state === HEAD && (this._pending === null || this.paused)) return;
    this._state = DEAD;
    throw new HTTPParseError(
      state === HEAD ? 'the connection closed in the middle of a message head' : 'the connection closed in the middle of a message body',
    );
  }

  /** Stops parsing for good (the connection is going away). */
  stop(): void {
    this._state = DEAD;
    this._drop();
  }

  /**
   * Stops parsing for good and returns the bytes received but not parsed (what followed the
   * last message), for a protocol that takes the connection over.
   */
  detach(): Uint8Array {
    const rest = this._pending === null ? new Uint8Array(0) : Uint8Array.prototype.slice.call(this._pending);
    this.stop();
    return rest;
  }

  private _run(): void {
    try {
      while (this._pending !== null && !this.paused) {
        switch (this._state) {
          case HEAD:
            if (!this._head(this._pending)) return;
            break;
          case LENGTH:
            this._length(this._pending);
            break;
          case CHUNKED_BODY:
            this._chunkedBody(this._pending);
            break;
          case CLOSE_BODY: {
            const data = this._pending;
            this._drop();
            this._received += data.length;
            if (this._received > this.maxBodySize) {
              throw new HTTPParseError(`the body is over the limit of ${this.maxBodySize} bytes`, 413);
            }
            this._sink.onBody(data);
            break;
          }
          default:
            return;
        }
      }
    } catch (error) {
      this._state = DEAD;
      this._drop();
      throw error;
    }
  }

  /** Parses a head if complete; false when more bytes are needed. */
  private _head(buffer: Buffer): boolean {
    let start = 0;
    if (this._request) {
      // RFC 9112 2.2: ignore empty lines before a request line.
      while (start + 1 < buffer.length && buffer[start] === 13 && buffer[start + 1] === 10) start += 2;
    }
    const end = buffer.indexOf(END_OF_HEAD, Math.max(start, this._headScanned - 3));
    if (end < 0) {
      if (buffer.length - start > this.maxHeaderSize) throw this._tooLarge();
      if (start > 0) this._consume(buffer, start);
      else this._headScanned = buffer.length;
      return false;
    }
    this._headScanned = 0;
    if (end + 4 - start > this.maxHeaderSize) throw this._tooLarge();
    const text = buffer.toString('latin1', start, end);
    this._consume(buffer, end + 4);
    let framing: number;
    let head: H;
    if (this._request) {
      const request = parseRequestHead(text);
      framing = requestFraming(request, this.maxBodySize);
      head = request as H;
    } else {
      const response = parseResponseHead(text);
      framing = responseFraming(response, this.requestMethod, this.maxBodySize);
      head = response as H;
    }
    this._received = 0;
    if (framing === CHUNKED) {
      this._state = CHUNKED_BODY;
      this._chunked = null;
    } else if (framing === UNTIL_CLOSE) {
      this._state = CLOSE_BODY;
    } else if (framing > 0) {
      this._state = LENGTH;
      this._remaining = framing;
    }
    this._sink.onHead(head, framing);
    // The sink may have stopped the parser (its connection is closing).
    if (this._state === DEAD) return false;
    if (framing === 0) this._complete();
    else if (framing === CHUNKED) this._chunked = new ChunkedDecoder(this.maxBodySize, this.maxHeaderSize);
    return true;
  }

  private _length(buffer: Buffer): void {
    const remaining = this._remaining;
    if (buffer.length <= remaining) {
      this._drop();
      this._remaining = remaining - buffer.length;
      this._sink.onBody(buffer);
    } else {
      this._pending = buffer.subarray(remaining);
      this._remaining = 0;
      this._sink.onBody(buffer.subarray(0, remaining));
    }
    if (this._remaining === 0 && this._state === LENGTH) this._complete();
  }

  private _chunkedBody(buffer: Buffer): void {
    const decoder = this._chunked!;
    const used = decoder.decode(buffer, (this._onChunk ??= (data) => this._sink.onBody(data)));
    if (this._state !== CHUNKED_BODY) return;
    this._consume(buffer, used);
    if (decoder.done) this._complete();
  }

  private _complete(): void {
    this._state = HEAD;
    if (!this._sink.onMessageComplete() && this._state === HEAD) this.paused = true;
  }

  private _consume(buffer: Buffer, count: number): void {
    // A consumed pending buffer may have been replaced by the sink (execute() during onBody).
    if (this._pending !== buffer) return;
    if (count >= buffer.length) this._drop();
    else this._pending = buffer.subarray(count);
  }

  private _tooLarge(): HTTPParseError {
    return new HTTPParseError(`the message head is over the limit of ${this.maxHeaderSize} bytes`, 431);
  }
}
