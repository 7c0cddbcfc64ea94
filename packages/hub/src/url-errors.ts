/**
 * urllib's errors, as `urlopen` raises them: `URLError` wraps a failure to reach the server
 * (`reason` is the core `OSError`: refused, reset, name not resolved, TLS), and `HTTPError`,
 * a `URLError` that is also the response, for a final status that is not 2xx.
 */
import type { HTTPHeaders } from '@async/http';
import type { Op } from './operation.js';
import type { HTTPResponse } from './http-response.js';

/** Python's `urllib.error.URLError`. */
export class URLError extends Error {
  override name = 'URLError';

  constructor(
    /** Why the server could not be reached: the underlying error, or a message. */
    readonly reason: Error | string,
  ) {
    super(`<urlopen error ${typeof reason === 'string' ? reason : reason.message}>`, typeof reason === 'string' ? undefined : { cause: reason });
  }
}

/**
 * Python's `urllib.error.HTTPError`: a response whose status is not 2xx. It is the response
 * too: `code`, `reason`, `headers`, `read()`, `geturl()`, `close()`.
 */
export class HTTPError extends URLError {
  override name = 'HTTPError';

  /** @internal Raised by `urlopen`. */
  constructor(
    /** The response, still readable. */
    readonly response: HTTPResponse,
  ) {
    super(response.reason);
    this.message = `HTTP Error ${response.status}: ${response.reason}`;
  }

  /** The status code. */
  get code(): number {
    return this.response.status;
  }

  /** Same as `code`. */
  get status(): number {
    return this.response.status;
  }

  /** The response's header fields (Python's `headers` / `hdrs`). */
  get headers(): HTTPHeaders {
    return this.response.headers;
  }

  /** Same as `code`. */
  getcode(): number {
    return this.response.status;
  }

  /** The URL that gave the error. */
  geturl(): string {
    return this.response.url;
  }

  /** The header fields. */
  info(): HTTPHeaders {
    return this.response.headers;
  }

  /** Reads the error body: `n` bytes, or all the rest. */
  read(n?: number): Op<Uint8Array> {
    return this.response.read(n);
  }

  /** Closes the response. */
  close(): void {
    this.response.close();
  }
}
