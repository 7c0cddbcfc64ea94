/**
 * The errors of `tornado.httpclient`: `HTTPClientError` (Tornado's `HTTPError` in that module)
 * for a response whose status is not 2xx, or for Tornado's pseudo-status 599 (a timeout, a
 * connection closed before the response), as `AsyncHTTPClient.fetch()` raises them.
 */
import { reasonFor } from '@async/http';
import type { HTTPResponse } from './http-client-response.js';

/**
 * An HTTP request failed: `code` is the response's status (any non-2xx, when the response arrived:
 * `response` holds it) or 599 when there was no response (timeouts, a closed connection).
 * Its `message` is Tornado's `str(error)`: `HTTP 404: Not Found`.
 */
export class HTTPClientError extends Error {
  override name = 'HTTPClientError';
  /** The HTTP status, or 599 for "no response". */
  readonly code: number;
  /** The response, when the error is about one (a non-2xx status); else `null`. */
  readonly response: HTTPResponse | null;
  /** Tornado's `message` attribute: the text after `HTTP <code>: ` (the reason phrase by default). */
  readonly reason: string;

  /**
   * @param code the status (599 for no response)
   * @param message the text shown after the code; default the standard reason phrase
   * @param response the response this error is about
   */
  constructor(code: number, message?: string | null, response?: HTTPResponse | null) {
    const reason = message ?? reasonFor(code);
    super(`HTTP ${code}: ${reason}`);
    this.code = code;
    this.reason = reason;
    this.response = response ?? null;
  }
}

/** No response in time (code 599): `Timeout while connecting`, `Timeout during request` or `Timeout in request queue`. */
export class HTTPTimeoutError extends HTTPClientError {
  override name = 'HTTPTimeoutError';
  /** @param message which timeout passed */
  constructor(message: string) {
    super(599, message);
  }
}

/** The server closed the connection before the response was complete (code 599, `Stream closed`). */
export class HTTPStreamClosedError extends HTTPClientError {
  override name = 'HTTPStreamClosedError';
  /** @param message what happened */
  constructor(message = 'Stream closed', options?: { cause?: unknown }) {
    super(599, message);
    if (options?.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}
