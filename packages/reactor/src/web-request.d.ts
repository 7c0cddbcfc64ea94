/**
 * Twisted's `twisted.web.server.Request`: what a resource renders. It carries the request
 * (`method`, `uri`, `path`, `args`, `content`, `requestHeaders`, `prepath`/`postpath`) and builds
 * the response (`setResponseCode`, `setHeader`, `write`, `finish`), over one request of an
 * `@async/http` server. `notifyFinish()` fires when the response is done, or fails if the
 * client went away first. `render(resource)` is Twisted's: 405/501 for an unsupported method,
 * HEAD answered from `render_GET`, a 500 page for a render that fails or returns no body.
 */
import type { HTTPServerRequest, HTTPServerResponse } from '@async/http';
import { type Address } from './address.js';
import { Deferred } from './deferred.js';
import { Failure } from './failure.js';
import { Headers } from './web-headers.js';
import { type Resource } from './web-resource.js';
import type { Site } from './web-site.js';
/** Twisted's `request.content`: the request body as a file, read from the start. */
export declare class RequestContent {
    private readonly _data;
    private _position;
    constructor(_data: Uint8Array);
    /** Up to `size` bytes from the current position (all the rest by default). */
    read(size?: number): Uint8Array;
    /** Moves the read position (Python's `seek(offset)`). */
    seek(offset: number): void;
    /** The current read position. */
    tell(): number;
    /** The whole body. */
    getvalue(): Uint8Array;
}
/** Twisted's `Request`. */
export declare class Request {
    /** The site that received the request. */
    readonly site: Site;
    /** @internal */ readonly _request: HTTPServerRequest;
    /** @internal */ readonly _response: HTTPServerResponse;
    /** The method, such as `'GET'` (Twisted's bytes `b"GET"`). */
    method: string;
    /** The request target as sent, such as `'/a/b?x=1'`. */
    readonly uri: string;
    /** The path part of `uri` (still percent-encoded). */
    readonly path: string;
    /** Query (and, for a form POST, body) arguments: each name with all its values. */
    readonly args: Record<string, string[]>;
    /** The request body, as a file. */
    readonly content: RequestContent;
    /** `'HTTP/1.1'` or `'HTTP/1.0'`. */
    readonly clientproto: string;
    /** The response's header fields (sent on the first `write()`). */
    readonly responseHeaders: Headers;
    /** Path segments already walked by the site (decoded). */
    prepath: string[];
    /** Path segments left to walk (decoded). */
    postpath: string[];
    /** The `prepath` at the site's root. */
    sitepath: string[];
    /** The response status code (default 200). */
    code: number;
    /** The response reason phrase (Twisted's `code_message`). */
    codeMessage: string;
    /** True once `finish()` was called. */
    finished: boolean;
    /** True once the response head was sent. */
    startedWriting: boolean;
    /** The `Content-Type` added when a body is written without one (Twisted's default). */
    defaultContentType: string | null;
    private _disconnected;
    /** The `notifyFinish()` Deferreds still waiting; `null` until there is one. */
    private _notifications;
    private _requestHeaders;
    /** @internal Made by `Site` for each request. */
    constructor(
    /** The site that received the request. */
    site: Site, 
    /** @internal */ _request: HTTPServerRequest, 
    /** @internal */ _response: HTTPServerResponse);
    /** The request's header fields (converted from the parsed ones when first asked for). */
    get requestHeaders(): Headers;
    /** The last value of request header `name`, or `null`. */
    getHeader(name: string): string | null;
    /** Sets response header `name` to `value` (replacing any earlier value). */
    setHeader(name: string, value: string | number): void;
    /**
     * Sets the response status (and optionally the reason phrase).
     * @throws InvalidArgumentError for a code that is not an integer from 100 to 999.
     */
    setResponseCode(code: number, message?: string): void;
    /** Redirects to `url` (302 with a `Location`). */
    redirect(url: string): void;
    /** The client's address (Twisted's `getClientAddress()`). */
    getClientAddress(): Address;
    /** The server's address the request came in on. */
    getHost(): Address;
    /** True for a request over TLS. */
    isSecure(): boolean;
    /**
     * Writes part of the body, sending the head first. Ignored once the client is gone.
     * @throws InvalidStateError after `finish()`.
     */
    write(data: Uint8Array | string): void;
    /**
     * Ends the response.
     * @throws InvalidStateError if already finished, or if the connection was lost (use
     *   `notifyFinish()` to learn of that).
     */
    finish(): void;
    /**
     * A Deferred that fires when the response is finished, or fails (with `ConnectionLost`) if
     * the connection is lost first. Called after either, it has already fired.
     */
    notifyFinish(): Deferred<void>;
    /** Renders `resource` and answers with what it returns, as Twisted's `Request.render`. */
    render(resource: Resource): void;
    /** Answers 500 for a render that threw (Twisted's `processingFailed`). */
    processingFailed(reason: Failure): Failure;
    /** `<Request at 0x… method GET uri /path clientproto HTTP/1.1>`, as Twisted's repr. */
    toString(): string;
    private _sendHead;
    /** True once the connection was lost before the response finished. */
    private _isDisconnected;
    /** @internal The connection was lost before the response finished: fails `notifyFinish()`. */
    _connectionLost(error: Error): void;
}
//# sourceMappingURL=web-request.d.ts.map