/**
 * Twisted's `HTTPConnectionPool(reactor, persistent)`: the connections an `Agent` uses. A
 * persistent pool keeps connections open between requests (for `cachedConnectionTimeout`
 * seconds); a non-persistent one, the default of an `Agent` made without a pool, closes each
 * after its response. Underneath is an `@async/http` client on the reactor.
 */
import { HTTPClient } from '@async/http';
import { InvalidArgumentError, describeValue } from '@async/loop';
import { succeed } from './maybe-deferred.js';
import { Reactor } from './reactor.js';
const UNLIMITED = 1_000_000;
/** Twisted's `HTTPConnectionPool`. */
export class HTTPConnectionPool {
    reactor;
    persistent;
    /** Seconds an idle persistent connection is kept (Twisted's default 240). */
    cachedConnectionTimeout = 240;
    /** Retry an idempotent request once if a kept connection turns out closed (always on here). */
    retryAutomatically = true;
    /**
     * Twisted's idle connections kept per host (default 2). Kept for code that sets it; the
     * underlying client keeps every idle connection until `cachedConnectionTimeout`.
     */
    maxPersistentPerHost = 2;
    _client = null;
    _loop = null;
    /** @throws InvalidArgumentError unless `reactor` is a `Reactor`. */
    constructor(
    /** The reactor the connections run on. */
    reactor, 
    /** Keep connections open between requests (default true). */
    persistent = true) {
        this.reactor = reactor;
        this.persistent = persistent;
        if (!(reactor instanceof Reactor)) {
            throw new InvalidArgumentError(`HTTPConnectionPool(reactor) takes a Reactor, got ${describeValue(reactor)}`);
        }
    }
    /** @internal The client, made on first use (and again if the reactor moved to another loop). */
    _httpClient() {
        const loop = this.reactor.loop;
        if (this._client !== null && this._loop === loop && !loop.isClosed())
            return this._client;
        this._client?.close();
        this._loop = loop;
        this._client = new HTTPClient(this.reactor, {
            maxClients: UNLIMITED,
            maxConnectionsPerHost: UNLIMITED,
            requestTimeout: 0,
            followRedirects: false,
            decompress: false,
            idleConnectionTimeout: this.persistent ? this.cachedConnectionTimeout : 0,
        });
        return this._client;
    }
    /** Idle connections kept now. */
    get cachedConnections() {
        return this._client?.idleConnections ?? 0;
    }
    /** Closes the idle connections (busy ones close after their response). */
    closeCachedConnections() {
        this._client?.close();
        this._client = null;
        return succeed(undefined);
    }
}
//# sourceMappingURL=http-connection-pool.js.map