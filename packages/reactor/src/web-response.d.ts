/**
 * Twisted's client `Response` (`code`, `phrase`, `headers`, `length`, `version`, `request`,
 * `previousResponse`) and `readBody(response)`, a Deferred of the whole body. The body arrives
 * after the response fires: the connection stays busy until it is read, as in Twisted, so read
 * every body (or cancel `readBody`'s Deferred to drop the connection).
 */
import type { HTTPResponseStream } from '@async/http';
import { type Future } from '@async/loop';
import { Deferred } from './deferred.js';
import { Headers } from './web-headers.js';
/** Twisted's `iweb.UNKNOWN_LENGTH`: a body whose length the head does not give. */
export declare const UNKNOWN_LENGTH = "twisted.web.iweb.UNKNOWN_LENGTH";
/** What a `Response` knows of the request that produced it. */
export interface ResponseRequest {
    /** The method sent. */
    readonly method: string;
    /** The URL requested. */
    readonly absoluteURI: string;
    /** The header fields sent. */
    readonly headers: Headers;
}
/** Reads a response body once; `cancel` drops the transfer. */
export interface BodyReader {
    read(): Future<Uint8Array>;
    cancel(): void;
}
/** A response of `Agent.request`, whose body is read with `readBody`. */
export declare class Response {
    /** The status code. */
    readonly code: number;
    /** The reason phrase. */
    readonly phrase: string;
    /** The response header fields. */
    readonly headers: Headers;
    /** The body's length in bytes, or `UNKNOWN_LENGTH`. */
    readonly length: number | typeof UNKNOWN_LENGTH;
    /** The request this answers. */
    readonly request: ResponseRequest;
    /** `['HTTP', 1, 1]`. */
    readonly version: [string, number, number];
    /** Set by `RedirectAgent` on the final response: the redirect that led here. */
    previousResponse: Response | null;
    private _reader;
    /** @internal Made by the agents. */
    constructor(
    /** The status code. */
    code: number, 
    /** The reason phrase. */
    phrase: string, 
    /** The response header fields. */
    headers: Headers, 
    /** The body's length in bytes, or `UNKNOWN_LENGTH`. */
    length: number | typeof UNKNOWN_LENGTH, 
    /** The request this answers. */
    request: ResponseRequest, version: string, reader: BodyReader);
    /** @internal Makes a `Response` from a streamed `@async/http` response. */
    static _fromStream(stream: HTTPResponseStream, request: ResponseRequest): Response;
    /** @internal Takes the body reader: a body is read once. */
    _takeReader(): BodyReader | null;
}
/**
 * Twisted's `readBody(response)`: a Deferred of the whole body. Cancelling it drops the
 * connection. Fails with `InvalidStateError` if the body was already read.
 */
export declare function readBody(response: Response): Deferred<Uint8Array>;
//# sourceMappingURL=web-response.d.ts.map