/**
 * `VirtualNetwork`: the address space of one `VirtualEventLoop`. Servers listen on `host:port`
 * pairs or on paths (standing in for UNIX sockets) that exist only inside the loop, clients
 * connect to them, and every connection is a pair of `MemoryTransport`s. It keeps what a kernel
 * keeps: which addresses are bound (and refuses a second bind), free ports for `port: 0` and for
 * clients, a small host table for names, and the live connections, so nothing outlives the loop.
 *
 * Timing: connecting takes one `latency` of virtual time (success or refusal), and every byte,
 * end of file and reset then takes `latency` to cross. With the default latency of 0 everything
 * happens in the next loop iterations, in a fixed order.
 */
import { isIP } from 'node:net';
import {
  AddressInUseError,
  ConnectionRefusedError,
  FileNotFoundError,
  InvalidArgumentError,
  LoopClosedError,
  NameResolutionError,
  NotImplementedError,
  TimeoutError,
  checkConnectionOptions,
  checkProtocol,
  checkProtocolFactory,
  checkServerOptions,
  checkStartTlsArguments,
  describeValue,
  type ConnectionOptions,
  type EventLoop,
  type Future,
  type Handle,
  type Protocol,
  type ProtocolFactory,
  type Server,
  type ServerAddress,
  type ServerOptions,
  type StartTlsContext,
  type StartTlsOptions,
  type TimerHandle,
  type Transport,
} from '@async/loop';
import { DEFAULT_LINK, resolveLink, type MemoryLink, type MemoryLinkOptions } from './memory-channel.js';
import { createTransportPair, type MemoryAddress } from './memory-connection.js';
import { MemoryServer } from './memory-server.js';
import { MemoryTransport } from './memory-transport.js';

/** `createConnection()` options on a `VirtualEventLoop`: the usual ones plus the link's. */
export interface VirtualConnectionOptions extends ConnectionOptions, MemoryLinkOptions {}

/** `createServer()` options on a `VirtualEventLoop`: link settings apply to accepted connections. */
export interface VirtualServerOptions extends ServerOptions, MemoryLinkOptions {}

/** Options of a `VirtualNetwork`: the link settings every connection starts from. */
export interface VirtualNetworkOptions extends MemoryLinkOptions {}

/** Where ephemeral ports (for `port: 0` and for clients) are taken from, as IANA's range. */
const EPHEMERAL_FIRST = 49152;
const EPHEMERAL_LAST = 65535;
/** Node's default listen backlog. */
const DEFAULT_BACKLOG = 511;

interface TcpListener {
  readonly address: string;
  readonly family: 'IPv4' | 'IPv6';
  readonly port: number;
  readonly ipv6Only: boolean;
  readonly server: MemoryServer;
  readonly link: MemoryLinkOptions;
}

interface PathListener {
  readonly server: MemoryServer;
  readonly link: MemoryLinkOptions;
}

/** Where a connection goes, once its target is resolved. */
interface Route {
  readonly server: MemoryServer;
  readonly link: MemoryLinkOptions;
  /** The server end's `sockname` (the address the client reached). */
  readonly serverAddress: MemoryAddress | string;
  /** IP version of the route, for the client's own address; `undefined` for paths. */
  readonly family: 'IPv4' | 'IPv6' | undefined;
}

/** The in-memory network of one loop. Reach it as `loop.network`. */
export class VirtualNetwork {
  private readonly _loop: EventLoop;
  private _link: MemoryLink;
  private readonly _hosts = new Map<string, string[]>([['localhost', ['127.0.0.1', '::1']]]);
  private readonly _tcp = new Map<number, TcpListener[]>();
  private readonly _paths = new Map<string, PathListener>();
  /** Ports held by listeners and clients, with how many hold each. */
  private readonly _ports = new Map<number, number>();
  private _nextEphemeral = EPHEMERAL_FIRST;
  private readonly _servers = new Set<MemoryServer>();
  private readonly _live = new Set<MemoryTransport>();
  /** Connection attempts still under way, each as the function that abandons it. */
  private readonly _attempts = new Set<() => void>();

  /** @internal Made by `VirtualEventLoop`. */
  constructor(loop: EventLoop, options?: VirtualNetworkOptions) {
    this._loop = loop;
    this._link = resolveLink(DEFAULT_LINK, options, 'VirtualEventLoop network options');
  }

