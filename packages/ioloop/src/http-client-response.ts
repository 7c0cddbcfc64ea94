/**
 * `HTTPResponse`: the response of `tornado.httpclient`, what `AsyncHTTPClient.fetch()` resolves
 * with. A status outside 2xx makes an `HTTPClientError` in `error` (which `fetch()` raises unless
 * `raiseError: false`); `rethrow()` raises it.
 */
import { HTTPHeaders, reasonFor } from '@async/http';
import { HTTPClientError } from './http-client-errors.js';
import type { HTTPRequest } from './http-request.js';

const EMPTY = new Uint8Array(0);

/** The parts of an `HTTPResponse` besides its request and code (Tornado's keyword arguments). */
export interface HTTPResponseInit {
  /** The response headers. */
  headers?: HTTPHeaders;
  /** The body. */
  body?: Uint8Array;
  /** The final URL, after redirects; default the request's. */
  effectiveUrl?: string;
  /** The error; default an `HTTPClientError` for a status outside 2xx, else `null`. */
  error?: Error | null;
  /** Seconds the request took. */
  requestTime?: number;
  /** The reason phrase; default the standard one. */
  reason?: string;
  /** When the request started, in ms since the epoch (Tornado's `start_time`, in seconds there). */
  startTime?: number;
}

/** A response to an `HTTPRequest`. */
export class HTTPResponse {
  /** The request, after the client's defaults were applied. */
  readonly request: HTTPRequest;
  /** The status code (599 for Tornado's "no response", only seen on errors). */
  readonly code: number;
  /** The reason phrase. */
  readonly reason: string;
  /** The headers. */
  readonly headers: HTTPHeaders;
  /** The body (empty when there was none). */
  readonly body: Uint8Array;
  /** The URL that gave this response, after redirects. */
  readonly effectiveUrl: string;
  /** Seconds from the start of the request to its end. */
  readonly requestTime: number | null;
  /** When the request started (ms since the epoch), or `null`. */
  readonly startTime: number | null;
  /** The error of this response, or `null` for a 2xx. */
  readonly error: Error | null;
  /** @internal True when `error` comes from the status code (what `raiseError: false` ignores). */
  readonly _errorIsResponseCode: boolean;

  /** A response to `request` with status `code`. */
  constructor(request: HTTPRequest, code: number, init: HTTPResponseInit = {}) {
    this.request = request;
    this.code = code;
    this.reason = init.reason ?? reasonFor(code);
    this.headers = init.headers ?? new HTTPHeaders();
    this.body = init.body ?? EMPTY;
    this.effectiveUrl = init.effectiveUrl ?? request.url;
    this.requestTime = init.requestTime ?? null;
    this.startTime = init.startTime ?? null;
    if (init.error !== undefined && init.error !== null) {
      this.error = init.error;
      this._errorIsResponseCode = false;
    } else if (code < 200 || code >= 300) {
      this.error = new HTTPClientError(code, this.reason, this);
      this._errorIsResponseCode = true;
    } else {
      this.error = null;
      this._errorIsResponseCode = false;
    }
  }

  /** Throws `error`, if there is one. */
  rethrow(): void {
    if (this.error !== null) throw this.error;
  }
}
