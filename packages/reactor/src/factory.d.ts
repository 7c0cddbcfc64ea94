import type { Address } from './address.js';
import type { Protocol } from './protocol.js';
import type { Failure } from './failure.js';
import type { Connector } from './connector.js';
/** A protocol class with a no-argument constructor. */
export type ProtocolClass<P extends Protocol> = new () => P;
/** Twisted's `Factory`. */
export declare class Factory<P extends Protocol = Protocol> {
    /** The protocol class `buildProtocol()` instantiates. */
    protocol: ProtocolClass<P> | null;
    /** How many ports and connectors use the factory now. */
    numPorts: number;
    /** A factory of `protocolClass`. */
    static forProtocol<P extends Protocol, F extends Factory<P>>(this: new () => F, protocolClass: ProtocolClass<P>): F;
    /** Called by a port or connector when it starts using the factory. */
    doStart(): void;
    /** Called by a port or connector when it stops using the factory. */
    doStop(): void;
    /** Called before the first port or connector uses the factory. */
    startFactory(): void;
    /** Called after the last port or connector stopped using the factory. */
    stopFactory(): void;
    /**
     * A protocol for a new connection with `addr` (the peer); `null` refuses the connection.
     * The default instantiates `this.protocol` and sets its `factory`.
     */
    buildProtocol(_addr: Address): P | null;
}
/** Twisted's `ServerFactory`: a factory for listening ports. */
export declare class ServerFactory<P extends Protocol = Protocol> extends Factory<P> {
}
/** Twisted's `ClientFactory`: a factory for outgoing connections. */
export declare class ClientFactory<P extends Protocol = Protocol> extends Factory<P> {
    /** Called when a connection attempt starts. */
    startedConnecting(_connector: Connector): void;
    /** Called when a connection attempt fails (refused, timed out, stopped). */
    clientConnectionFailed(_connector: Connector, _reason: Failure): void;
    /** Called when an established connection is lost. */
    clientConnectionLost(_connector: Connector, _reason: Failure): void;
}
//# sourceMappingURL=factory.d.ts.map