  /** The link settings connections start from (before server and connection options). */
  get link(): MemoryLink {
    return this._link;
  }

  /** Changes the default link settings for connections made from now on. */
  configure(options: MemoryLinkOptions): void {
    this._link = resolveLink(this._link, options, 'network.configure()');
  }

  /**
   * Makes `name` resolve to `addresses` (IP addresses, tried in order), like a line of
   * `/etc/hosts`. `localhost` is there from the start (127.0.0.1, then ::1).
   */
  addHost(name: string, ...addresses: string[]): void {
    if (typeof name !== 'string' || name === '' || isIP(name) !== 0) {
      throw new InvalidArgumentError(`addHost(name) needs a host name (not an IP address), got ${String(name)}`);
    }
    if (addresses.length === 0 || addresses.some((a) => typeof a !== 'string' || isIP(a) === 0)) {
      throw new InvalidArgumentError(`addHost("${name}", …addresses) needs one or more IP addresses, got ${addresses.join(', ')}`);
    }
    this._hosts.set(name.toLowerCase(), addresses.map(canonicalIp));
  }

  /**
   * The IP addresses `host` stands for (an IP address stands for itself), keeping only the
   * given family (4 or 6; 0 for both). Empty if the name is unknown.
   */
  resolve(host: string, family: 0 | 4 | 6 = 0): string[] {
    if (isIP(host) !== 0) return [canonicalIp(host)];
    const addresses = this._hosts.get(host.toLowerCase()) ?? [];
    return family === 0 ? [...addresses] : addresses.filter((a) => isIP(a) === family);
  }

  /** Every address a server listens on, in the order they were bound. */
  get listeners(): ServerAddress[] {
    const all: ServerAddress[] = [];
    for (const server of this._servers) all.push(...server.addresses());
    return all;
  }

  /** How many connection ends are alive (two per connection, one while still in a backlog). */
  get connectionCount(): number {
    return this._live.size;
  }

  // ---- connecting ------------------------------------------------------------------------------

  /**
   * `loop.createConnection()`: connects to a server of this network. The future resolves with
   * the transport and the protocol after `connectionMade()`, or fails with
   * `ConnectionRefusedError` (nobody listens there, or the backlog is full),
   * `FileNotFoundError` (no server on that path), `NameResolutionError` (unknown host name),
   * `AddressInUseError` (`localPort` taken) or `TimeoutError` (`timeout` passed first).
   * @throws InvalidArgumentError for a bad factory or option, at once.
   */
  connect<P extends Protocol>(factory: ProtocolFactory<P>, options: VirtualConnectionOptions): Future<[Transport, P]> {
    if (this._loop.isClosed()) throw new LoopClosedError();
    checkProtocolFactory(factory, 'createConnection()');
    const [linkOptions, rest] = splitLinkOptions(options);
    const checked = checkConnectionOptions(rest);
    if (checked.tls !== undefined && checked.tls !== false) throw noTls('createConnection()');
    resolveLink(DEFAULT_LINK, linkOptions, 'createConnection()');
    const future = this._loop.createFuture<[Transport, P]>();

    // The connect delay is the latency of the link the connection will get, if there is a route.
    let delay = linkOptions.latency ?? this._link.latency;
    if (linkOptions.latency === undefined) {
      const route = this._tryRoute(checked);
      if (route?.link.latency !== undefined) delay = route.link.latency;
    }

    let timer: TimerHandle | null = null;
    const attempt = (): void => {
      timer?.cancel();
      if (future.done()) return;
      let made: { client: MemoryTransport; server: MemoryTransport; route: Route; protocol: P };
      try {
        made = this._establish(factory, checked, linkOptions);
      } catch (error) {
        future.setException(error);
        return;
      }
      made.client._attach(made.protocol, (failure) => {
        if (future.done()) made.client.close();
        else if (failure !== null) future.setException(failure);
        else future.setResult([made.client, made.protocol]);
      });
      made.route.server._connected(made.server);
    };
    const handle: Handle = delay > 0 ? this._loop.callLater(delay, attempt) : this._loop.callSoon(attempt);
    if (checked.timeout !== undefined) {
      timer = this._loop.callLater(checked.timeout, () => {
        handle.cancel();
        if (!future.done()) {
          future.setException(new TimeoutError(`connecting to ${describeTarget(checked)} timed out after ${checked.timeout} s`));
        }
      });
    }
    // Closing the loop fails the attempt, as NodeEventLoop does, until the future is settled
    // (which is a loop callback after the connection is made).
    const abandon = (): void => {
      handle.cancel();
      timer?.cancel();
      if (!future.done()) {
        future.setException(new LoopClosedError(`the event loop was closed while connecting to ${describeTarget(checked)}`));
      }
    };
    this._attempts.add(abandon);
    future.addDoneCallback(() => {
      this._attempts.delete(abandon);
      if (future.cancelled()) handle.cancel();
      timer?.cancel();
    });
    return future;
  }

