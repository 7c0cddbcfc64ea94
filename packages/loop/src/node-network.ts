/**
 * `NodeNetwork`: the networking half of `NodeEventLoop`. It checks the arguments of
 * `createConnection()`/`createServer()`, hands the work to `node-connector.ts` and
 * `node-server.ts`, and keeps a set of everything live on Node's side (connection attempts,
 * transports, servers) so that closing the loop can end them all and leave no handle behind.
 */
import type { EventLoop } from './event-loop.js';
import type { Future } from './future.js';
import type { Protocol, ProtocolFactory } from './protocols.js';
import type { Transport } from './transports.js';
import type { Server } from './server.js';
import type { ConnectionOptions, ServerOptions, StartTlsContext, StartTlsOptions } from './connection-options.js';
import { InvalidArgumentError, LoopClosedError } from './errors.js';
import {
  checkConnectionOptions,
  checkProtocolFactory,
  checkServerOptions,
  checkStartTlsArguments,
} from './network-argument-checks.js';
import { describeValue } from './argument-checks.js';
import { SocketTransport, type TransportContext, type TransportOwner } from './socket-transport.js';
import { upgradeToTls } from './tls-upgrade.js';
import { type ConnectAttempt, type ConnectorNetwork, openConnection } from './node-connector.js';
import { type NodeServer, type ServerNetwork, openServer } from './node-server.js';

/** The live network resources of one loop, and the entry points that create them. */
export class NodeNetwork implements ConnectorNetwork, ServerNetwork, TransportOwner {
  private readonly _attempts = new Set<ConnectAttempt<Protocol>>();
  /** Connections we opened; accepted ones are tracked by their server. */
  private readonly _transports = new Set<SocketTransport>();
  /** Servers until they are closed and their last connection is gone. */
  private readonly _servers = new Set<NodeServer>();
  private readonly _clientContexts = new Map<string, TransportContext>();

  /** @internal */
  constructor(private readonly _loop: EventLoop) {}

  /** `loop.createConnection()`: checks the arguments, then connects. */
  createConnection<P extends Protocol>(factory: ProtocolFactory<P>, options: ConnectionOptions): Future<[Transport, P]> {
    if (this._loop.isClosed()) throw new LoopClosedError();
    checkProtocolFactory(factory, 'createConnection()');
    return openConnection(this._loop, this, factory, checkConnectionOptions(options));
  }

  /** `loop.createServer()`: checks the arguments, then listens. */
  createServer(factory: ProtocolFactory, options: ServerOptions): Future<Server> {
    if (this._loop.isClosed()) throw new LoopClosedError();
    checkProtocolFactory(factory, 'createServer()');
    return openServer(this._loop, this, factory, checkServerOptions(options));
  }

  /**
   * `loop.startTls()`: checks the arguments, then upgrades. Only a plain (TCP or UNIX)
   * transport of this loop can be upgraded.
   */
  startTls(transport: Transport, protocol: Protocol, tls: StartTlsContext, options?: StartTlsOptions): Future<Transport> {
    if (this._loop.isClosed()) throw new LoopClosedError();
    if (!(transport instanceof SocketTransport) || transport._context.loop !== this._loop) {
      throw new InvalidArgumentError(
        'startTls(transport) needs a transport of this loop (from its createConnection() or createServer()), ' +
          `got ${describeValue(transport)}`,
      );
    }
    if (transport._context.tls) {
      throw new InvalidArgumentError('startTls(transport) got a transport that is already TLS; a connection is upgraded once');
    }
    return upgradeToTls(this._loop, transport, protocol, checkStartTlsArguments(protocol, tls, options));
  }

  /**
   * Ends everything at once, for `loop.close()`: pending connections fail with
   * `LoopClosedError`, servers stop listening and drop their connections, sockets are
   * destroyed. No protocol method is called, since the loop can run nothing more.
   */
  closeAll(): void {
    for (const attempt of [...this._attempts]) attempt._abortForLoopClose();
    for (const server of [...this._servers]) server._closeForLoop();
    for (const transport of this._transports) transport._destroyForLoopClose();
    this._attempts.clear();
    this._servers.clear();
    this._transports.clear();
  }

  /** @internal */ _attemptStarted(attempt: ConnectAttempt<Protocol>): void {
    this._attempts.add(attempt);
  }

  /** @internal */ _attemptEnded(attempt: ConnectAttempt<Protocol>): void {
    this._attempts.delete(attempt);
  }

  /** @internal */ _clientContext(tls: boolean, path: string | undefined): TransportContext {
    const key = `${tls ? 'tls' : 'tcp'}:${path ?? ''}`;
    let context = this._clientContexts.get(key);
    if (context === undefined) {
      context = { loop: this._loop, owner: this, tls, path, serverSide: false };
      this._clientContexts.set(key, context);
    }
    return context;
  }

  /** @internal */ _track(transport: SocketTransport): void {
    this._transports.add(transport);
  }

  /** @internal */ _transportLost(transport: SocketTransport): void {
    this._transports.delete(transport);
  }

  /** @internal */ _transportUpgraded(transport: SocketTransport, replacement: SocketTransport): void {
    this._transports.delete(transport);
    this._transports.add(replacement);
  }

  /** @internal */ _serverOpened(server: NodeServer): void {
    this._servers.add(server);
  }

  /** @internal */ _serverClosed(server: NodeServer): void {
    this._servers.delete(server);
  }
}
