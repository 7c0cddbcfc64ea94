/**
 * `http.ClientResponse`, aiohttp's response: status, reason and header fields as soon as the
 * head has arrived; the body read with `yield* response.read()` (or `text()`, `json()`), decoded
 * from gzip/deflate. Reading the whole body frees the connection for reuse; `release()` before
 * that drops it.
 */
import { type HTTPHeaders, type HTTPResponseStream, decodeBody } from '@async/http';
import type { Coroutine } from '@async/loop';
import { type AwaitableCoroutine, awaitable } from './awaitable-coroutine.js';

const MAX_DECODED = 100 * 1024 * 1024;

/** A response of `http.request()` / `ClientSession.request()`. */
export class ClientResponse {
  private _body: Uint8Array | null = null;
  private _released = false;

  /** @internal Made by `ClientSession`. */
  constructor(
    /** The method of the request. */
    readonly method: string,
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

  /** `'HTTP/1.1'` or `'HTTP/1.0'`. */
  get version(): string {
    return this._stream.version;
  }

  /** True for a status below 400 (aiohttp's `ok`). */
  get ok(): boolean {
    return this.status < 400;
  }

  /** True once released or read to the end. */
  get closed(): boolean {
    return this._released || this._body !== null;
  }

  /**
   * The whole body (decoded from gzip or deflate), read once and kept.
   * @throws the connection's error if it fails mid-body; `HTTPParseError` for a corrupt body.
   */
  read(): AwaitableCoroutine<Uint8Array> {
    return awaitable(this._read());
  }

  /** The body as text (UTF-8 unless `encoding` says otherwise). */
  text(encoding: BufferEncoding = 'utf8'): AwaitableCoroutine<string> {
    return awaitable(this._text(encoding));
  }

  /** The body parsed as JSON. @throws SyntaxError if it is not JSON. */
  json(): AwaitableCoroutine<unknown> {
    return awaitable(this._json());
  }

  /** Frees the connection: kept for reuse if the body was read, dropped otherwise. */
  release(): void {
    if (this._released) return;
    this._released = true;
    this._stream.close();
  }

  /** Same as `release()` (aiohttp's `close()`). */
  close(): void {
    this.release();
  }

  /** `<ClientResponse(url) [200 OK]>`, as aiohttp's repr. */
  toString(): string {
    return `<ClientResponse(${this.url}) [${this.status} ${this.reason}]>`;
  }

  private *_read(): Coroutine<Uint8Array> {
    if (this._body !== null) return this._body;
    let body: Uint8Array = yield* this._stream.readAll();
    const coding = this.headers.get('content-encoding');
    if (coding !== undefined && this.method !== 'HEAD') body = decodeBody(body, coding, MAX_DECODED) ?? body;
    this._body = body;
    return body;
  }

  private *_text(encoding: BufferEncoding): Coroutine<string> {
    const body = yield* this._read();
    return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString(encoding);
  }

  private *_json(): Coroutine<unknown> {
    return JSON.parse(yield* this._text('utf8'));
  }
}
