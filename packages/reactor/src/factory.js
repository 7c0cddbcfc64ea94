/**
 * Twisted's protocol factories: a `Factory` builds one `Protocol` per connection
 * (`buildProtocol`), and is told when it starts and stops being used by ports and connectors
 * (`startFactory`/`stopFactory`). A `ClientFactory` also hears about failed and lost client
 * connections.
 */
import { InvalidArgumentError, describeValue } from '@async/loop';
/** Twisted's `Factory`. */
export class Factory {
    /** The protocol class `buildProtocol()` instantiates. */
    protocol = null;
    /** How many ports and connectors use the factory now. */
    numPorts = 0;
    /** A factory of `protocolClass`. */
    static forProtocol(protocolClass) {
        if (typeof protocolClass !== 'function') {
            throw new InvalidArgumentError(`Factory.forProtocol() takes a protocol class, got ${describeValue(protocolClass)}`);
        }
        const factory = new this();
        factory.protocol = protocolClass;
        return factory;
    }
    /** Called by a port or connector when it starts using the factory. */
    doStart() {
        if (this.numPorts === 0)
            this.startFactory();
        this.numPorts++;
    }
    /** Called by a port or connector when it stops using the factory. */
    doStop() {
        if (this.numPorts === 0)
            return;
        this.numPorts--;
        if (this.numPorts === 0)
            this.stopFactory();
    }
    /** Called before the first port or connector uses the factory. */
    startFactory() { }
    /** Called after the last port or connector stopped using the factory. */
    stopFactory() { }
    /**
     * A protocol for a new connection with `addr` (the peer); `null` refuses the connection.
     * The default instantiates `this.protocol` and sets its `factory`.
     */
    buildProtocol(_addr) {
        if (this.protocol === null) {
            throw new InvalidArgumentError(`${this.constructor.name}.protocol is not set: assign a Protocol class or override buildProtocol()`);
        }
        const p = new this.protocol();
        p.factory = this;
        return p;
    }
}
/** Twisted's `ServerFactory`: a factory for listening ports. */
export class ServerFactory extends Factory {
}
/** Twisted's `ClientFactory`: a factory for outgoing connections. */
export class ClientFactory extends Factory {
    /** Called when a connection attempt starts. */
    startedConnecting(_connector) { }
    /** Called when a connection attempt fails (refused, timed out, stopped). */
    clientConnectionFailed(_connector, _reason) { }
    /** Called when an established connection is lost. */
    clientConnectionLost(_connector, _reason) { }
}
//# sourceMappingURL=factory.js.map