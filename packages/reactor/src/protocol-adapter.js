import { toAddress } from './address.js';
import { ProtocolTransport } from './protocol-transport.js';
import { Failure } from './failure.js';
import { ConnectionDone, ConnectionLost } from './errors.js';
/** A core protocol that hosts one Twisted `Protocol`. */
export class ProtocolAdapter {
    build;
    onLost;
    tls;
    /** The Twisted protocol, once built. */
    protocol = null;
    /** The Twisted transport, once connected. */
    transport = null;
    /**
     * @param build - builds the Twisted protocol for a peer; `null` refuses the connection.
     * @param onLost - told when a connection that had a protocol is lost.
     * @param tls - the loop and side, so that the transport's `startTLS()` can upgrade.
     */
    constructor(build, onLost, tls = null) {
        this.build = build;
        this.onLost = onLost;
        this.tls = tls;
    }
    connectionMade(coreTransport) {
        const protocol = this.build(toAddress(coreTransport.getExtraInfo('peername')));
        if (protocol === null) {
            coreTransport.close();
            return;
        }
        this.protocol = protocol;
        this.transport = new ProtocolTransport(coreTransport, this.tls);
        // Twisted's IHandshakeListener: a protocol with handshakeCompleted() hears when TLS is up.
        const listener = protocol;
        if (typeof listener.handshakeCompleted === 'function')
            this.transport._onHandshake = () => listener.handshakeCompleted();
        protocol.makeConnection(this.transport);
    }
    dataReceived(data) {
        this.protocol?.dataReceived(data);
    }
    // A Twisted TCP connection closes when the peer half-closes: no half-open state by default.
    eofReceived() {
        return false;
    }
    connectionLost(error) {
        const protocol = this.protocol;
        if (protocol === null)
            return;
        const reason = new Failure(error === null ? new ConnectionDone() : new ConnectionLost(`Connection lost: ${error.message}`, { cause: error }));
        this.transport?._connectionLost();
        protocol.connected = false;
        try {
            protocol.connectionLost(reason);
        }
        finally {
            this.onLost?.(reason);
        }
    }
    pauseWriting() {
        this.transport?._pauseWriting();
    }
    resumeWriting() {
        this.transport?._resumeWriting();
    }
}
//# sourceMappingURL=protocol-adapter.js.map