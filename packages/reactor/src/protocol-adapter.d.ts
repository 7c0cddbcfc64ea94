/**
 * The core PEP 3156 protocol that carries a Twisted `Protocol`: it builds the Twisted protocol
 * when the connection is made (so a factory's `buildProtocol` gets the peer's address), calls
 * `makeConnection` with a `ProtocolTransport`, forwards data, closes on EOF as a Twisted TCP
 * connection does, and turns the core `connectionLost(error | null)` into a `Failure` reason.
 */
import type { Protocol as CoreProtocol, Transport } from '@async/loop';
import { type Address } from './address.js';
import { ProtocolTransport, type TlsRole } from './protocol-transport.js';
import { Failure } from './failure.js';
import type { Protocol } from './protocol.js';
/** A core protocol that hosts one Twisted `Protocol`. */
export declare class ProtocolAdapter implements CoreProtocol {
    private readonly build;
    private readonly onLost?;
    private readonly tls;
    /** The Twisted protocol, once built. */
    protocol: Protocol | null;
    /** The Twisted transport, once connected. */
    transport: ProtocolTransport | null;
    /**
     * @param build - builds the Twisted protocol for a peer; `null` refuses the connection.
     * @param onLost - told when a connection that had a protocol is lost.
     * @param tls - the loop and side, so that the transport's `startTLS()` can upgrade.
     */
    constructor(build: (peer: Address) => Protocol | null, onLost?: ((reason: Failure) => void) | undefined, tls?: TlsRole | null);
    connectionMade(coreTransport: Transport): void;
    dataReceived(data: Uint8Array): void;
    eofReceived(): boolean;
    connectionLost(error: Error | null): void;
    pauseWriting(): void;
    resumeWriting(): void;
}
//# sourceMappingURL=protocol-adapter.d.ts.map