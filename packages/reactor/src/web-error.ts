/**
 * The errors of the reactor's web client and server, Twisted's `twisted.web.error` and the
 * client's own: `WebError` is `twisted.web.error.Error` (an HTTP error status from `getPage`),
 * with `PageRedirect` and `InfiniteRedirection`; `UnsupportedMethod` is what `Resource.render`
 * raises for a method without a `render_<METHOD>`; `SchemeNotSupported` refuses a URL that is not
 * `http:`/`https:`. Connection failures are the core `OSError` family, timeouts the core
 * `TimeoutError`.
 */
import { STATUS_REASONS } from '@async/http';

const decoder = new TextDecoder();

/**
 * Twisted's `twisted.web.error.Error`: a response with an error status. `status` is the code as
 * a string (Twisted's bytes `b"404"`), `reason` the phrase (Twisted's `message`), `response`
 * the body; `message` is `"404 Not Found"`, as `str(error)` in Twisted.
 */
export class WebError extends Error {
  override name = 'Error';
  /** The status code as text, such as `'404'`. */
  readonly status: string;
  /** The reason phrase, such as `'Not Found'` (Twisted's `message` attribute). */
  readonly reason: string;
  /** The response body, if any. */
  readonly response: Uint8Array | null;

  constructor(status: string | number, reason?: string | null, response: Uint8Array | null = null) {
    const code = String(status);
    const phrase = reason ?? STATUS_REASONS[Number(code)] ?? '';
    super(phrase === '' ? code : `${code} ${phrase}`);
    this.status = code;
    this.reason = phrase;
    this.response = response;
  }

  /** The body as UTF-8 text. */
  responseText(): string {
    return this.response === null ? '' : decoder.decode(this.response);
  }
}

/** A `WebError` about a redirect: where it pointed is `location`. */
abstract class RedirectError extends WebError {
  constructor(
    status: string | number,
    reason: string | null,
    response: Uint8Array | null,
    /** Where the redirect points (the `Location` field), or `null`. */
    readonly location: string | null,
  ) {
    super(status, reason, response);
    if (location !== null) this.message += ` to ${location}`;
  }
}

/** Twisted's `PageRedirect`: `getPage(url, { followRedirect: false })` met a redirect. */
export class PageRedirect extends RedirectError {
  override name = 'PageRedirect';
}

/** Twisted's `InfiniteRedirection`: more redirects than the limit. */
export class InfiniteRedirection extends RedirectError {
  override name = 'InfiniteRedirection';
}

/** Twisted's `UnsupportedMethod`: a resource has no `render_<METHOD>` for the request's method. */
export class UnsupportedMethod extends Error {
  override name = 'UnsupportedMethod';
  constructor(
    /** The methods the resource does support. */
    readonly allowedMethods: string[],
  ) {
    super(`the resource only supports ${allowedMethods.join(', ') || 'no method'}: add a render_<METHOD> for others`);
  }
}

/** Twisted's `SchemeNotSupported`: a client was given a URL whose scheme is not `http` or `https`. */
export class SchemeNotSupported extends Error {
  override name = 'SchemeNotSupported';
  constructor(message: string) {
    super(message);
  }
}
