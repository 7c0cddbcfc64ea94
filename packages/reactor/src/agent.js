/**
 * Twisted's `Agent`: `agent.request(method, uri, headers, bodyProducer)` fires with a `Response`
 * once the head has arrived; the body is read with `readBody`. As in Twisted, every status is a
 * response (no error for a 404), redirects are not followed (wrap it in a `RedirectAgent`) and
 * bodies are not decoded (wrap it in a `ContentDecoderAgent`). Connection failures fail the
 * Deferred with the core `OSError` family; cancelling it aborts the request.
 */
import { InvalidArgumentError, describeValue } from '@async/loop';
import { Deferred } from './deferred.js';
import { fail, maybeDeferred } from './maybe-deferred.js';
import { HTTPConnectionPool } from './http-connection-pool.js';
import { Reactor } from './reactor.js';
import { Headers } from './web-headers.js';
import { SchemeNotSupported } from './web-error.js';
import { Response } from './web-response.js';
/** Twisted's `Agent`. */
export class Agent {
    reactor;
    /** The pool the agent's connections come from. */
    pool;
    _connectTimeout;
    /** @throws InvalidArgumentError for a reactor that is not a `Reactor` or bad options. */
    constructor(
    /** The reactor requests run on. */
    reactor, options = {}) {
        this.reactor = reactor;
        if (!(reactor instanceof Reactor))
            throw new InvalidArgumentError(`Agent(reactor) takes a Reactor, got ${describeValue(reactor)}`);
        if (typeof options !== 'object' || options === null) {
            throw new InvalidArgumentError(`Agent(reactor, options) takes an options object, got ${describeValue(options)}`);
        }
        const { connectTimeout = 30, pool } = options;
        if (typeof connectTimeout !== 'number' || !(connectTimeout > 0)) {
            throw new InvalidArgumentError(`Agent connectTimeout must be a positive number of seconds, got ${describeValue(connectTimeout)}`);
        }
        if (pool !== undefined && !(pool instanceof HTTPConnectionPool)) {
            throw new InvalidArgumentError(`Agent pool must be an HTTPConnectionPool, got ${describeValue(pool)}`);
        }
        this._connectTimeout = connectTimeout;
        this.pool = pool ?? new HTTPConnectionPool(reactor, false);
    }
    /**
     * Sends a request; fires with the `Response` once its head has arrived.
     * @throws InvalidArgumentError for `headers` that are not `Headers`.
     */
    request(method, uri, headers = null, bodyProducer = null) {
        if (headers !== null && headers !== undefined && !(headers instanceof Headers)) {
            throw new InvalidArgumentError(`Agent.request(headers) takes Headers or null, got ${describeValue(headers)}`);
        }
        let url;
        try {
            url = new URL(uri);
        }
        catch {
            return fail(new SchemeNotSupported(`Agent.request(): ${JSON.stringify(uri)} is not an absolute URL`));
        }
        if (url.protocol !== 'http:' && url.protocol !== 'https:') {
            return fail(new SchemeNotSupported(`Agent.request(): unsupported scheme ${url.protocol} (http: or https: only)`));
        }
        const sent = headers?.copy() ?? new Headers();
        if (bodyProducer === null || bodyProducer === undefined)
            return this._send(method, url, sent, null);
        const chunks = [];
        const produced = maybeDeferred(() => bodyProducer.startProducing({ write: (data) => chunks.push(data) }));
        let sending = null;
        const d = new Deferred(() => {
            if (sending === null)
                bodyProducer.stopProducing();
            else
                sending.cancel();
        });
        produced.addCallbacks(() => {
            if (d.called)
                return;
            sending = this._send(method, url, sent, Buffer.concat(chunks));
            sending.addCallbacks((response) => {
                if (!d.called)
                    d.callback(response);
            }, (failure) => {
                if (!d.called)
                    d.errback(failure);
            });
        }, (failure) => {
            if (!d.called)
                d.errback(failure);
        });
        return d;
    }
    _send(method, url, headers, body) {
        const wire = headers.toHTTPHeaders();
        const future = this.pool._httpClient().stream({
            url,
            method,
            headers: wire,
            body,
            connectTimeout: this._connectTimeout,
        });
        const request = { method, absoluteURI: url.href, headers };
        return Deferred.fromFuture(future).addCallback((stream) => Response._fromStream(stream, request));
    }
}
//# sourceMappingURL=agent.js.map