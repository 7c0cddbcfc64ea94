import { toAddress } from './address.js';
import { Deferred } from './deferred.js';
/** A listening port. */
export class ListeningPort {
    server;
    factory;
    _loop;
    _stopped = null;
    /** @internal Created by the reactor once the server listens. */
    constructor(
    /** The core server. */
    server, 
    /** The factory that builds a protocol for each connection. */
    factory, _loop) {
        this.server = server;
        this.factory = factory;
        this._loop = _loop;
    }
    /** The address the port listens on (with the port number the system chose for port 0). */
    getHost() {
        return toAddress(this.server.addresses()[0]);
    }
    /**
     * Stops listening. The Deferred fires on the next loop iteration, once the port is closed;
     * calling it again returns the same Deferred.
     */
    stopListening() {
        if (this._stopped !== null)
            return this._stopped;
        const d = new Deferred();
        this._stopped = d;
        this.server.close();
        this._loop.callSoon(() => {
            this.factory.doStop();
            d.callback(undefined);
        });
        return d;
    }
    /** Twisted's alias of `stopListening()`. */
    loseConnection() {
        return this.stopListening();
    }
}
//# sourceMappingURL=listening-port.js.map