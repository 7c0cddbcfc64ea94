/**
 * Twisted's `twisted.web.server.Site`: the factory to give `reactor.listenTCP(port, site)`. Each
 * connection gets an `HTTPChannel` (a Twisted `Protocol`) that carries an `@async/http` server
 * protocol over the connection's transport; each request becomes a `Request` that the site
 * routes through its resource tree and renders.
 */
import { createHTTPServer } from '@async/http';
import { InvalidArgumentError, describeValue } from '@async/loop';
import { ConnectionDone } from './errors.js';
import { Failure } from './failure.js';
import { ServerFactory } from './factory.js';
import { Protocol } from './protocol.js';
import { ProtocolTransport } from './protocol-transport.js';
import { reactor as defaultReactor } from './reactor.js';
import { Request } from './web-request.js';
import { Resource, getChildForRequest } from './web-resource.js';
/** The Twisted protocol of one HTTP connection: hosts the `@async/http` server protocol. */
export class HTTPChannel extends Protocol {
    _http;
    constructor(http) {
        super();
        this._http = http;
    }
    makeConnection(transport) {
        super.makeConnection(transport);
        if (!(transport instanceof ProtocolTransport)) {
            throw new InvalidArgumentError('an HTTPChannel needs a connection made by the reactor (listenTCP, listenSSL, listenUNIX)');
        }
        this._http.connectionMade(transport.coreTransport);
    }
    dataReceived(data) {
        this._http.dataReceived(data);
    }
    connectionLost(reason) {
        this._http.connectionLost(reason.check(ConnectionDone) !== null ? null : reason.value);
    }
}
/** Twisted's `Site`. */
export class Site extends ServerFactory {
    /** The root of the resource tree. */
    resource;
    /** The reactor requests run on. */
    reactor;
    _timeout;
    _server = null;
    /** @throws InvalidArgumentError unless `resource` is a `Resource`. */
    constructor(resource, options = {}) {
        super();
        if (!(resource instanceof Resource))
            throw new InvalidArgumentError(`Site(resource) takes a Resource, got ${describeValue(resource)}`);
        if (typeof options !== 'object' || options === null) {
            throw new InvalidArgumentError(`Site(resource, options) takes an options object, got ${describeValue(options)}`);
        }
        this.resource = resource;
        this.reactor = options.reactor ?? defaultReactor;
        this._timeout = options.timeout ?? 60 * 60 * 12;
    }
    /** A channel for a new connection. */
    buildProtocol(_addr) {
        const channel = new HTTPChannel(this._httpServer().protocolFactory());
        channel.factory = this;
        return channel;
    }
    /** The resource for `request`: walks the tree from the root (Twisted's `getResourceFor`). */
    getResourceFor(request) {
        request.sitepath = [...request.prepath];
        return getChildForRequest(this.resource, request);
    }
    /** Open connections. */
    get connectionCount() {
        return this._server?.connectionCount ?? 0;
    }
    /** The `@async/http` server, made on the first connection (on the reactor's loop then). */
    _httpServer() {
        this._server ??= createHTTPServer(this.reactor, (request, response) => this._handle(request, response), {
            idleConnectionTimeout: this._timeout,
        });
        return this._server;
    }
    _handle(httpRequest, response) {
        const request = new Request(this, httpRequest, response);
        request.setHeader('server', 'TwistedWeb/22.4.0 (@async/reactor)');
        try {
            request.render(this.getResourceFor(request));
        }
        catch (error) {
            this.reactor.callExceptionHandler({ message: `Unhandled error rendering ${request.uri}`, exception: error, request });
            request.processingFailed(new Failure(error));
        }
    }
}
//# sourceMappingURL=web-site.js.map