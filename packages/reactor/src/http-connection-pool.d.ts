/**
 * Twisted's `HTTPConnectionPool(reactor, persistent)`: the connections an `Agent` uses. A
 * persistent pool keeps connections open between requests (for `cachedConnectionTimeout`
 * seconds); a non-persistent one, the default of an `Agent` made without a pool, closes each
 * after its response. Underneath is an `@async/http` client on the reactor.
 */
import { HTTPClient } from '@async/http';
import type { Deferred } from './deferred.js';
import { Reactor } from './reactor.js';
/** Twisted's `HTTPConnectionPool`. */
export declare class HTTPConnectionPool {
    /** The reactor the connections run on. */
    readonly reactor: Reactor;
    /** Keep connections open between requests (default true). */
    readonly persistent: boolean;
    /** Seconds an idle persistent connection is kept (Twisted's default 240). */
    cachedConnectionTimeout: number;
    /** Retry an idempotent request once if a kept connection turns out closed (always on here). */
    retryAutomatically: boolean;
    /**
     * Twisted's idle connections kept per host (default 2). Kept for code that sets it; the
     * underlying client keeps every idle connection until `cachedConnectionTimeout`.
     */
    maxPersistentPerHost: number;
    private _client;
    private _loop;
    /** @throws InvalidArgumentError unless `reactor` is a `Reactor`. */
    constructor(
    /** The reactor the connections run on. */
    reactor: Reactor, 
    /** Keep connections open between requests (default true). */
    persistent?: boolean);
    /** @internal The client, made on first use (and again if the reactor moved to another loop). */
    _httpClient(): HTTPClient;
    /** Idle connections kept now. */
    get cachedConnections(): number;
    /** Closes the idle connections (busy ones close after their response). */
    closeCachedConnections(): Deferred<void>;
}
//# sourceMappingURL=http-connection-pool.d.ts.map