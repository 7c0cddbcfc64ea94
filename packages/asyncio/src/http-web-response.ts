/**
 * `http.Response`, what an `http.startServer()` handler returns (aiohttp's `web.Response`):
 * a status, header fields and a body given as bytes, `text` or `json`.
 */
import { HTTPHeaders, type HTTPHeadersInit } from '@async/http';
import { InvalidArgumentError, describeValue } from '@async/loop';

/** Options of `new http.Response(options)`. */
export interface ResponseOptions {
  /** The status code (default 200). */
  status?: number;
  /** The reason phrase (default: the standard one). */
  reason?: string;
  /** Header fields. */
  headers?: HTTPHeadersInit;
  /** The body: bytes, or a string (sent as UTF-8). */
  body?: Uint8Array | string | null;
  /** A text body (with `Content-Type: text/plain; charset=utf-8` unless given). */
  text?: string;
  /** A body sent as JSON (with `Content-Type: application/json`). */
  json?: unknown;
  /** The `Content-Type` (aiohttp's `content_type`). */
  contentType?: string;
}

/** A response for `http.startServer()` to send. */
export class Response {
  /** The status code. */
  readonly status: number;
  /** The reason phrase, or `undefined` for the standard one. */
  readonly reason: string | undefined;
  /** The header fields. */
  readonly headers: HTTPHeaders;
  /** The body. */
  readonly body: Uint8Array | string;

  /** @throws InvalidArgumentError for a bad status or body. */
  constructor(options: ResponseOptions = {}) {
    if (typeof options !== 'object' || options === null) {
      throw new InvalidArgumentError(`http.Response(options) takes an options object, got ${describeValue(options)}`);
    }
    const { status = 200 } = options;
    if (!Number.isInteger(status) || status < 100 || status > 999) {
      throw new InvalidArgumentError(`http.Response status must be an integer from 100 to 999, got ${describeValue(status)}`);
    }
    this.status = status;
    this.reason = options.reason;
    this.headers = new HTTPHeaders(options.headers ?? undefined);
    let type = options.contentType;
    let body: Uint8Array | string;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      type ??= 'application/json';
    } else if (options.text !== undefined) {
      if (typeof options.text !== 'string') throw new InvalidArgumentError(`http.Response text must be a string, got ${describeValue(options.text)}`);
      body = options.text;
      type ??= 'text/plain; charset=utf-8';
    } else {
      const given = options.body ?? '';
      if (typeof given !== 'string' && !(given instanceof Uint8Array)) {
        throw new InvalidArgumentError(`http.Response body must be bytes or a string, got ${describeValue(given)}`);
      }
      body = given;
      if (given instanceof Uint8Array && given.length > 0) type ??= 'application/octet-stream';
    }
    if (type !== undefined && !this.headers.has('content-type')) this.headers.set('Content-Type', type);
    this.body = body;
  }
}
