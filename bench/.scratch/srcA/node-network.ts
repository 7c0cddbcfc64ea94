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
import type { ConnectionOptions, ServerOptions } from './connection-options.js';
import { LoopClosedError } from './errors.js';
import { checkConnectionOptions, checkProtocolFactory, checkServerOptions } from './network-argument-checks.js';
import type { SocketTransport } from './socket-transport.js';
import { type ConnectAttempt, type ConnectorNetwork, openConnection } from './node-connector.js';
import { type NodeServer, type ServerNetwork, openServer } from './node-server.js';

/** The live network resources of one loop, and the entry points that create them. */
export class NodeNetwork implements ConnectorNetwork, ServerNetwork {
  private readonly _attempts = new Set<ConnectAttempt<Protocol>>();
  private readonly _transports = new Set<SocketTransport>();
  private readonly _servers = new Set<NodeServer>();

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

  /** How many attempts, transports and servers are live (for tests and debugging). */
  get liveCounts(): { attempts: number; transports: number; servers: number } {
    return { attempts: this._attempts.size, transports: this._transports.size, servers: this._servers.size };
  }

  /**
   * Ends everything at once, for `loop.close()`: pending connections fail with
   * `LoopClosedError`, servers stop listening, sockets are destroyed. No protocol method is
   * called, since the loop can run nothing more.
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

  /** @internal */ _track(transport: SocketTransport): void {
    this._transports.add(transport);
  }

  /** @internal */ _transportLost(transport: SocketTransport): void {
    this._transports.delete(transport);
  }

  /** @internal */ _serverOpened(server: NodeServer): void {
    this._servers.add(server);
  }

  /** @internal */ _serverClosed(server: NodeServer): void {
    this._servers.delete(server);
  }
}
