/**
 * Twisted's `twisted.web.error.Error`: a response with an error status. `status` is the code as
 * a string (Twisted's bytes `b"404"`), `reason` the phrase (Twisted's `message`), `response`
 * the body; `message` is `"404 Not Found"`, as `str(error)` in Twisted.
 */
export declare class WebError extends Error {
    name: string;
    /** The status code as text, such as `'404'`. */
    readonly status: string;
    /** The reason phrase, such as `'Not Found'` (Twisted's `message` attribute). */
    readonly reason: string;
    /** The response body, if any. */
    readonly response: Uint8Array | null;
    constructor(status: string | number, reason?: string | null, response?: Uint8Array | null);
    /** The body as UTF-8 text. */
    responseText(): string;
}
/** A `WebError` about a redirect: where it pointed is `location`. */
declare abstract class RedirectError extends WebError {
    /** Where the redirect points (the `Location` field), or `null`. */
    readonly location: string | null;
    constructor(status: string | number, reason: string | null, response: Uint8Array | null, 
    /** Where the redirect points (the `Location` field), or `null`. */
    location: string | null);
}
/** Twisted's `PageRedirect`: `getPage(url, { followRedirect: false })` met a redirect. */
export declare class PageRedirect extends RedirectError {
    name: string;
}
/** Twisted's `InfiniteRedirection`: more redirects than the limit. */
export declare class InfiniteRedirection extends RedirectError {
    name: string;
}
/** Twisted's `UnsupportedMethod`: a resource has no `render_<METHOD>` for the request's method. */
export declare class UnsupportedMethod extends Error {
    /** The methods the resource does support. */
    readonly allowedMethods: string[];
    name: string;
    constructor(
    /** The methods the resource does support. */
    allowedMethods: string[]);
}
/** Twisted's `SchemeNotSupported`: a client was given a URL whose scheme is not `http` or `https`. */
export declare class SchemeNotSupported extends Error {
    name: string;
    constructor(message: string);
}
export {};
//# sourceMappingURL=web-error.d.ts.map