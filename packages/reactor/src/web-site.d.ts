/**
 * Twisted's `twisted.web.server.Site`: the factory to give `reactor.listenTCP(port, site)`. Each
 * connection gets an `HTTPChannel` (a Twisted `Protocol`) that carries an `@async/http` server
 * protocol over the connection's transport; each request becomes a `Request` that the site
 * routes through its resource tree and renders.
 */
import { type HTTPServerProtocol } from '@async/http';
import type { Address } from './address.js';
import { Failure } from './failure.js';
import { ServerFactory } from './factory.js';
import { Protocol } from './protocol.js';
import { type ITransport } from './protocol-transport.js';
import { type Reactor } from './reactor.js';
import { Request } from './web-request.js';
import { Resource } from './web-resource.js';
/** Options of `new Site(resource, options)`. */
export interface SiteOptions {
    /** The reactor requests run on (default: the global `reactor`). */
    reactor?: Reactor;
    /** Seconds an idle connection is kept open (Twisted's `timeout`, default 12 hours). */
    timeout?: number;
}
/** The Twisted protocol of one HTTP connection: hosts the `@async/http` server protocol. */
export declare class HTTPChannel extends Protocol {
    private readonly _http;
    constructor(http: HTTPServerProtocol);
    makeConnection(transport: ITransport): void;
    dataReceived(data: Uint8Array): void;
    connectionLost(reason: Failure): void;
}
/** Twisted's `Site`. */
export declare class Site extends ServerFactory<HTTPChannel> {
    /** The root of the resource tree. */
    readonly resource: Resource;
    /** The reactor requests run on. */
    readonly reactor: Reactor;
    private readonly _timeout;
    private _server;
    /** @throws InvalidArgumentError unless `resource` is a `Resource`. */
    constructor(resource: Resource, options?: SiteOptions);
    /** A channel for a new connection. */
    buildProtocol(_addr: Address): HTTPChannel;
    /** The resource for `request`: walks the tree from the root (Twisted's `getResourceFor`). */
    getResourceFor(request: Request): Resource;
    /** Open connections. */
    get connectionCount(): number;
    /** The `@async/http` server, made on the first connection (on the reactor's loop then). */
    private _httpServer;
    private _handle;
}
//# sourceMappingURL=web-site.d.ts.map