/**
 * `startServer()` and `startUnixServer()`: Python's `asyncio.start_server` and
 * `start_unix_server`. Each accepted connection gets its own `StreamReader` and `StreamWriter`,
 * handed to `clientConnected(reader, writer)`; a generator function (or async function) given as
 * `clientConnected` runs as a task per connection.
 */
import {
  type Coroutine,
  type EventLoop,
  type Server,
  type ServerOptions,
  InvalidArgumentError,
  describeValue,
  getRunningLoop,
} from '@async/loop';
import { type AwaitableCoroutine, awaitable } from './awaitable-coroutine.js';
import { DEFAULT_STREAM_LIMIT, StreamReader, checkStreamLimit } from './stream-reader.js';
import { type ClientConnectedCallback, StreamReaderProtocol } from './stream-reader-protocol.js';

/**
 * Options of `startServer()`: the loop's server options (`tls`, `backlog`, `startServing`,
 * `ipv6Only`, …) and each reader's `limit`.
 */
export interface StartServerOptions extends Omit<ServerOptions, 'host' | 'port' | 'path'> {
  /** Each connection's reader buffer limit in bytes (default 64 KiB). */
  limit?: number;
}

/** Options of `startUnixServer()`. */
export type StartUnixServerOptions = Omit<StartServerOptions, 'ipv6Only'>;

function checkArguments(clientConnected: unknown, options: unknown, where: string): number {
  if (typeof clientConnected !== 'function') {
    throw new InvalidArgumentError(
      `${where} needs a clientConnected(reader, writer) function, got ${describeValue(clientConnected)}`,
    );
  }
  if (options === null || typeof options !== 'object') {
    throw new InvalidArgumentError(`${where} options must be an object, got ${describeValue(options)}`);
  }
  return checkStreamLimit((options as StartServerOptions).limit ?? DEFAULT_STREAM_LIMIT, where);
}

/**
 * Listens on `host:port` (port 0 picks a free one; read it back with `server.addresses()`) and
 * resolves with the `Server` once it listens.
 * @throws LoopStateError when no loop is running; InvalidArgumentError for bad arguments.
 */
export function startServer(
  clientConnected: ClientConnectedCallback,
  host: string | undefined,
  port: number,
  options: StartServerOptions = {},
): AwaitableCoroutine<Server> {
  const limit = checkArguments(clientConnected, options, 'startServer()');
  const { limit: _limit, ...rest } = options;
  const listen: ServerOptions = host === undefined ? { ...rest, port } : { ...rest, host, port };
  return awaitable(serve(getRunningLoop(), clientConnected, limit, listen));
}

/**
 * Listens on the UNIX socket at `path` and resolves with the `Server` once it listens.
 * @throws LoopStateError when no loop is running; InvalidArgumentError for bad arguments.
 */
export function startUnixServer(
  clientConnected: ClientConnectedCallback,
  path: string,
  options: StartUnixServerOptions = {},
): AwaitableCoroutine<Server> {
  const limit = checkArguments(clientConnected, options, 'startUnixServer()');
  if (typeof path !== 'string' || path === '') {
    throw new InvalidArgumentError(`startUnixServer(path) needs a socket path, got ${describeValue(path)}`);
  }
  const { limit: _limit, ...rest } = options;
  return awaitable(serve(getRunningLoop(), clientConnected, limit, { ...rest, path }));
}

function* serve(
  loop: EventLoop,
  clientConnected: ClientConnectedCallback,
  limit: number,
  options: ServerOptions,
): Coroutine<Server> {
  const factory = (): StreamReaderProtocol =>
    new StreamReaderProtocol(new StreamReader({ limit, loop }), clientConnected, loop);
  return yield* loop.createServer(factory, options);
}
