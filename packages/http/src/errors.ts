/**
 * The errors of `@async/http`. Malformed or oversized HTTP is an `HTTPParseError` carrying the
 * status a server answers it with; everything else reuses the core's types (`TimeoutError`, the
 * `OSError` family for connections, `InvalidArgumentError` for bad arguments).
 */

/**
 * Bytes received from the peer are not valid HTTP/1.1, or go over a configured limit. The
 * server answers a request that fails this way with `status` (400, 413, 431, 501 or 505) and
 * closes the connection; the client fails the request with it.
 */
export class HTTPParseError extends Error {
  override name = 'HTTPParseError';
  /** The HTTP status a server answers with: 400, 413 (body too large), 431 (head too large), 501, 505. */
  readonly status: number;
  constructor(message: string, status = 400) {
    super(message);
    this.status = status;
  }
}

/**
 * A redirect chain went over `maxRedirects`. The last redirect response (3xx, its body read) is
 * kept as `response`, so a caller that wants it anyway still has it.
 */
export class HTTPTooManyRedirectsError extends Error {
  override name = 'HTTPTooManyRedirectsError';
  /** The last response received: a redirect that was not followed. */
  readonly response: unknown;
  constructor(message: string, response: unknown) {
    super(message);
    this.response = response;
  }
}
