/**
 * What `urlopen` returns, Python's `http.client.HTTPResponse`: the status and header fields at
 * once, the body read with blocking `read(n)` / `readline()` in the greenlet. Reading all of it
 * frees the connection for the next request; `close()` before the end drops the connection.
 */
import type { HTTPHeaders, HTTPResponseStream } from '@async/http';
import { InvalidArgumentError, describeValue, type Future } from '@async/loop';
import type { Hub } from './hub.js';
import { Op } from './operation.js';
import { takeFromChunks } from './byte-chunks.js';

const EMPTY = new Uint8Array(0);

/** A response of `urlopen`. */
export class HTTPResponse {
  private readonly _chunks: Uint8Array[] = [];
  private _buffered = 0;
  private _eof = false;
  private _closed = false;

  /** @internal Made by `urlopen`. */
  constructor(
    /** The hub whose greenlets read the body. */
    readonly hub: Hub,
    private readonly _stream: HTTPResponseStream,
  ) {}

  /** The status code. */
  get status(): number {
    return this._stream.status;
  }

  /** The reason phrase. */
  get reason(): string {
    return this._stream.reason;
  }

  /** The header fields (case-insensitive `get(name)`, `getAll(name)`, iterable). */
  get headers(): HTTPHeaders {
    return this._stream.headers;
  }

  /** The URL of the response, after redirects. */
  get url(): string {
    return this._stream.url;
  }

  /** 11 for HTTP/1.1, 10 for HTTP/1.0 (Python's `version`). */
  get version(): number {
    return this._stream.version === 'HTTP/1.0' ? 10 : 11;
  }

  /** True once closed, or once the body has been read to its end. */
  get closed(): boolean {
    return this._closed || (this._eof && this._buffered === 0);
  }

  /** Same as `status`. */
  getcode(): number {
    return this.status;
  }

  /** Same as `url`. */
  geturl(): string {
    return this.url;
  }

  /** The header fields (Python's `info()`). */
  info(): HTTPHeaders {
    return this.headers;
  }

  /** The value of header `name` (several joined with `, `), or `defaultValue`. */
  getheader<D = null>(name: string, defaultValue: D = null as D): string | D {
    return this.headers.get(name) ?? defaultValue;
  }

  /** Every header field as `[name, value]`. */
  getheaders(): [string, string][] {
    return [...this.headers];
  }

  /**
   * Reads `n` bytes (fewer only at the end of the body), or with no `n` all the rest; an empty
   * array at the end.
   * @throws InvalidArgumentError for an `n` that is not a non-negative integer; the
   *   connection's error if it fails mid-body.
   */
  read(n?: number): Op<Uint8Array> {
    if (n !== undefined && n !== null && (!Number.isSafeInteger(n) || n < 0)) {
      throw new InvalidArgumentError(`read(n) takes a non-negative integer, got ${describeValue(n)}`);
    }
    const want = n ?? Infinity;
    return this._when(() => this._buffered >= want, () => this._take(want));
  }

  /** Reads one line, up to and including `\n` (or what is left at the end). */
  readline(limit = -1): Op<Uint8Array> {
    const end = (): number => {
      let seen = 0;
      for (const chunk of this._chunks) {
        const i = chunk.indexOf(10);
        if (i >= 0) return seen + i + 1;
        seen += chunk.length;
      }
      return -1;
    };
    const ready = (): boolean => end() >= 0 || (limit >= 0 && this._buffered >= limit);
    return this._when(ready, () => {
      const at = end();
      const size = at >= 0 ? at : this._buffered;
      return this._take(limit >= 0 ? Math.min(limit, size) : size);
    });
  }

  /** Closes the response; an unread body drops the connection. */
  close(): void {
    if (this._closed) return;
    this._closed = true;
    this._chunks.length = 0;
    this._buffered = 0;
    this._stream.close();
  }

  /** Blocks until `ready()` or the end of the body, then gives `take()`. */
  private _when(ready: () => boolean, take: () => Uint8Array): Op<Uint8Array> {
    if (this._closed) return Op.settled(this.hub, false, EMPTY);
    if (ready() || this._eof) return Op.settled(this.hub, false, take());
    const self = this;
    return Op.composite(this.hub, function* () {
      while (!ready() && !self._eof && !self._closed) {
        const piece = yield* self._next();
        if (piece === null) self._eof = true;
        else if (piece.length > 0) {
          self._chunks.push(piece);
          self._buffered += piece.length;
        }
      }
      return self._closed ? EMPTY : take();
    });
  }

  /** The next piece of the body from the stream (`null` at the end). */
  private _next(): Op<Uint8Array | null> {
    const stream = this._stream;
    return Op.primitive(this.hub, (wake) => {
      const future: Future<Uint8Array | null> = stream.read();
      let waiting = true;
      future.addDoneCallback((f) => {
        if (!waiting || f.cancelled()) return;
        const error = f.exception();
        if (error !== null && error !== undefined) wake(true, error);
        else wake(false, f.result());
      });
      // Abandoned (a Timeout, a kill): the piece in flight is lost, so the response cannot go on.
      return () => {
        waiting = false;
        this.close();
      };
    });
  }

  private _take(n: number): Uint8Array {
    const size = Math.min(n, this._buffered);
    if (size === 0) return EMPTY;
    const out = takeFromChunks(this._chunks, size);
    this._buffered -= size;
    return out;
  }
}
