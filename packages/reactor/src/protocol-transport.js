/**
 * The `transport` a Twisted `Protocol` sees: Twisted's `ITCPTransport` names (`write`,
 * `writeSequence`, `loseConnection`, `abortConnection`, `getPeer`, `getHost`, the producer
 * methods) over a core PEP 3156 `Transport`, and `ITLSTransport.startTLS()`, which upgrades the
 * connection in place with the loop's `startTls()`: as in Twisted, what is written after
 * `startTLS()` waits for the handshake and then goes out encrypted.
 */
import { InvalidArgumentError, InvalidStateError, describeValue, } from '@async/loop';
import { toAddress } from './address.js';
const encoder = new TextEncoder();
function toBytes(data, what) {
    if (data instanceof Uint8Array)
        return data;
    if (typeof data === 'string')
        return encoder.encode(data);
    throw new InvalidArgumentError(`${what} takes a Uint8Array (or a string, sent as UTF-8), got ${describeValue(data)}`);
}
/** A Twisted transport over a core transport. */
export class ProtocolTransport {
    coreTransport;
    _tls;
    /** True once `loseConnection()` or `abortConnection()` was called. */
    disconnecting = false;
    /** The producer registered with `registerProducer()`, if any. */
    producer = null;
    _streaming = false;
    /** The TLS upgrade under way, and what was written since `startTLS()`. */
    _upgrade = null;
    _tlsStarted = false;
    /** @internal Told once the TLS handshake is done (`IHandshakeListener.handshakeCompleted`). */
    _onHandshake = null;
    /**
     * Wraps the core transport `coreTransport`; with `tls`, `startTLS()` can upgrade it.
     */
    constructor(coreTransport, _tls = null) {
        this.coreTransport = coreTransport;
        this._tls = _tls;
    }
    /** Sends bytes (a string is sent as UTF-8). Ignored once disconnecting, as in Twisted. */
    write(data) {
        const bytes = toBytes(data, 'transport.write()');
        if (this.disconnecting)
            return;
        if (this._upgrade !== null) {
            this._upgrade.pending.push(bytes);
            return;
        }
        if (this.coreTransport.isClosing())
            return;
        this.coreTransport.write(bytes);
    }
    /** Sends each chunk of `data` in order. */
    writeSequence(data) {
        if (data === null || typeof data?.[Symbol.iterator] !== 'function') {
            throw new InvalidArgumentError(`transport.writeSequence() takes a list of chunks, got ${describeValue(data)}`);
        }
        const chunks = [...data].map((chunk) => toBytes(chunk, 'transport.writeSequence()'));
        if (this._upgrade !== null) {
            if (!this.disconnecting)
                this._upgrade.pending.push(...chunks);
            return;
        }
        if (this.disconnecting || this.coreTransport.isClosing())
            return;
        this.coreTransport.writeLines(chunks);
    }
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
    startTLS(contextFactory, normal = true) {
        const tls = this._tls;
        if (tls === null)
            throw new InvalidStateError('startTLS(): this transport cannot be upgraded to TLS');
        if (this._tlsStarted)
            throw new InvalidStateError('startTLS() was already called on this transport');
        if (typeof contextFactory !== 'object' || contextFactory === null) {
            throw new InvalidArgumentError(`startTLS(contextFactory) takes node:tls options, got ${describeValue(contextFactory)}`);
        }
        const serverSide = normal ? tls.serverSide : !tls.serverSide;
        const options = { serverSide };
        const servername = contextFactory.servername;
        if (!serverSide && typeof servername === 'string')
            options.serverHostname = servername;
        const core = this.coreTransport;
        let future;
        try {
            future = tls.loop.startTls(core, core.getProtocol(), contextFactory, options);
        }
        catch (error) {
            if (error instanceof InvalidArgumentError && /serverHostname/.test(error.message)) {
                throw new InvalidArgumentError("startTLS(contextFactory) on the client side needs servername in its options (the name the server's " +
                    'certificate is checked against), or rejectUnauthorized: false', { cause: error });
            }
            throw error;
        }
        this._tlsStarted = true;
        const upgrade = { future, pending: [] };
        this._upgrade = upgrade;
        future.addDoneCallback((done) => {
            this._upgrade = null;
            if (done.cancelled())
                return;
            const error = done.exception();
            if (error !== null) {
                // A failed handshake has ended the connection, and connectionLost() tells the protocol.
                // A loop that could not even start one (VirtualEventLoop: NotImplementedError) left it
                // open: say why, and end it, since what was written meanwhile can never be sent.
                if (!core.isClosing()) {
                    tls.loop.callExceptionHandler({ message: 'transport.startTLS() failed', exception: error, transport: core });
                    core.abort();
                }
                return;
            }
            const secure = done.result();
            this.coreTransport = secure;
            if (upgrade.pending.length > 0)
                secure.writeLines(upgrade.pending);
            if (this.disconnecting) {
                secure.close();
                return;
            }
            this._onHandshake?.();
        });
    }
    /** The peer's TLS certificate (Node's description), or `null` before TLS or without one. */
    getPeerCertificate() {
        return this.coreTransport.getExtraInfo('peercert') ?? null;
    }
    /** Closes the connection once buffered data is sent (after the TLS handshake, if one runs). */
    loseConnection() {
        this.disconnecting = true;
        // Mid-handshake, the upgrade's end closes the connection with what was written meanwhile.
        if (this._upgrade !== null)
            return;
        this.coreTransport.close();
    }
    /** Closes the connection at once, dropping buffered data (and any TLS handshake). */
    abortConnection() {
        this.disconnecting = true;
        const upgrade = this._upgrade;
        if (upgrade !== null) {
            upgrade.future.cancel();
            return;
        }
        this.coreTransport.abort();
    }
    /** The address of the other side. */
    getPeer() {
        return toAddress(this.coreTransport.getExtraInfo('peername'));
    }
    /** The address of this side. */
    getHost() {
        return toAddress(this.coreTransport.getExtraInfo('sockname'));
    }
    /** Stops reading from the connection (this transport as a producer). */
    pauseProducing() {
        if (this.coreTransport.isReading())
            this.coreTransport.pauseReading();
    }
    /** Resumes reading from the connection. */
    resumeProducing() {
        if (!this.coreTransport.isClosing() && !this.coreTransport.isReading())
            this.coreTransport.resumeReading();
    }
    /** Stops reading for good: closes the connection. */
    stopProducing() {
        this.loseConnection();
    }
    /**
     * Registers a producer of the data written here. A streaming (push) producer is paused while
     * the write buffer is over its high-water mark; a pull producer is asked for more each time
     * the buffer drains.
     */
    registerProducer(producer, streaming) {
        if (this.producer !== null) {
            throw new InvalidArgumentError('a producer is already registered: unregisterProducer() first');
        }
        if (typeof producer !== 'object' || producer === null || typeof producer.resumeProducing !== 'function') {
            throw new InvalidArgumentError(`registerProducer() takes a producer, got ${describeValue(producer)}`);
        }
        this.producer = producer;
        this._streaming = streaming;
        if (!streaming)
            producer.resumeProducing();
    }
    /** Unregisters the producer. */
    unregisterProducer() {
        this.producer = null;
    }
    /** @internal The core transport's write buffer went over its high-water mark. */
    _pauseWriting() {
        if (this._streaming)
            this.producer?.pauseProducing?.();
    }
    /** @internal The core transport's write buffer drained. */
    _resumeWriting() {
        this.producer?.resumeProducing();
    }
    /** @internal The connection is gone: a producer is stopped. */
    _connectionLost() {
        const producer = this.producer;
        this.producer = null;
        producer?.stopProducing();
    }
}
//# sourceMappingURL=protocol-transport.js.map