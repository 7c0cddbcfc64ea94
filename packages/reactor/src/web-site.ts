/**
 * Twisted's `twisted.web.server.Site`: the factory to give `reactor.listenTCP(port, site)`. Each
 * connection gets an `HTTPChannel` (a Twisted `Protocol`) that carries an `@async/http` server
 * protocol over the connection's transport; each request becomes a `Request` that the site
 * routes through its resource tree and renders.
 */
import { createHTTPServer, type HTTPServer, type HTTPServerProtocol, type HTTPServerRequest, type HTTPServerResponse } from '@async/http';
import { InvalidArgumentError, describeValue } from '@async/loop';
import type { Address } from './address.js';
import { ConnectionDone } from './errors.js';
import { Failure } from './failure.js';
import { ServerFactory } from './factory.js';
import { Protocol } from './protocol.js';
import { ProtocolTransport, type ITransport } from './protocol-transport.js';
import { reactor as defaultReactor, type Reactor } from './reactor.js';
import { Request } from './web-request.js';
import { Resource, getChildForRequest } from './web-resource.js';

/** Options of `new Site(resource, options)`. */
export interface SiteOptions {
  /** The reactor requests run on (default: the global `reactor`). */
  reactor?: Reactor;
  /** Seconds an idle connection is kept open (Twisted's `timeout`, default 12 hours). */
  timeout?: number;
}

/** The Twisted protocol of one HTTP connection: hosts the `@async/http` server protocol. */
export class HTTPChannel extends Protocol {
  private readonly _http: HTTPServerProtocol;

  constructor(http: HTTPServerProtocol) {
    super();
    this._http = http;
  }

  override makeConnection(transport: ITransport): void {
    super.makeConnection(transport);
    if (!(transport instanceof ProtocolTransport)) {
      throw new InvalidArgumentError('an HTTPChannel needs a connection made by the reactor (listenTCP, listenSSL, listenUNIX)');
    }
    this._http.connectionMade(transport.coreTransport);
  }

  override dataReceived(data: Uint8Array): void {
    this._http.dataReceived(data);
  }

  override connectionLost(reason: Failure): void {
    this._http.connectionLost(reason.check(ConnectionDone) !== null ? null : (reason.value as Error));
  }
}

/** Twisted's `Site`. */
export class Site extends ServerFactory<HTTPChannel> {
  /** The root of the resource tree. */
  readonly resource: Resource;
  /** The reactor requests run on. */
  readonly reactor: Reactor;
  private readonly _timeout: number;
  private _server: HTTPServer | null = null;

  /** @throws InvalidArgumentError unless `resource` is a `Resource`. */
  constructor(resource: Resource, options: SiteOptions = {}) {
    super();
    if (!(resource instanceof Resource)) throw new InvalidArgumentError(`Site(resource) takes a Resource, got ${describeValue(resource)}`);
    if (typeof options !== 'object' || options === null) {
      throw new InvalidArgumentError(`Site(resource, options) takes an options object, got ${describeValue(options)}`);
    }
    this.resource = resource;
    this.reactor = options.reactor ?? defaultReactor;
    this._timeout = options.timeout ?? 60 * 60 * 12;
  }

  /** A channel for a new connection. */
  override buildProtocol(_addr: Address): HTTPChannel {
    const channel = new HTTPChannel(this._httpServer().protocolFactory());
    channel.factory = this;
    return channel;
  }

  /** The resource for `request`: walks the tree from the root (Twisted's `getResourceFor`). */
  getResourceFor(request: Request): Resource {
    request.sitepath = [...request.prepath];
    return getChildForRequest(this.resource, request);
  }

  /** Open connections. */
  get connectionCount(): number {
    return this._server?.connectionCount ?? 0;
  }

  /** The `@async/http` server, made on the first connection (on the reactor's loop then). */
  private _httpServer(): HTTPServer {
    this._server ??= createHTTPServer(this.reactor, (request, response) => this._handle(request, response), {
      idleConnectionTimeout: this._timeout,
    });
    return this._server;
  }

  private _handle(httpRequest: HTTPServerRequest, response: HTTPServerResponse): void {
    const request = new Request(this, httpRequest, response);
    request.setHeader('server', 'TwistedWeb/22.4.0 (@async/reactor)');
    try {
      request.render(this.getResourceFor(request));
    } catch (error) {
      this.reactor.callExceptionHandler({ message: `Unhandled error rendering ${request.uri}`, exception: error as Error, request });
      request.processingFailed(new Failure(error));
    }
  }
}
