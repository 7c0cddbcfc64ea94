/**
 * `Connector`: what `connectTCP`/`connectSSL`/`connectUNIX` return, as in Twisted. It makes
 * the connection with the core `createConnection`, builds the protocol from a `ClientFactory`,
 * and tells the factory about the outcome (`clientConnectionFailed`, `clientConnectionLost`).
 * `connect()` may be called again after a failure or a loss, which is how reconnecting
 * factories retry.
 */
import { InvalidStateError } from '@async/loop';
import { IPv4Address, UNIXAddress } from './address.js';
import { Failure } from './failure.js';
import { ConnectError } from './errors.js';
import { ProtocolAdapter } from './protocol-adapter.js';
/** Twisted's `IConnector`. */
export class Connector {
    _loop;
    factory;
    _options;
    /** `'disconnected'`, `'connecting'` or `'connected'`. */
    state = 'disconnected';
    _attempt = null;
    _adapter = null;
    _factoryStarted = false;
    /** @internal Created by the reactor's `connect*` methods. */
    constructor(_loop, 
    /** The factory told about this connection. */
    factory, _options) {
        this._loop = _loop;
        this.factory = factory;
        this._options = _options;
    }
    /** Starts connecting. @throws InvalidStateError unless disconnected. */
    connect() {
        if (this.state !== 'disconnected') {
            throw new InvalidStateError(`Connector.connect() while ${this.state}: call it only when disconnected`);
        }
        this.state = 'connecting';
        if (!this._factoryStarted) {
            this._factoryStarted = true;
            this.factory.doStart();
        }
        this.factory.startedConnecting(this);
        const adapter = new ProtocolAdapter((peer) => this.factory.buildProtocol(peer), (reason) => {
            this.state = 'disconnected';
            this._adapter = null;
            this.factory.clientConnectionLost(this, reason);
            this._stopFactory();
        }, { loop: this._loop, serverSide: false });
        this._adapter = adapter;
        const attempt = this._loop.createConnection(() => adapter, this._options);
        this._attempt = attempt;
        attempt.addDoneCallback((f) => {
            if (this._attempt !== attempt)
                return;
            this._attempt = null;
            let error;
            try {
                f.result();
                if (this.state === 'connecting')
                    this.state = 'connected';
                return;
            }
            catch (e) {
                error = e;
            }
            this.state = 'disconnected';
            this._adapter = null;
            this.factory.clientConnectionFailed(this, new Failure(new ConnectError(`An error occurred while connecting: ${error instanceof Error ? error.message : String(error)}`, { cause: error })));
            this._stopFactory();
        });
    }
    /** Stops a connection attempt in progress; the factory hears `clientConnectionFailed`. */
    stopConnecting() {
        if (this.state !== 'connecting') {
            throw new InvalidStateError(`Connector.stopConnecting() while ${this.state}: only a connecting connector stops`);
        }
        this._attempt?.cancel('connection attempt stopped by stopConnecting()');
    }
    /** Disconnects: loses the connection, or stops the attempt in progress. */
    disconnect() {
        if (this.state === 'connecting')
            this.stopConnecting();
        else if (this.state === 'connected')
            this._adapter?.transport?.loseConnection();
    }
    /** Where the connector connects to. */
    getDestination() {
        if (this._options.path !== undefined)
            return new UNIXAddress(this._options.path);
        return new IPv4Address('TCP', this._options.host ?? '', this._options.port ?? 0);
    }
    // Twisted stops the factory after each failure or loss; a retry starts it again.
    _stopFactory() {
        if (this.state !== 'disconnected' || !this._factoryStarted)
            return;
        this._factoryStarted = false;
        this.factory.doStop();
    }
}
//# sourceMappingURL=connector.js.map