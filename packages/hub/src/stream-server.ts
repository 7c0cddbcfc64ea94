/**
 * gevent's `StreamServer`: accepts connections on the loop and runs `handle(socket, address)` in
 * a new greenlet for each, closing the socket when the handler returns. A `pool` option bounds
 * how many handlers run at once.
 */
import { type Future, InvalidArgumentError, type Server, describeValue } from '@async/loop';
import { type Hub, currentHub } from './hub.js';
import { Op } from './operation.js';
import { Socket } from './socket.js';
import type { Group } from './pool.js';
import { checkListener, handlerGroup } from './server-arguments.js';
import { Event } from './event.js';
import { checkFunction } from './greenlet-body.js';
import { Greenlet, checkSeconds } from './greenlet.js';

/** A connection handler: may block (a generator function) and gets the socket and the peer's address. */
export type StreamHandler = (socket: Socket, address: unknown) => unknown;

/** Options of `StreamServer`. */
export interface StreamServerOptions {
  /** Handlers run at once at most: a size, or a `Pool`/`Group` to spawn them in. Default: no limit. */
  pool?: number | Group;
}

/** A TCP server that runs a greenlet per connection. */
export class StreamServer {
  /** The hub the server runs on. */
  readonly hub: Hub;
  /** The group the handlers run in. */
  readonly pool: Group;
  private readonly _host: string;
  private readonly _port: number;
  private readonly _handle: StreamHandler;
  private _server: Server | null = null;
  private _stopped: Event | null = null;

  /**
   * @param listener `[host, port]` to listen on; port 0 picks a free port (see `address`).
   * @throws InvalidArgumentError on a bad listener, handler or pool.
   */
  constructor(listener: [host: string, port: number], handle: StreamHandler, options: StreamServerOptions = {}) {
    checkListener(listener, 'StreamServer');
    checkFunction(handle, 'the handler of a StreamServer');
    this.hub = currentHub();
    [this._host, this._port] = listener;
    this._handle = handle;
    this.pool = handlerGroup(options.pool, 'StreamServer({ pool })');
  }

  /** True between `start()` and `stop()`. */
  get started(): boolean {
    return this._server !== null;
  }

  /** `[host, port]` actually listened on, once started. */
  get address(): [host: string, port: number] {
    const a = this._server?.sockets[0];
    if (a === undefined || typeof a === 'string') return [this._host, this._port];
    return [a.address, a.port];
  }

  /** Starts listening; the operation is done once the server accepts connections. */
  start(): Op<void> {
    if (this._server !== null) return Op.settled(this.hub, false, undefined);
    const hub = this.hub;
    return Op.primitive(hub, (wake) => {
      const future: Future<Server> = hub.loop.createServer(
        () => new Socket(hub)._protocol((socket) => this._spawnHandler(socket)),
        { host: this._host, port: this._port },
      );
      future.addDoneCallback((f) => {
        if (f.cancelled()) return;
        const error = f.exception();
        if (error !== null && error !== undefined) {
          wake(true, error);
          return;
        }
        if (this._server !== null) {
          // Started twice concurrently: keep the first.
          f.result().close();
        } else {
          this._server = f.result();
          this._stopped = new Event();
        }
        wake(false, undefined);
      });
      return () => {
        if (!future.done()) future.cancel();
      };
    });
  }

  /** Starts (if needed) and blocks until `stop()` is called. */
  serveForever(): Op<void> {
    const self = this;
    return Op.composite(this.hub, function* () {
      yield* self.start();
      yield* self._stopped!.wait();
    });
  }

  /**
   * Stops accepting, gives running handlers `timeout` seconds to finish (default 1) and kills
   * the rest.
   */
  stop(timeout = 1): Op<void> {
    checkSeconds(timeout, 'stop(timeout)');
    const server = this._server;
    if (server === null) return Op.settled(this.hub, false, undefined);
    this._server = null;
    server.close();
    this._stopped?.set();
    const pool = this.pool;
    return Op.composite(this.hub, function* () {
      if (!(yield* pool.join({ timeout }))) yield* pool.kill();
    });
  }

  private _spawnHandler(socket: Socket): void {
    if (this._server === null) {
      socket.close();
      return;
    }
    const g = new Greenlet(this._handle, socket, socket.getpeername());
    g._closeWhenDone = socket; // as gevent's handler wrapper does, whatever the handler did
    this.pool.start(g);
  }

  /** `<StreamServer on host:port>` or `<StreamServer stopped>`. */
  toString(): string {
    return `<StreamServer ${this.started ? `on ${this.address.join(':')}` : 'stopped'}>`;
  }
}

