/**
 * `StreamWriter`: Python's `asyncio.StreamWriter`, the writing half of a stream. It wraps the
 * transport (`write()` never blocks) and adds `drain()`, which waits while the transport's write
 * buffer is over its high-water mark, and `waitClosed()`.
 */
import {
  type Coroutine,
  type EventLoop,
  type ExtraInfoName,
  type StartTlsContext,
  type Transport,
  InvalidArgumentError,
  describeValue,
} from '@async/loop';
import { type AwaitableCoroutine, awaitable, makeAwaitable } from './awaitable-coroutine.js';
import type { StreamReader } from './stream-reader.js';
import type { StreamReaderProtocol } from './stream-reader-protocol.js';

/** Options of `StreamWriter.startTls()`, as Python's keyword arguments. */
export interface StartTlsOptions {
  /**
   * Client side: the name (or IP address) the server's certificate is checked against, and the
   * SNI sent. Required unless `rejectUnauthorized: false`, as Python's `check_hostname`.
   */
  serverHostname?: string;
  /** Seconds allowed for the handshake (default 60); then `TimeoutError`. */
  sslHandshakeTimeout?: number;
}

function toBytes(data: Uint8Array | string, where: string): Uint8Array {
  if (typeof data === 'string') return Buffer.from(data);
  if (data instanceof Uint8Array) return data;
  throw new InvalidArgumentError(`${where} needs bytes (a Uint8Array) or a string, got ${describeValue(data)}`);
}

/** Writes to a connection, with `drain()` for flow control. */
export class StreamWriter {
  private _transport: Transport;
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
    // Thenable already (made so below the class).
    return this._drain() as AwaitableCoroutine<void>;
  }

  /**
   * Upgrades the connection to TLS in place (Python 3.11's `StreamWriter.start_tls()`), for
   * STARTTLS-style protocols: drains what is written, then runs the loop's `startTls()`, as the
   * server if this writer came from `startServer()`, else as the client. `tls` stands for
   * Python's `sslcontext`: `node:tls` options (`{ ca }` for a client trusting a private CA,
   * `{ key, cert }` for a server), or `true` for a client with the defaults. Afterwards this
   * writer and its reader use the TLS transport (`writer.transport` is the new one); bytes the
   * reader already had stay readable. Fails with `SSLCertVerificationError`, `SSLError`,
   * `TimeoutError` (after `sslHandshakeTimeout`) or a `ConnectionError`, with the connection
   * closed; on `VirtualEventLoop`, `NotImplementedError`.
   * @throws InvalidArgumentError for bad arguments (a client without `serverHostname`, a server
   *   without a certificate).
   */
  startTls(tls: StartTlsContext, options: StartTlsOptions = {}): AwaitableCoroutine<void> {
    if (typeof options !== 'object' || options === null) {
      throw new InvalidArgumentError(
        `StreamWriter.startTls(tls, options) options must be an object such as { serverHostname }, got ${describeValue(options)}`,
      );
    }
    return awaitable(this._startTls(tls, options));
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
    // Under the high-water mark (the common case), done without another generator.
    if (this._protocol._drainMustWait()) yield* this._protocol._drainHelper();
  }

  private *_startTls(tls: StartTlsContext, options: StartTlsOptions): Coroutine<void> {
    const protocol = this._protocol;
    const upgrade: { serverSide: boolean; serverHostname?: string; sslHandshakeTimeout?: number } = {
      ...options,
      serverSide: protocol._isServerSide(),
    };
    yield* this._drain();
    const transport = yield* this._loop.startTls(this._transport, protocol, tls, upgrade);
    this._transport = transport;
    protocol._replaceTransport(transport);
  }
}

// `drain()` follows every write in a streams program: its coroutines are made thenable here, once.
makeAwaitable(StreamWriter.prototype['_drain']);
