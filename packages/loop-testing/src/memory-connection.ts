/**
 * In-memory connections: two `MemoryTransport`s joined by two `MemoryChannel`s, one per
 * direction. `connectProtocols()` is the direct way in for protocol unit tests (Twisted's
 * `proto_helpers` and `loopback`): no server, no addresses to pick, just two protocols talking
 * through real transport semantics on any loop. `VirtualEventLoop`'s network builds its
 * connections with the same `createTransportPair()`.
 */
import { InvalidArgumentError, LoopClosedError, type EventLoop, type Protocol } from '@async/loop';
import { DEFAULT_LINK, MemoryChannel, resolveLink, type MemoryLink, type MemoryLinkOptions } from './memory-channel.js';
import { MemoryTransport } from './memory-transport.js';

/** A socket address as the transports report it in `peername` and `sockname`. */
export interface MemoryAddress {
  /** The IP address, such as `'127.0.0.1'` or `'::1'`. */
  address: string;
  /** `'IPv4'` or `'IPv6'`, as Node reports it. */
  family: 'IPv4' | 'IPv6';
  /** The port, 0–65535. */
  port: number;
}

/** The two ends of an in-memory connection. */
export interface MemoryConnection {
  /** The client's end: its protocol is the client protocol; it writes to the server. */
  readonly client: MemoryTransport;
  /** The server's end. */
  readonly server: MemoryTransport;
}

/** Options for `connectProtocols()`: the link's behaviour and the addresses reported. */
export interface ConnectProtocolsOptions extends MemoryLinkOptions {
  /** The client's address (its `sockname`, the server's `peername`). Default 127.0.0.1:49152. */
  clientAddress?: MemoryAddress | string;
  /** The server's address. Default 127.0.0.1:8000. */
  serverAddress?: MemoryAddress | string;
}

const DEFAULT_CLIENT_ADDRESS: MemoryAddress = Object.freeze({ address: '127.0.0.1', family: 'IPv4', port: 49152 });
const DEFAULT_SERVER_ADDRESS: MemoryAddress = Object.freeze({ address: '127.0.0.1', family: 'IPv4', port: 8000 });

/**
 * Connects two protocols through an in-memory connection, with no server and no network.
 *
 * Both protocols get `connectionMade()` at the loop's next iteration (the client's first), and
 * from then on everything works as over a socket: writes arrive through `dataReceived()`, flow
 * control pauses a writer whose reader stops reading, `writeEof()` half-closes, `close()`
 * flushes and ends with `connectionLost(null)`, `abort()` resets the peer. Works on any
 * `EventLoop`; on a `VirtualEventLoop`, `latency` is virtual time and `loop.close()` cleans up.
 *
 * @example
 * ```ts
 * const loop = new VirtualEventLoop();
 * const { client, server } = connectProtocols(loop, new LineClient(), new EchoServer());
 * client.write(new TextEncoder().encode('hello\n'));
 * loop.runUntilIdle(); // the echo has come back
 * ```
 * @param loop the loop that runs the callbacks.
 * @param clientProtocol the protocol of the client's end.
 * @param serverProtocol the protocol of the server's end.
 * @param options link settings (`latency`, `chunkSize`, `bufferSize`) and fake addresses.
 * @returns both transports; `client.getProtocol()` is `clientProtocol`.
 * @throws InvalidArgumentError for a protocol that is not an object or a bad option.
 */
export function connectProtocols(
  loop: EventLoop,
  clientProtocol: Protocol,
  serverProtocol: Protocol,
  options: ConnectProtocolsOptions = {},
): MemoryConnection {
  if (loop === null || typeof loop !== 'object' || typeof loop.callSoon !== 'function') {
    throw new InvalidArgumentError('connectProtocols(loop, …) needs an EventLoop as its first argument');
  }
  checkProtocol(clientProtocol, 'clientProtocol');
  checkProtocol(serverProtocol, 'serverProtocol');
  if (options === null || typeof options !== 'object') {
    throw new InvalidArgumentError('connectProtocols(): options must be an object');
  }
  const link = resolveLink(DEFAULT_LINK, options, 'connectProtocols()');
  const clientAddress = checkAddress(options.clientAddress, DEFAULT_CLIENT_ADDRESS, 'clientAddress');
  const serverAddress = checkAddress(options.serverAddress, DEFAULT_SERVER_ADDRESS, 'serverAddress');
  if (loop.isClosed()) {
    throw new LoopClosedError();
  }
  const connection = createTransportPair(loop, link, clientAddress, serverAddress);
  connection.client._attach(clientProtocol);
  connection.server._attach(serverProtocol);
  return connection;
}

/**
 * @internal Makes the two ends of a connection, not yet attached to protocols. `clientAddress`
 * is the client's `sockname` and the server's `peername`, and the other way round.
 */
export function createTransportPair(
  loop: EventLoop,
  link: MemoryLink,
  clientAddress: MemoryAddress | string,
  serverAddress: MemoryAddress | string,
): MemoryConnection {
  const toServer = new MemoryChannel(loop, link);
  const toClient = new MemoryChannel(loop, link);
  const client = new MemoryTransport(loop, toClient, toServer, link, {
    sockname: clientAddress,
    peername: serverAddress,
  });
  const server = new MemoryTransport(loop, toServer, toClient, link, {
    sockname: serverAddress,
    peername: clientAddress,
  });
  return { client, server };
}

function checkProtocol(protocol: unknown, name: string): void {
  if (protocol === null || typeof protocol !== 'object') {
    throw new InvalidArgumentError(
      `connectProtocols(): ${name} must be a protocol object (with connectionMade, dataReceived, …), got ${String(protocol)}`,
    );
  }
}

function checkAddress(
  value: MemoryAddress | string | undefined,
  fallback: MemoryAddress,
  name: string,
): MemoryAddress | string {
  if (value === undefined) return fallback;
  if (typeof value === 'string') return value;
  if (
    value !== null &&
    typeof value === 'object' &&
    typeof value.address === 'string' &&
    (value.family === 'IPv4' || value.family === 'IPv6') &&
    Number.isInteger(value.port) &&
    value.port >= 0 &&
    value.port <= 65535
  ) {
    return Object.freeze({ address: value.address, family: value.family, port: value.port });
  }
  throw new InvalidArgumentError(
    `connectProtocols(): ${name} must be a UNIX path or { address, family: 'IPv4' | 'IPv6', port }, got ${String(value)}`,
  );
}