  private _tryRoute(options: ConnectionOptions): Route | undefined {
    try {
      return this._route(options);
    } catch {
      return undefined;
    }
  }

  /** Finds the server a connection goes to, or throws the error a kernel would give. */
  private _route(options: ConnectionOptions): Route {
    const path = options.path;
    if (path !== undefined) {
      const listener = this._paths.get(path);
      if (listener === undefined) {
        throw new FileNotFoundError(
          `connecting to ${path} failed: no server listens on that path in this VirtualEventLoop's network ` +
            '(start one with loop.createServer(factory, { path }))',
          { code: 'ENOENT' },
        );
      }
      if (!listener.server._canConnect()) throw refused(path, 'its backlog is full: call server.startServing()');
      return { server: listener.server, link: listener.link, serverAddress: path, family: undefined };
    }
    const host = options.host!;
    const port = options.port!;
    const addresses = this.resolve(host, options.family ?? 0);
    if (addresses.length === 0) {
      throw new NameResolutionError(
        `connecting to ${host}:${port} failed: "${host}" is not a known host in this VirtualEventLoop's network ` +
          '(use an IP address, or add the name with loop.network.addHost())',
        { code: 'ENOTFOUND' },
      );
    }
    let full = false;
    for (const address of addresses) {
      const listener = this._findListener(address, port);
      if (listener === undefined) continue;
      if (!listener.server._canConnect()) {
        full = true;
        continue;
      }
      const family = isIP(address) === 6 ? 'IPv6' : 'IPv4';
      return { server: listener.server, link: listener.link, serverAddress: Object.freeze({ address, family, port }), family };
    }
    throw refused(
      `${host}:${port}`,
      full ? "the server's backlog is full: call server.startServing()" : 'nothing listens there',
    );
  }

  private _establish<P extends Protocol>(
    factory: ProtocolFactory<P>,
    options: ConnectionOptions,
    linkOptions: MemoryLinkOptions,
  ): { client: MemoryTransport; server: MemoryTransport; route: Route; protocol: P } {
    const route = this._route(options);
    let clientAddress: MemoryAddress | string = '';
    let port = 0;
    if (route.family !== undefined) {
      port = options.localPort ? this._bindPort(options.localPort, options) : this._ephemeralPort();
      const address = options.localAddress ?? (route.family === 'IPv6' ? '::1' : '127.0.0.1');
      clientAddress = Object.freeze({ address: canonicalIp(address), family: isIP(address) === 6 ? 'IPv6' : 'IPv4', port });
    }
    let protocol: P;
    try {
      protocol = factory();
      checkProtocol(protocol, "createConnection()'s protocol factory result");
    } catch (error) {
      if (port !== 0) this._releasePort(port);
      throw error;
    }
    const link = resolveLink(resolveLink(this._link, route.link, 'createServer()'), linkOptions, 'createConnection()');
    const { client, server } = createTransportPair(this._loop, link, clientAddress, route.serverAddress);
    this._track(client, port);
    this._track(server, 0);
    return { client, server, route, protocol };
  }

  private _track(end: MemoryTransport, port: number): void {
    this._live.add(end);
    end._whenLost(() => {
      this._live.delete(end);
      if (port !== 0) this._releasePort(port);
    });
  }

  /** The listener that takes connections to `address:port`: exact match first, then wildcards. */
  private _findListener(address: string, port: number): TcpListener | undefined {
    const listeners = this._tcp.get(port);
    if (listeners === undefined) return undefined;
    return listeners.find((l) => l.address === address) ?? listeners.find((l) => covers(l, address));
  }

  // ---- listening -------------------------------------------------------------------------------

