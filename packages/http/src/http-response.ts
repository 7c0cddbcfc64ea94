/**
 * What a client request gives back: `HTTPResponse` (the body read whole) and
 * `HTTPResponseStream` (the head, with the body to read piece by piece).
 */
import type { Future, Transport } from '@async/loop';
import type { BodyQueue } from './body-queue.js';
import type { HTTPHeaders } from './http-headers.js';

/** A complete response. */
export class HTTPResponse {
  /** @internal Made by `HTTPClient`. */
  constructor(
    /** The status code. */
    readonly status: number,
    /** The reason phrase as sent. */
    readonly reason: string,
    /** `'HTTP/1.1'` or `'HTTP/1.0'`. */
    readonly version: string,
    /** The header fields (after decoding, `Content-Encoding` is renamed `X-Consumed-Content-Encoding`). */
    readonly headers: HTTPHeaders,
    /** The body, decoded if it was gzip or deflate and `decompress` was on. */
    readonly body: Uint8Array,
    /** The URL that gave this response (the last one, after redirects). */
    readonly url: string,
    /** Seconds from `request()` to the end of the response, redirects included. */
    readonly requestTime: number,
    /** Trailer fields of a chunked body, or `null`. */
    readonly trailers: HTTPHeaders | null = null,
  ) {}

  /** Same as `status` (Tornado's name). */
  get code(): number {
    return this.status;
  }

  /** The body decoded as UTF-8. */
  text(): string {
    return Buffer.from(this.body.buffer, this.body.byteOffset, this.body.byteLength).toString('utf8');
  }

  /** The body parsed as JSON. @throws `SyntaxError` if it is not JSON. */
  json(): unknown {
    return JSON.parse(this.text());
  }
}

/**
 * A response whose head has arrived; read the body with `read()` until it gives `null`. Reading
 * slowly holds the server back (the connection stops reading past 64 KiB unread). Abandoning a
 * stream before its end needs `close()`, which drops the connection.
 */
export class HTTPResponseStream {
  /** @internal Made by `HTTPClient`. */
  constructor(
    /** The status code. */
    readonly status: number,
    /** The reason phrase as sent. */
    readonly reason: string,
    /** `'HTTP/1.1'` or `'HTTP/1.0'`. */
    readonly version: string,
    /** The header fields. */
    readonly headers: HTTPHeaders,
    /** The URL that gave this response (after redirects). */
    readonly url: string,
    /** @internal */ readonly _queue: BodyQueue,
    private readonly _abort: () => void,
  ) {}

  /** Same as `status`. */
  get code(): number {
    return this.status;
  }

  /** The most body bytes that waited unread at once (how well backpressure held). */
  get maxBuffered(): number {
    return this._queue.maxBuffered;
  }

  /**
   * The next piece of the body, or `null` at its end. Fails with `HTTPParseError` on a malformed
   * body, a `ConnectionError` if the connection was lost first.
   */
  read(): Future<Uint8Array | null> {
    return this._queue.read();
  }

  /** The rest of the body as one array. */
  readAll(): Future<Uint8Array> {
    return this._queue.readAll();
  }

  /** Stops reading: drops the connection if the body has not fully arrived. */
  close(): void {
    if (!this._queue._complete) this._abort();
  }
}

/**
 * The outcome of `HTTPClient.upgrade()`: the server's answer and, when it was
 * `101 Switching Protocols`, the connection itself, taken out of the pool for the new protocol.
 */
export class HTTPUpgrade {
  /** @internal Made by `HTTPClient`. */
  constructor(
    /** The response: the 101 head (empty body), or a whole refusal such as a 400. */
    readonly response: HTTPResponse,
    /**
     * The connection when the server switched protocols (`null` otherwise), with reading paused:
     * give it your protocol with `setProtocol()`, feed that protocol `buffered`, then call
     * `resumeReading()`. Closing it is then yours to do.
     */
    readonly transport: Transport | null,
    /** Bytes that arrived right after the 101 head (already the new protocol's). */
    readonly buffered: Uint8Array,
  ) {}
}
