/**
 * `Connector`: what `connectTCP`/`connectSSL`/`connectUNIX` return, as in Twisted. It makes
 * the connection with the core `createConnection`, builds the protocol from a `ClientFactory`,
 * and tells the factory about the outcome (`clientConnectionFailed`, `clientConnectionLost`).
 * `connect()` may be called again after a failure or a loss, which is how reconnecting
 * factories retry.
 */
import { type ConnectionOptions, type EventLoop } from '@async/loop';
import { type Address } from './address.js';
import type { ClientFactory } from './factory.js';
/** Twisted's `IConnector`. */
export declare class Connector {
    private readonly _loop;
    /** The factory told about this connection. */
    readonly factory: ClientFactory<any>;
    private readonly _options;
    /** `'disconnected'`, `'connecting'` or `'connected'`. */
    state: 'disconnected' | 'connecting' | 'connected';
    private _attempt;
    private _adapter;
    private _factoryStarted;
    /** @internal Created by the reactor's `connect*` methods. */
    constructor(_loop: EventLoop, 
    /** The factory told about this connection. */
    factory: ClientFactory<any>, _options: ConnectionOptions);
    /** Starts connecting. @throws InvalidStateError unless disconnected. */
    connect(): void;
    /** Stops a connection attempt in progress; the factory hears `clientConnectionFailed`. */
    stopConnecting(): void;
    /** Disconnects: loses the connection, or stops the attempt in progress. */
    disconnect(): void;
    /** Where the connector connects to. */
    getDestination(): Address;
    private _stopFactory;
}
//# sourceMappingURL=connector.d.ts.map