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
    name = 'Error';
    /** The status code as text, such as `'404'`. */
    status;
    /** The reason phrase, such as `'Not Found'` (Twisted's `message` attribute). */
    reason;
    /** The response body, if any. */
    response;
    constructor(status, reason, response = null) {
        const code = String(status);
        const phrase = reason ?? STATUS_REASONS[Number(code)] ?? '';
        super(phrase === '' ? code : `${code} ${phrase}`);
        this.status = code;
        this.reason = phrase;
        this.response = response;
    }
    /** The body as UTF-8 text. */
    responseText() {
        return this.response === null ? '' : decoder.decode(this.response);
    }
}
/** A `WebError` about a redirect: where it pointed is `location`. */
class RedirectError extends WebError {
    location;
    constructor(status, reason, response, 
    /** Where the redirect points (the `Location` field), or `null`. */
    location) {
        super(status, reason, response);
        this.location = location;
        if (location !== null)
            this.message += ` to ${location}`;
    }
}
/** Twisted's `PageRedirect`: `getPage(url, { followRedirect: false })` met a redirect. */
export class PageRedirect extends RedirectError {
    name = 'PageRedirect';
}
/** Twisted's `InfiniteRedirection`: more redirects than the limit. */
export class InfiniteRedirection extends RedirectError {
    name = 'InfiniteRedirection';
}
/** Twisted's `UnsupportedMethod`: a resource has no `render_<METHOD>` for the request's method. */
export class UnsupportedMethod extends Error {
    allowedMethods;
    name = 'UnsupportedMethod';
    constructor(
    /** The methods the resource does support. */
    allowedMethods) {
        super(`the resource only supports ${allowedMethods.join(', ') || 'no method'}: add a render_<METHOD> for others`);
        this.allowedMethods = allowedMethods;
    }
}
/** Twisted's `SchemeNotSupported`: a client was given a URL whose scheme is not `http` or `https`. */
export class SchemeNotSupported extends Error {
    name = 'SchemeNotSupported';
    constructor(message) {
        super(message);
    }
}
//# sourceMappingURL=web-error.js.map