/**
 * `ClientCreator`: connect once and get a Deferred of the connected protocol, as Twisted's
 * `protocol.ClientCreator`. The Deferred fails with the `ConnectError` if the connection
 * cannot be made; cancelling it stops the attempt.
 */
import { InvalidArgumentError, describeValue } from '@async/loop';
import { ClientFactory } from './factory.js';
import { Deferred } from './deferred.js';
/** A one-shot client factory firing a Deferred with the connected protocol. */
class CreatorFactory extends ClientFactory {
    _build;
    deferred;
    _connector = null;
    constructor(_build) {
        super();
        this._build = _build;
        this.deferred = new Deferred(() => this._connector?.disconnect());
    }
    setConnector(connector) {
        this._connector = connector;
        if (this.deferred.called)
            connector.disconnect();
    }
    buildProtocol() {
        const p = this._build();
        p.factory = this;
        const connectionMade = p.connectionMade;
        p.connectionMade = () => {
            connectionMade.call(p);
            if (!this.deferred.called)
                this.deferred.callback(p);
        };
        return p;
    }
    clientConnectionFailed(_connector, reason) {
        if (!this.deferred.called)
            this.deferred.errback(reason);
    }
}
/** Twisted's `ClientCreator`: builds `protocolClass` for each connection it makes. */
export class ClientCreator {
    _reactor;
    _protocolClass;
    constructor(_reactor, _protocolClass) {
        this._reactor = _reactor;
        this._protocolClass = _protocolClass;
        if (typeof _protocolClass !== 'function') {
            throw new InvalidArgumentError(`ClientCreator(protocolClass) must be a class, got ${describeValue(_protocolClass)}`);
        }
    }
    /** Connects by TCP; the Deferred fires with the protocol once `connectionMade()` has run. */
    connectTCP(host, port, options = {}) {
        const factory = new CreatorFactory(() => new this._protocolClass());
        factory.setConnector(this._reactor.connectTCP(host, port, factory, options));
        return factory.deferred;
    }
    /** Connects to a UNIX socket. */
    connectUNIX(address, options = {}) {
        const factory = new CreatorFactory(() => new this._protocolClass());
        factory.setConnector(this._reactor.connectUNIX(address, factory, options));
        return factory.deferred;
    }
}
//# sourceMappingURL=client-creator.js.map