import type { Reactor, ConnectOptions } from './reactor.js';
import type { Protocol } from './protocol.js';
import { type ProtocolClass } from './factory.js';
import { Deferred } from './deferred.js';
/** Twisted's `ClientCreator`: builds `protocolClass` for each connection it makes. */
export declare class ClientCreator<P extends Protocol> {
    private readonly _reactor;
    private readonly _protocolClass;
    constructor(_reactor: Reactor, _protocolClass: ProtocolClass<P>);
    /** Connects by TCP; the Deferred fires with the protocol once `connectionMade()` has run. */
    connectTCP(host: string, port: number, options?: ConnectOptions): Deferred<P>;
    /** Connects to a UNIX socket. */
    connectUNIX(address: string, options?: {
        timeout?: number;
    }): Deferred<P>;
}
//# sourceMappingURL=client-creator.d.ts.map