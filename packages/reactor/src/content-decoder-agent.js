/**
 * Twisted's `ContentDecoderAgent(agent, decoders)`: asks for compressed bodies
 * (`Accept-Encoding`) and decodes a `gzip` or `deflate` response body as `readBody` reads it,
 * removing `Content-Encoding` from the response's headers (its `length` becomes unknown).
 */
import { decodeBody } from '@async/http';
import { InvalidArgumentError, describeValue } from '@async/loop';
import { Headers } from './web-headers.js';
import { Response, UNKNOWN_LENGTH } from './web-response.js';
const SUPPORTED = new Set(['gzip', 'deflate']);
const MAX_DECODED = 100 * 1024 * 1024;
/** Twisted's `ContentDecoderAgent`. */
export class ContentDecoderAgent {
    agent;
    decoders;
    /**
     * @param decoders - the codings to accept, from `'gzip'` and `'deflate'` (Twisted's list of
     *   `(name, decoderClass)` pairs; default `['gzip']`, as Twisted's usual `GzipDecoder`).
     * @throws InvalidArgumentError for an unknown coding.
     */
    constructor(
    /** The agent that sends each request. */
    agent, decoders = ['gzip']) {
        this.agent = agent;
        this.decoders = decoders;
        if (typeof agent !== 'object' || agent === null || typeof agent.request !== 'function') {
            throw new InvalidArgumentError(`ContentDecoderAgent(agent) takes an agent, got ${describeValue(agent)}`);
        }
        for (const coding of decoders) {
            if (!SUPPORTED.has(coding)) {
                throw new InvalidArgumentError(`ContentDecoderAgent: unsupported coding ${describeValue(coding)} (gzip or deflate)`);
            }
        }
    }
    /** Sends a request accepting the decoders' codings; decodes the body of the response. */
    request(method, uri, headers = null, bodyProducer = null) {
        const sent = headers?.copy() ?? new Headers();
        sent.setRawHeaders('accept-encoding', [this.decoders.join(',')]);
        return this.agent.request(method, uri, sent, bodyProducer).addCallback((response) => {
            const coding = response.headers.getRawHeaders('content-encoding')?.join(',').trim().toLowerCase();
            if (coding === undefined || !this.decoders.includes(coding))
                return response;
            const reader = response._takeReader();
            if (reader === null)
                return response;
            const headers = response.headers.copy();
            headers.removeHeader('content-encoding');
            const decoded = new Response(response.code, response.phrase, headers, UNKNOWN_LENGTH, response.request, 'HTTP/1.1', {
                read: () => decoding(reader.read(), coding),
                cancel: () => reader.cancel(),
            });
            decoded.previousResponse = response.previousResponse;
            return decoded;
        });
    }
}
/** A future of `raw`'s body decoded from `coding`. */
function decoding(raw, coding) {
    const out = raw.getLoop().createFuture();
    raw.addDoneCallback((f) => {
        if (f.cancelled()) {
            out.cancel();
            return;
        }
        const error = f.exception();
        if (error !== null && error !== undefined) {
            out.setException(error);
            return;
        }
        try {
            out.setResult(decodeBody(f.result(), coding, MAX_DECODED) ?? f.result());
        }
        catch (decodeError) {
            out.setException(decodeError);
        }
    });
    out.addDoneCallback((f) => {
        if (f.cancelled())
            raw.cancel();
    });
    return out;
}
//# sourceMappingURL=content-decoder-agent.js.map