  /**
   * `loop.createServer()`: binds the addresses and returns the server in a future that is
   * already done, or failed with `AddressInUseError` (taken) or `NameResolutionError`.
   * Without `host` the server listens on `::` (every address, IPv4 too unless `ipv6Only`).
   * @throws InvalidArgumentError for a bad factory or option, at once.
   */
  listen(factory: ProtocolFactory, options: VirtualServerOptions): Future<Server> {
    if (this._loop.isClosed()) throw new LoopClosedError();
    checkProtocolFactory(factory, 'createServer()');
    const [linkOptions, rest] = splitLinkOptions(options);
    const checked = checkServerOptions(rest);
    if (checked.tls !== undefined) throw noTls('createServer()');
    resolveLink(DEFAULT_LINK, linkOptions, 'createServer()');
    const future = this._loop.createFuture<Server>();
    try {
      future.setResult(this._bind(factory, checked, linkOptions));
    } catch (error) {
      future.setException(error);
    }
    return future;
  }

  private _bind(factory: ProtocolFactory, options: ServerOptions, link: MemoryLinkOptions): MemoryServer {
    const backlog = options.backlog ?? DEFAULT_BACKLOG;
    let server: MemoryServer;
    const path = options.path;
    if (path !== undefined) {
      if (this._paths.has(path)) {
        throw new AddressInUseError(`listening on ${path} failed: another server listens on that path; close it first`, {
          code: 'EADDRINUSE',
        });
      }
      server = new MemoryServer(this._loop, factory, {
        addresses: [path],
        unbind: () => {
          this._paths.delete(path);
          this._servers.delete(server);
        },
      }, backlog);
      this._paths.set(path, { server, link });
    } else {
      const host = options.host ?? '::';
      const ipv6Only = options.ipv6Only ?? false;
      const addresses = this.resolve(host);
      if (addresses.length === 0) {
        throw new NameResolutionError(
          `listening on ${host} failed: "${host}" is not a known host in this VirtualEventLoop's network ` +
            '(use an IP address, or add the name with loop.network.addHost())',
          { code: 'ENOTFOUND' },
        );
      }
      // Any port nobody holds is free on every address.
      const port = options.port === 0 ? this._findFreePort() : options.port!;
      for (const address of addresses) {
        const taken = (this._tcp.get(port) ?? []).find((l) => overlaps(l, address, ipv6Only));
        if (taken !== undefined) {
          throw new AddressInUseError(
            `listening on ${formatHostPort(address, port)} failed: the address is in use ` +
              `(a server listens on ${formatHostPort(taken.address, port)}); close it or pick another port (0 picks a free one)`,
            { code: 'EADDRINUSE' },
          );
        }
      }
      const listeners: TcpListener[] = [];
      const bound: ServerAddress[] = addresses.map((address) =>
        Object.freeze({ address, family: isIP(address) === 6 ? 'IPv6' : 'IPv4', port }),
      );
      server = new MemoryServer(this._loop, factory, {
        addresses: bound,
        unbind: () => {
          const remaining = (this._tcp.get(port) ?? []).filter((l) => !listeners.includes(l));
          if (remaining.length === 0) this._tcp.delete(port);
          else this._tcp.set(port, remaining);
          for (let i = 0; i < listeners.length; i++) this._releasePort(port);
          this._servers.delete(server);
        },
      }, backlog);
      for (const address of addresses) {
        const family = isIP(address) === 6 ? 'IPv6' : 'IPv4';
        listeners.push({ address, family, port, ipv6Only, server, link });
        this._holdPort(port);
      }
      this._tcp.set(port, [...(this._tcp.get(port) ?? []), ...listeners]);
    }
    this._servers.add(server);
    if (options.startServing ?? true) void server.startServing();
    return server;
  }

  // ---- TLS upgrade -------------------------------------------------------------------------------

  /**
   * `loop.startTls()`: the arguments are checked as on every loop (`InvalidArgumentError` at
   * once), then the future fails with `NotImplementedError`, since in-memory transports have no
   * TLS. The transport is left as it was, still usable in clear.
   */
  startTls(transport: Transport, protocol: Protocol, tls: StartTlsContext, options?: StartTlsOptions): Future<Transport> {
    if (this._loop.isClosed()) throw new LoopClosedError();
    if (!(transport instanceof MemoryTransport)) {
      throw new InvalidArgumentError(
        `startTls(transport) needs a transport of this VirtualEventLoop's network, got ${describeValue(transport)}`,
      );
    }
    checkStartTlsArguments(protocol, tls, options);
    const future = this._loop.createFuture<Transport>();
    future.setException(
      new NotImplementedError(
        "startTls(): VirtualEventLoop's in-memory transports have no TLS, so a connection cannot be upgraded; " +
          'test TLS upgrades on a NodeEventLoop (real sockets on 127.0.0.1)',
      ),
    );
    return future;
  }

