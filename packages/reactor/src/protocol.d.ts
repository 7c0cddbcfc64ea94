/**
 * Twisted's `Protocol`: the object that handles one connection's events. Subclass it and
 * override `connectionMade`, `dataReceived` and `connectionLost`; `this.transport` writes to
 * the peer. It is connected to a core PEP 3156 transport by an adapter (see
 * `protocol-adapter.ts`), so it runs on TCP, TLS, UNIX sockets and the virtual loop's memory
 * transports alike.
 */
import type { Failure } from './failure.js';
import type { ITransport } from './protocol-transport.js';
import type { Factory } from './factory.js';
/** Twisted's `Protocol`. */
export declare class Protocol {
    /** The connection's transport, set by `makeConnection()`; `null` before. */
    transport: ITransport | null;
    /** True between `makeConnection()` and `connectionLost()`. */
    connected: boolean;
    /** The factory that built this protocol, if any. */
    factory: Factory<any> | null;
    /** Attaches the transport and calls `connectionMade()`. Called once, by the reactor. */
    makeConnection(transport: ITransport): void;
    /** Called when the connection is up; `this.transport` is set. */
    connectionMade(): void;
    /** Called with each chunk of bytes received; chunk boundaries are arbitrary. */
    dataReceived(_data: Uint8Array): void;
    /**
     * Called once when the connection is gone: `reason` wraps `ConnectionDone` for a clean close,
     * `ConnectionLost` (with the system error as `cause`) otherwise.
     */
    connectionLost(_reason: Failure): void;
}
//# sourceMappingURL=protocol.d.ts.map