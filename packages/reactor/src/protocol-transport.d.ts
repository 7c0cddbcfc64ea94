/**
 * The `transport` a Twisted `Protocol` sees: Twisted's `ITCPTransport` names (`write`,
 * `writeSequence`, `loseConnection`, `abortConnection`, `getPeer`, `getHost`, the producer
 * methods) over a core PEP 3156 `Transport`, and `ITLSTransport.startTLS()`, which upgrades the
 * connection in place with the loop's `startTls()`: as in Twisted, what is written after
 * `startTLS()` waits for the handshake and then goes out encrypted.
 */
import { type EventLoop, type StartTlsContext, type Transport } from '@async/loop';
import { type Address } from './address.js';
/** Twisted's `IPushProducer`/`IPullProducer`, as a consumer sees it. */
export interface Producer {
    /** Stop producing until `resumeProducing()`. */
    pauseProducing?(): void;
    /** Produce (more) data. */
    resumeProducing(): void;
    /** Stop producing for good. */
    stopProducing(): void;
}
/**
 * What a Twisted `Protocol` may call on `this.transport` (Twisted's `ITCPTransport` and
 * `IConsumer`/`IProducer`). `ProtocolTransport` implements it over a core transport;
 * `StringTransport` records writes for tests.
 */
export interface ITransport {
    /** True once the connection is being closed. */
    readonly disconnecting: boolean;
    /** Sends bytes (a string is sent as UTF-8). */
    write(data: Uint8Array | string): void;
    /** Sends each chunk in order. */
    writeSequence(data: Iterable<Uint8Array | string>): void;
    /** Closes once buffered data is sent. */
    loseConnection(): void;
    /** Closes at once. */
    abortConnection(): void;
    /** The address of the other side. */
    getPeer(): Address;
    /** The address of this side. */
    getHost(): Address;
    /** Stops reading. */
    pauseProducing(): void;
    /** Resumes reading. */
    resumeProducing(): void;
    /** Stops reading for good. */
    stopProducing(): void;
    /** Registers a producer of the data written here. */
    registerProducer(producer: Producer, streaming: boolean): void;
    /** Unregisters the producer. */
    unregisterProducer(): void;
    /** Twisted's `ITLSTransport.startTLS()`, where the transport supports it. */
    startTLS?(contextFactory: StartTlsContext, normal?: boolean): void;
    /** Twisted's `ISSLTransport.getPeerCertificate()`, where the transport supports it. */
    getPeerCertificate?(): unknown;
}
/** Where a `ProtocolTransport` can upgrade to TLS: the loop and the side of the connection. */
export interface TlsRole {
    /** The loop whose `startTls()` upgrades the connection. */
    readonly loop: EventLoop;
    /** True for a connection a server accepted. */
    readonly serverSide: boolean;
}
/** A Twisted transport over a core transport. */
export declare class ProtocolTransport implements ITransport {
    coreTransport: Transport;
    private readonly _tls;
    /** True once `loseConnection()` or `abortConnection()` was called. */
    disconnecting: boolean;
    /** The producer registered with `registerProducer()`, if any. */
    producer: Producer | null;
    private _streaming;
    /** The TLS upgrade under way, and what was written since `startTLS()`. */
    private _upgrade;
    private _tlsStarted;
    /** @internal Told once the TLS handshake is done (`IHandshakeListener.handshakeCompleted`). */
    _onHandshake: (() => void) | null;
    /**
     * Wraps the core transport `coreTransport`; with `tls`, `startTLS()` can upgrade it.
     */
    constructor(coreTransport: Transport, _tls?: TlsRole | null);
    /** Sends bytes (a string is sent as UTF-8). Ignored once disconnecting, as in Twisted. */
    write(data: Uint8Array | string): void;
    /** Sends each chunk of `data` in order. */
    writeSequence(data: Iterable<Uint8Array | string>): void;
    /**
     * Twisted's `ITLSTransport.startTLS(contextFactory, normal)`: from now on the connection is
     * encrypted. `contextFactory` holds `node:tls` options: `key` and `cert` for the TLS server,
     * `ca` and `servername` (the name the certificate is checked against; required unless
     * `rejectUnauthorized: false`) for the client. With `normal` (the default) the side that
     * accepted the connection is the TLS server; `false` swaps the roles. Bytes written before
     * are sent in clear first; bytes written after wait for the handshake. A failed handshake
     * ends the connection: `connectionLost()` gets a `Failure` whose cause is the TLS error.
     * @throws InvalidStateError if called twice, or on a transport that cannot upgrade;
     *   InvalidArgumentError for bad options.
     */
    startTLS(contextFactory: StartTlsContext, normal?: boolean): void;
    /** The peer's TLS certificate (Node's description), or `null` before TLS or without one. */
    getPeerCertificate(): unknown;
    /** Closes the connection once buffered data is sent (after the TLS handshake, if one runs). */
    loseConnection(): void;
    /** Closes the connection at once, dropping buffered data (and any TLS handshake). */
    abortConnection(): void;
    /** The address of the other side. */
    getPeer(): Address;
    /** The address of this side. */
    getHost(): Address;
    /** Stops reading from the connection (this transport as a producer). */
    pauseProducing(): void;
    /** Resumes reading from the connection. */
    resumeProducing(): void;
    /** Stops reading for good: closes the connection. */
    stopProducing(): void;
    /**
     * Registers a producer of the data written here. A streaming (push) producer is paused while
     * the write buffer is over its high-water mark; a pull producer is asked for more each time
     * the buffer drains.
     */
    registerProducer(producer: Producer, streaming: boolean): void;
    /** Unregisters the producer. */
    unregisterProducer(): void;
    /** @internal The core transport's write buffer went over its high-water mark. */
    _pauseWriting(): void;
    /** @internal The core transport's write buffer drained. */
    _resumeWriting(): void;
    /** @internal The connection is gone: a producer is stopped. */
    _connectionLost(): void;
}
//# sourceMappingURL=protocol-transport.d.ts.map