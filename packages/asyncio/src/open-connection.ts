/**
 * `openConnection()` and `openUnixConnection()`: Python's `asyncio.open_connection` and
 * `open_unix_connection`. They connect with the running loop's `createConnection()` and hand
 * back a `[StreamReader, StreamWriter]` pair.
 */
import {
  type ConnectionOptions,
  type Coroutine,
  type EventLoop,
  InvalidArgumentError,
  describeValue,
  getRunningLoop,
} from '@async/loop';
import { type AwaitableCoroutine, awaitable } from './awaitable-coroutine.js';
import { DEFAULT_STREAM_LIMIT, StreamReader, checkStreamLimit } from './stream-reader.js';
import { StreamReaderProtocol } from './stream-reader-protocol.js';
import { StreamWriter } from './stream-writer.js';

/**
 * Options of `openConnection()`: the loop's connection options (`tls`, `serverHostname`,
 * `family`, `localAddress`, `timeout`, …) and the reader's `limit`.
 */
export interface OpenConnectionOptions extends Omit<ConnectionOptions, 'host' | 'port' | 'path'> {
  /** The reader's buffer limit in bytes (default 64 KiB). */
  limit?: number;
}

/** Options of `openUnixConnection()`. */
export type OpenUnixConnectionOptions = Omit<OpenConnectionOptions, 'family' | 'localAddress' | 'localPort'>;

function checkOptions(options: unknown, where: string): number {
  if (options === null || typeof options !== 'object') {
    throw new InvalidArgumentError(`${where} options must be an object, got ${describeValue(options)}`);
  }
  return checkStreamLimit((options as OpenConnectionOptions).limit ?? DEFAULT_STREAM_LIMIT, where);
}

/**
 * Connects to `host:port` (TCP, or TLS with `{ tls }`) and returns `[reader, writer]`.
 * Fails with the connection's error (`ConnectionRefusedError`, `NameResolutionError`,
 * `SSLCertVerificationError`, `TimeoutError`, …).
 * @throws LoopStateError when no loop is running; InvalidArgumentError for bad arguments.
 */
export function openConnection(
  host: string,
  port: number,
  options: OpenConnectionOptions = {},
): AwaitableCoroutine<[StreamReader, StreamWriter]> {
  const limit = checkOptions(options, 'openConnection()');
  const { limit: _limit, ...rest } = options;
  return awaitable(connect(getRunningLoop(), limit, { ...rest, host, port }));
}

/**
 * Connects to the UNIX socket at `path` and returns `[reader, writer]`.
 * @throws LoopStateError when no loop is running; InvalidArgumentError for bad arguments.
 */
export function openUnixConnection(
  path: string,
  options: OpenUnixConnectionOptions = {},
): AwaitableCoroutine<[StreamReader, StreamWriter]> {
  const limit = checkOptions(options, 'openUnixConnection()');
  if (typeof path !== 'string' || path === '') {
    throw new InvalidArgumentError(`openUnixConnection(path) needs a socket path, got ${describeValue(path)}`);
  }
  const { limit: _limit, ...rest } = options;
  return awaitable(connect(getRunningLoop(), limit, { ...rest, path }));
}

function* connect(loop: EventLoop, limit: number, options: ConnectionOptions): Coroutine<[StreamReader, StreamWriter]> {
  const reader = new StreamReader({ limit, loop });
  const protocol = new StreamReaderProtocol(reader, null, loop);
  const [transport] = yield* loop.createConnection(() => protocol, options);
  return [reader, new StreamWriter(transport, protocol, reader, loop)];
}
