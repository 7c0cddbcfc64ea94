/** Twisted's `Protocol`. */
export class Protocol {
    /** The connection's transport, set by `makeConnection()`; `null` before. */
    transport = null;
    /** True between `makeConnection()` and `connectionLost()`. */
    connected = false;
    /** The factory that built this protocol, if any. */
    factory = null;
    /** Attaches the transport and calls `connectionMade()`. Called once, by the reactor. */
    makeConnection(transport) {
        this.connected = true;
        this.transport = transport;
        this.connectionMade();
    }
    /** Called when the connection is up; `this.transport` is set. */
    connectionMade() { }
    /** Called with each chunk of bytes received; chunk boundaries are arbitrary. */
    dataReceived(_data) { }
    /**
     * Called once when the connection is gone: `reason` wraps `ConnectionDone` for a clean close,
     * `ConnectionLost` (with the system error as `cause`) otherwise.
     */
    connectionLost(_reason) { }
}
//# sourceMappingURL=protocol.js.map