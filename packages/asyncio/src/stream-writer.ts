/**
 * `StreamWriter`: Python's `asyncio.StreamWriter`, the writing half of a stream. It wraps the
 * transport (`write()` never blocks) and adds `drain()`, which waits while the transport's write
 * buffer is over its high-water mark, and `waitClosed()`.
 */
import {
  type Coroutine,
  type EventLoop,
  type ExtraInfoName,
  type Transport,
  InvalidArgumentError,
  describeValue,
} from '@async/loop';
import { type AwaitableCoroutine, awaitable } from './awaitable-coroutine.js';
import { NotImplementedError } from './exceptions.js';
import type { StreamReader } from './stream-reader.js';
import type { StreamReaderProtocol } from './stream-reader-protocol.js';

/** Options of `StreamWriter.startTls()`, as Python's keyword arguments. */
export interface StartTlsOptions {
  /** The name checked against the server certificate and sent as SNI. */
  serverHostname?: string;
  /** Seconds allowed for the handshake. */
  sslHandshakeTimeout?: number;
}

function toBytes(data: Uint8Array | string, where: string): Uint8Array {
  if (typeof data === 'string') return Buffer.from(data);
  if (data instanceof Uint8Array) return data;
  throw new InvalidArgumentError(`${where} needs bytes (a Uint8Array) or a string, got ${describeValue(data)}`);
}

/** Writes to a connection, with `drain()` for flow control. */
export class StreamWriter {
  private readonly _transport: Transport;
  private readonly _protocol: StreamReaderProtocol;
  private readonly _reader: StreamReader | null;
  private readonly _loop: EventLoop;

  /** Wraps `transport`; made by `openConnection()` and `startServer()`, not by user code. */
  constructor(transport: Transport, protocol: StreamReaderProtocol, reader: StreamReader | null, loop: EventLoop) {
    this._transport = transport;
    this._protocol = protocol;
    this._reader = reader;
    this._loop = loop;
  }

  /** The underlying transport. */
  get transport(): Transport {
    return this._transport;
  }

  /**
   * Queues bytes for sending (a string is sent as UTF-8). Never blocks: follow a large write
   * with `yield* writer.drain()`.
   * @throws InvalidArgumentError if `data` is neither bytes nor a string.
   */
  write(data: Uint8Array | string): void {
    this._transport.write(toBytes(data, 'StreamWriter.write()'));
  }

  /** Writes each chunk in order (Python's `writelines`); checks them all first. */
  writelines(chunks: Iterable<Uint8Array | string>): void {
    const bytes = Array.from(chunks, (chunk) => toBytes(chunk, 'StreamWriter.writelines()'));
    this._transport.writeLines(bytes);
  }

  /** Closes the write side once the buffered bytes are sent (half-close). */
  writeEof(): void {
    this._transport.writeEof();
  }

  /** True if the transport supports `writeEof()`. */
  canWriteEof(): boolean {
    return this._transport.canWriteEof();
  }

  /** Closes the connection after sending what is buffered. */
  close(): void {
    this._transport.close();
  }

  /** True once the connection is closing or closed. */
  isClosing(): boolean {
    return this._transport.isClosing();
  }

  /**
   * Completes once the connection is closed; raises the error that ended it, if one did.
   * Call it after `close()`.
   */
  waitClosed(): AwaitableCoroutine<void> {
    return awaitable(this._waitClosed());
  }

  /** The transport's extra information (`peername`, `sockname`, `peercert`, `socket`, …). */
  getExtraInfo(name: ExtraInfoName, defaultValue?: unknown): unknown {
    return this._transport.getExtraInfo(name, defaultValue);
  }

  /**
   * Waits until it is fine to write again: at once while the transport's write buffer is under
   * its high-water mark, else until it drains under the low-water mark. Raises the reader's error
   * if the connection failed, and `ConnectionResetError` once the connection is lost.
   */
  drain(): AwaitableCoroutine<void> {
    return awaitable(this._drain());
  }

  /**
   * Upgrades the connection to TLS (Python's `StreamWriter.start_tls()`). Not supported yet: the
   * core's transports cannot be upgraded in place, so this raises `NotImplementedError`. Open the
   * connection with `{ tls }` instead.
   */
  startTls(tls: unknown, options: StartTlsOptions = {}): AwaitableCoroutine<void> {
    void tls;
    void options;
    return awaitable(this._startTls());
  }

  /** A short description for debugging. */
  toString(): string {
    return `<StreamWriter transport=${String(this._transport)}${this._reader === null ? '' : ` reader=${String(this._reader)}`}>`;
  }

  private *_waitClosed(): Coroutine<void> {
    yield* this._protocol._getCloseWaiter();
  }

  private *_drain(): Coroutine<void> {
    if (this._reader !== null) {
      const error = this._reader.exception();
      if (error !== null) throw error;
    }
    // Let connectionLost() run first, so that its error (not a generic one) is what we raise.
    if (this._transport.isClosing()) yield;
    yield* this._protocol._drainHelper();
  }

  // eslint-disable-next-line require-yield
  private *_startTls(): Coroutine<void> {
    void this._loop;
    throw new NotImplementedError(
      'StreamWriter.startTls(): upgrading a live connection to TLS is not supported by the @async/loop ' +
        'transports yet: connect with openConnection(host, port, { tls }) instead',
    );
  }
}
