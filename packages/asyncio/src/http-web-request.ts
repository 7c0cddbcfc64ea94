/**
 * `http.Request`, what an `http.startServer()` handler gets (aiohttp's `web.Request`): method,
 * path, query, header fields, the peer's address, and the body through `read()`, `text()` and
 * `json()` (already received when the handler runs).
 */
import type { HTTPHeaders, HTTPServerRequest } from '@async/http';
import type { Coroutine } from '@async/loop';
import { type AwaitableCoroutine, awaitable } from './awaitable-coroutine.js';

/** A request received by `http.startServer()`. */
export class Request {
  /** The query arguments. */
  readonly query: URLSearchParams;

  /** @internal Made by `startServer`. */
  constructor(/** @internal */ readonly _request: HTTPServerRequest) {
    this.query = new URLSearchParams(_request.query);
  }

  /** The method, such as `'GET'`. */
  get method(): string {
    return this._request.method;
  }

  /** The request target as sent, such as `'/a?b=1'` (aiohttp's `path_qs`). */
  get pathQs(): string {
    return this._request.url;
  }

  /** The path, percent-decoded. */
  get path(): string {
    try {
      return decodeURIComponent(this._request.path);
    } catch {
      return this._request.path;
    }
  }

  /** The path as sent. */
  get rawPath(): string {
    return this._request.path;
  }

  /** The query string, without `?`. */
  get queryString(): string {
    return this._request.query;
  }

  /** The header fields. */
  get headers(): HTTPHeaders {
    return this._request.headers;
  }

  /** `'HTTP/1.1'` or `'HTTP/1.0'`. */
  get version(): string {
    return this._request.version;
  }

  /** The peer's address, or `null`. */
  get remote(): string | null {
    const peer = this._request.getExtraInfo('peername') as { address?: string } | string | undefined;
    return typeof peer === 'object' && peer !== null ? (peer.address ?? null) : null;
  }

  /** The body. */
  read(): AwaitableCoroutine<Uint8Array> {
    return awaitable(this._read());
  }

  /** The body as UTF-8 text. */
  text(): AwaitableCoroutine<string> {
    return awaitable(this._text());
  }

  /** The body parsed as JSON. @throws SyntaxError if it is not JSON. */
  json(): AwaitableCoroutine<unknown> {
    return awaitable(this._json());
  }

  // A coroutine, as in aiohttp, though the body has already arrived (the server buffers it).
  private *_read(): Coroutine<Uint8Array> {
    return this._request.body;
  }

  private *_text(): Coroutine<string> {
    const body = yield* this._read();
    return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  }

  private *_json(): Coroutine<unknown> {
    return JSON.parse(yield* this._text());
  }
}
