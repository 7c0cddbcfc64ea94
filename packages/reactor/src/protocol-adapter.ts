/**
 * The core PEP 3156 protocol that carries a Twisted `Protocol`: it builds the Twisted protocol
 * when the connection is made (so a factory's `buildProtocol` gets the peer's address), calls
 * `makeConnection` with a `ProtocolTransport`, forwards data, closes on EOF as a Twisted TCP
 * connection does, and turns the core `connectionLost(error | null)` into a `Failure` reason.
 */
import type { Protocol as CoreProtocol, Transport } from '@async/loop';
import { toAddress, type Address } from './address.js';
import { ProtocolTransport, type TlsRole } from './protocol-transport.js';
import { Failure } from './failure.js';
import { ConnectionDone, ConnectionLost } from './errors.js';
import type { Protocol } from './protocol.js';

/** A core protocol that hosts one Twisted `Protocol`. */
export class ProtocolAdapter implements CoreProtocol {
  /** The Twisted protocol, once built. */
  protocol: Protocol | null = null;
  /** The Twisted transport, once connected. */
  transport: ProtocolTransport | null = null;

  /**
   * @param build - builds the Twisted protocol for a peer; `null` refuses the connection.
   * @param onLost - told when a connection that had a protocol is lost.
   * @param tls - the loop and side, so that the transport's `startTLS()` can upgrade.
   */
  constructor(
    private readonly build: (peer: Address) => Protocol | null,
    private readonly onLost?: (reason: Failure) => void,
    private readonly tls: TlsRole | null = null,
  ) {}

  connectionMade(coreTransport: Transport): void {
    const protocol = this.build(toAddress(coreTransport.getExtraInfo('peername')));
    if (protocol === null) {
      coreTransport.close();
      return;
    }
    this.protocol = protocol;
    this.transport = new ProtocolTransport(coreTransport, this.tls);
    // Twisted's IHandshakeListener: a protocol with handshakeCompleted() hears when TLS is up.
    const listener = protocol as Protocol & { handshakeCompleted?(): void };
    if (typeof listener.handshakeCompleted === 'function') this.transport._onHandshake = () => listener.handshakeCompleted!();
    protocol.makeConnection(this.transport);
  }

  dataReceived(data: Uint8Array): void {
    this.protocol?.dataReceived(data);
  }

  // A Twisted TCP connection closes when the peer half-closes: no half-open state by default.
  eofReceived(): boolean {
    return false;
  }

  connectionLost(error: Error | null): void {
    const protocol = this.protocol;
    if (protocol === null) return;
    const reason = new Failure(
      error === null ? new ConnectionDone() : new ConnectionLost(`Connection lost: ${error.message}`, { cause: error }),
    );
    this.transport?._connectionLost();
    protocol.connected = false;
    try {
      protocol.connectionLost(reason);
    } finally {
      this.onLost?.(reason);
    }
  }

  pauseWriting(): void {
    this.transport?._pauseWriting();
  }

  resumeWriting(): void {
    this.transport?._resumeWriting();
  }
}