  // ---- ports -------------------------------------------------------------------------------------

  private _holdPort(port: number): void {
    this._ports.set(port, (this._ports.get(port) ?? 0) + 1);
  }

  private _releasePort(port: number): void {
    const count = (this._ports.get(port) ?? 0) - 1;
    if (count <= 0) this._ports.delete(port);
    else this._ports.set(port, count);
  }

  /** A client's explicit `localPort`: held unless another socket holds it. */
  private _bindPort(port: number, options: ConnectionOptions): number {
    if (this._ports.has(port)) {
      throw new AddressInUseError(
        `connecting to ${describeTarget(options)} from local port ${port} failed: the port is in use; ` +
          'leave localPort out to get a free one',
        { code: 'EADDRINUSE' },
      );
    }
    this._holdPort(port);
    return port;
  }

  private _ephemeralPort(): number {
    const port = this._findFreePort();
    this._holdPort(port);
    return port;
  }

  private _findFreePort(): number {
    const span = EPHEMERAL_LAST - EPHEMERAL_FIRST + 1;
    for (let i = 0; i < span; i++) {
      const port = this._nextEphemeral;
      this._nextEphemeral = port === EPHEMERAL_LAST ? EPHEMERAL_FIRST : port + 1;
      if (!this._ports.has(port)) return port;
    }
    throw new AddressInUseError(
      `no free port is left in ${EPHEMERAL_FIRST}-${EPHEMERAL_LAST} of this VirtualEventLoop's network: close some connections or servers`,
      { code: 'EADDRINUSE' },
    );
  }

  // ---- the end of the loop -----------------------------------------------------------------------

  /** @internal Called by `VirtualEventLoop.close()` after the transports are destroyed. */
  _shutdown(): void {
    for (const abandon of [...this._attempts]) abandon();
    this._attempts.clear();
    for (const server of [...this._servers]) server.close();
    this._live.clear();
  }
}

/** Separates our link options from the standard ones (which the core checks strictly). */
function splitLinkOptions(options: unknown): [MemoryLinkOptions, unknown] {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) return [{}, options];
  const { latency, chunkSize, bufferSize, ...rest } = options as Record<string, unknown>;
  const link: Record<string, unknown> = {};
  if (latency !== undefined) link['latency'] = latency;
  if (chunkSize !== undefined) link['chunkSize'] = chunkSize;
  if (bufferSize !== undefined) link['bufferSize'] = bufferSize;
  return [link as MemoryLinkOptions, rest];
}

function noTls(what: string): InvalidArgumentError {
  return new InvalidArgumentError(
    `${what}: VirtualEventLoop's in-memory transports have no TLS; leave the tls option out, ` +
      'or test TLS on a NodeEventLoop',
  );
}

function refused(target: string, why: string): ConnectionRefusedError {
  return new ConnectionRefusedError(
    `connecting to ${target} failed: connection refused (${why} in this VirtualEventLoop's network)`,
    { code: 'ECONNREFUSED' },
  );
}

/** True if a wildcard listener takes connections to `address`. */
function covers(listener: { address: string; ipv6Only: boolean }, address: string): boolean {
  if (listener.address === '0.0.0.0') return isIP(address) === 4;
  if (listener.address === '::') return isIP(address) === 6 || (!listener.ipv6Only && isIP(address) === 4);
  return false;
}

/** True if binding `address` (with `ipv6Only`) clashes with `listener` on the same port. */
function overlaps(listener: TcpListener, address: string, ipv6Only: boolean): boolean {
  return (
    listener.address === address || covers(listener, address) || covers({ address, ipv6Only }, listener.address)
  );
}

/** IPv6 addresses in lower case, so that one address has one spelling. */
function canonicalIp(address: string): string {
  return isIP(address) === 6 ? address.toLowerCase() : address;
}

function formatHostPort(address: string, port: number): string {
  return isIP(address) === 6 ? `[${address}]:${port}` : `${address}:${port}`;
}

function describeTarget(options: ConnectionOptions): string {
  return options.path ?? `${options.host}:${options.port}`;
}
