import { InvalidArgumentError, InvalidStateError, describeValue } from '@async/loop';
import { Deferred } from './deferred.js';
import { fail } from './maybe-deferred.js';
import { Headers } from './web-headers.js';
/** Twisted's `iweb.UNKNOWN_LENGTH`: a body whose length the head does not give. */
export const UNKNOWN_LENGTH = 'twisted.web.iweb.UNKNOWN_LENGTH';
/** A response of `Agent.request`, whose body is read with `readBody`. */
export class Response {
    code;
    phrase;
    headers;
    length;
    request;
    /** `['HTTP', 1, 1]`. */
    version;
    /** Set by `RedirectAgent` on the final response: the redirect that led here. */
    previousResponse = null;
    _reader;
    /** @internal Made by the agents. */
    constructor(
    /** The status code. */
    code, 
    /** The reason phrase. */
    phrase, 
    /** The response header fields. */
    headers, 
    /** The body's length in bytes, or `UNKNOWN_LENGTH`. */
    length, 
    /** The request this answers. */
    request, version, reader) {
        this.code = code;
        this.phrase = phrase;
        this.headers = headers;
        this.length = length;
        this.request = request;
        this.version = ['HTTP', 1, version === 'HTTP/1.0' ? 0 : 1];
        this._reader = reader;
    }
    /** @internal Makes a `Response` from a streamed `@async/http` response. */
    static _fromStream(stream, request) {
        const headers = Headers.fromHTTPHeaders(stream.headers);
        const bodyless = request.method === 'HEAD' || stream.status === 204 || stream.status === 304;
        const declared = stream.headers.get('content-length');
        const length = bodyless ? 0 : declared !== undefined && !stream.headers.has('transfer-encoding') && /^\d+$/.test(declared) ? Number(declared) : UNKNOWN_LENGTH;
        return new Response(stream.status, stream.reason, headers, length, request, stream.version, {
            read: () => stream.readAll(),
            cancel: () => stream.close(),
        });
    }
    /** @internal Takes the body reader: a body is read once. */
    _takeReader() {
        const reader = this._reader;
        this._reader = null;
        return reader;
    }
}
/**
 * Twisted's `readBody(response)`: a Deferred of the whole body. Cancelling it drops the
 * connection. Fails with `InvalidStateError` if the body was already read.
 */
export function readBody(response) {
    if (!(response instanceof Response)) {
        throw new InvalidArgumentError(`readBody() takes a Response, got ${describeValue(response)}`);
    }
    const reader = response._takeReader();
    if (reader === null)
        return fail(new InvalidStateError('readBody(): the body of this response was already read'));
    const future = reader.read();
    const d = new Deferred(() => {
        reader.cancel();
    });
    future.addDoneCallback((f) => {
        if (d.called)
            return;
        const error = f.cancelled() ? null : f.exception();
        if (error !== null && error !== undefined)
            d.errback(error);
        else if (!f.cancelled())
            d.callback(f.result());
    });
    return d;
}
//# sourceMappingURL=web-response.js.map