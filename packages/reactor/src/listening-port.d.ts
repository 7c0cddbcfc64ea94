/**
 * What `listenTCP`/`listenSSL`/`listenUNIX` give: Twisted's `IListeningPort` over a core
 * `Server`. `stopListening()` stops accepting connections (established ones stay open, as in
 * Twisted) and returns a Deferred that fires once the port is closed.
 */
import type { EventLoop, Server } from '@async/loop';
import { type Address } from './address.js';
import { Deferred } from './deferred.js';
import type { Factory } from './factory.js';
/** A listening port. */
export declare class ListeningPort {
    /** The core server. */
    readonly server: Server;
    /** The factory that builds a protocol for each connection. */
    readonly factory: Factory<any>;
    private readonly _loop;
    private _stopped;
    /** @internal Created by the reactor once the server listens. */
    constructor(
    /** The core server. */
    server: Server, 
    /** The factory that builds a protocol for each connection. */
    factory: Factory<any>, _loop: EventLoop);
    /** The address the port listens on (with the port number the system chose for port 0). */
    getHost(): Address;
    /**
     * Stops listening. The Deferred fires on the next loop iteration, once the port is closed;
     * calling it again returns the same Deferred.
     */
    stopListening(): Deferred<void>;
    /** Twisted's alias of `stopListening()`. */
    loseConnection(): Deferred<void>;
}
//# sourceMappingURL=listening-port.d.ts.map