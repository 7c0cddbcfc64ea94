/**
 * `IOStream`: Tornado's buffered, future-based stream, as an adapter over a PEP 3156 transport,
 * and `SSLIOStream`, the same over TLS (what `startTls()` converts a stream into).
 * The stream owns a `Protocol` (`stream.protocol`) that a transport feeds: hand it to
 * `loop.createConnection()`, `loop.createServer()` or, in tests, `connectProtocols()`; or let
 * `stream.connect()`, `TCPClient` or `TCPServer` do it.
 *
 * Reads: one read at a time (`readUntil`, `readUntilRegex`, `readBytes`, `readIntoBuffer`,
 * `readUntilClose`), each returning a `Future` completed from the read buffer as soon as it can
 * be satisfied. Writes: `write()` returns a `Future` completed once the bytes have left the
 * transport's buffer (the transport runs with water marks 0/0, so it says exactly when it has
 * drained). Closing fails every pending operation with `StreamClosedError`, whose `realError` is
 * what closed the stream.
 */
import type { TlsOptions } from 'node:tls';
import {
  type Future,
  InvalidArgumentError,
  InvalidStateError,
  type Protocol,
  type StartTlsContext,
  type Transport,
  describeValue,
} from '@async/loop';
import { IOLoop } from './ioloop.js';
import { ReadBuffer } from './read-buffer.js';
import { StreamBufferFullError, StreamClosedError, UnsatisfiableReadError } from './stream-errors.js';

/** Options of an `IOStream`. */
export interface IOStreamOptions {
  /** The most bytes the read buffer may hold (Tornado's default: 100 MiB). */
  maxBufferSize?: number;
  /** The most bytes that may wait to be written; `write()` beyond it throws. Default: no limit. */
  maxWriteBufferSize?: number;
  /** The IOLoop the stream belongs to. Default: `IOLoop.current()`. */
  ioloop?: IOLoop;
}

/** Options of `readUntil()` and `readUntilRegex()`. */
export interface ReadUntilOptions {
  /** Close the stream if the delimiter is not found within this many bytes. */
  maxBytes?: number;
}

/** Options of `readBytes()` and `readIntoBuffer()`. */
export interface PartialOptions {
  /** Complete with what is buffered as soon as there is at least one byte. Default false. */
  partial?: boolean;
}

/** Options of `connect()`. */
export interface StreamConnectOptions {
  /** Give up after this many seconds (`TimeoutError` as the `realError`). */
  timeout?: number;
  /** Local address to bind. */
  sourceIp?: string;
  /** Local port to bind. */
  sourcePort?: number;
}

type PendingRead =
  | { kind: 'until'; future: Future<Uint8Array>; delimiter: Uint8Array; maxBytes: number | null }
  | { kind: 'regex'; future: Future<Uint8Array>; regex: RegExp; maxBytes: number | null }
  | { kind: 'bytes'; future: Future<Uint8Array>; count: number; partial: boolean }
  | { kind: 'into'; future: Future<number>; target: Uint8Array; partial: boolean }
  | { kind: 'close'; future: Future<Uint8Array> };

const DEFAULT_MAX_BUFFER_SIZE = 100 * 1024 * 1024;
/** Reading pauses while this much sits unread with no read pending. */
const IDLE_READ_LIMIT = 64 * 1024;
const encoder = new TextEncoder();

/** A buffered stream over a transport, with Tornado's future-based reads and writes. */
export class IOStream {
  /** The protocol the transport feeds; give it to `createConnection()` / `connectProtocols()`. */
  readonly protocol: Protocol;
  /** The IOLoop the stream's futures and callbacks belong to. */
  readonly ioloop: IOLoop;
  /** The read buffer's limit in bytes. */
  readonly maxBufferSize: number;
  /** The write limit in bytes, or `null` for none. */
  readonly maxWriteBufferSize: number | null;
  /** The error that closed the stream, or `null`. */
  error: Error | null = null;
  /** @internal */ _transport: Transport | null = null;
  private readonly _buffer = new ReadBuffer();
  private _read: PendingRead | null = null;
  private _closed = false;
  private _lost = false;
  private _readPaused = false;
  private _writePaused = false;
  private _pendingWrites: Future<void>[] = [];
  private _unsent: Uint8Array[] = [];
  private _unsentBytes = 0;
  private _closeCallback: (() => unknown) | null = null;
  private _connectFuture: Future<this> | null = null;

  /**
   * A stream not yet connected: give `stream.protocol` to a transport, or call `connect()`.
   * Writes made before the connection are sent once it is made.
   * @throws InvalidArgumentError for a limit that is not a positive integer.
   */
  constructor(options: IOStreamOptions = {}) {
    this.ioloop = options.ioloop ?? IOLoop.current();
    this.maxBufferSize = checkLimit(options.maxBufferSize, DEFAULT_MAX_BUFFER_SIZE, 'maxBufferSize')!;
    this.maxWriteBufferSize = checkLimit(options.maxWriteBufferSize, null, 'maxWriteBufferSize');
    this.protocol = new IOStreamProtocol(this);
  }

  /**
   * Connects to `host`:`port` over TCP (Tornado's `stream.connect(address)`); resolves with the
   * stream. A failure closes the stream and fails with `StreamClosedError` (its `realError` is
   * the connection error: refused, unknown host, timeout).
   */
  connect(host: string, port: number, options: StreamConnectOptions = {}): Future<this> {
    return this._connect({ host, port, timeout: options.timeout, localAddress: options.sourceIp, localPort: options.sourcePort });
  }

  /** @internal Connects with core connection options. */
  _connect(options: Parameters<IOLoop['createConnection']>[1]): Future<this> {
    if (this._transport !== null || this._connectFuture !== null || this._closed) {
      throw new InvalidStateError('IOStream.connect(): this stream is already connected, connecting or closed');
    }
    const future = this.ioloop.createFuture<this>();
    this._connectFuture = future;
    let connecting;
    try {
      connecting = this.ioloop.createConnection(() => this.protocol, options);
    } catch (error) {
      this._connectFuture = null;
      throw error;
    }
    connecting.addDoneCallback((f) => {
      const error = f.cancelled() ? null : (f.exception() as Error | null);
      if (f.cancelled() || error !== null) this._closeWith(error ?? new StreamClosedError());
    });
    return future;
  }

  /** True once the stream is closed. */
  closed(): boolean {
    return this._closed;
  }

  /** True while a read is pending. */
  reading(): boolean {
    return this._read !== null;
  }

  /** True while written bytes are waiting to be flushed. */
  writing(): boolean {
    return this._pendingWrites.length > 0;
  }

  /**
   * Reads up to and including `delimiter`. With `maxBytes`, if the delimiter is not found within
   * that many bytes the stream is closed and the read fails with `StreamClosedError` (its
   * `realError` an `UnsatisfiableReadError`).
   * @throws InvalidStateError if a read is pending; StreamClosedError if closed with too little data.
   */
  readUntil(delimiter: Uint8Array | string, options: ReadUntilOptions = {}): Future<Uint8Array> {
    const bytes = typeof delimiter === 'string' ? encoder.encode(delimiter) : delimiter;
    if (!(bytes instanceof Uint8Array) || bytes.byteLength === 0) {
      throw new InvalidArgumentError(`IOStream.readUntil(delimiter) needs non-empty bytes or a string, got ${describeValue(delimiter)}`);
    }
    const maxBytes = checkLimit(options.maxBytes, null, 'readUntil() maxBytes');
    return this._startRead({ kind: 'until', future: this.ioloop.createFuture(), delimiter: bytes, maxBytes });
  }

  /**
   * Reads up to and including the first match of `regex`, matched against the bytes as latin1
   * text (one character per byte). `maxBytes` as in `readUntil()`.
   */
  readUntilRegex(regex: RegExp, options: ReadUntilOptions = {}): Future<Uint8Array> {
    if (!(regex instanceof RegExp)) {
      throw new InvalidArgumentError(`IOStream.readUntilRegex(regex) needs a RegExp, got ${describeValue(regex)}`);
    }
    const maxBytes = checkLimit(options.maxBytes, null, 'readUntilRegex() maxBytes');
    const plain = new RegExp(regex.source, regex.flags.replace(/[gy]/g, ''));
    return this._startRead({ kind: 'regex', future: this.ioloop.createFuture(), regex: plain, maxBytes });
  }

  /**
   * Reads exactly `count` bytes, or with `partial` as soon as there is at least one byte, at
   * most `count`.
   * @throws InvalidArgumentError for a negative or non-integer count.
   */
  readBytes(count: number, options: PartialOptions = {}): Future<Uint8Array> {
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
      throw new InvalidArgumentError(`IOStream.readBytes(count) needs a non-negative integer, got ${describeValue(count)}`);
    }
    return this._startRead({ kind: 'bytes', future: this.ioloop.createFuture(), count, partial: options.partial === true });
  }

  /**
   * Fills `target` (or with `partial`, puts at least one byte in it) and completes with the
   * number of bytes read.
   */
  readIntoBuffer(target: Uint8Array, options: PartialOptions = {}): Future<number> {
    if (!(target instanceof Uint8Array)) {
      throw new InvalidArgumentError(`IOStream.readIntoBuffer(target) needs a Uint8Array, got ${describeValue(target)}`);
    }
    return this._startRead({ kind: 'into', future: this.ioloop.createFuture(), target, partial: options.partial === true });
  }

  /** Reads everything until the stream closes (by either side, or an error). */
  readUntilClose(): Future<Uint8Array> {
    return this._startRead({ kind: 'close', future: this.ioloop.createFuture() });
  }

  /**
   * Writes `data` (bytes, or a string sent as UTF-8). The future completes once the bytes have
   * left the transport's buffer, or fails with `StreamClosedError` if the stream closes first.
   * @throws StreamClosedError if the stream is closed; StreamBufferFullError over
   *   `maxWriteBufferSize`; InvalidArgumentError for anything but bytes or a string.
   */
  write(data: Uint8Array | string): Future<void> {
    const bytes = typeof data === 'string' ? encoder.encode(data) : data;
    if (!(bytes instanceof Uint8Array)) {
      throw new InvalidArgumentError(`IOStream.write(data) needs bytes or a string, got ${describeValue(data)}`);
    }
    this._checkClosed();
    if (this.maxWriteBufferSize !== null) this._checkWriteLimit(bytes.byteLength);
    const future = this.ioloop.createFuture<void>();
    const transport = this._transport;
    if (transport === null) {
      this._unsent.push(bytes);
      this._unsentBytes += bytes.byteLength;
      this._pendingWrites.push(future);
      return future;
    }
    transport.write(bytes);
    if (this._writePaused) this._pendingWrites.push(future);
    else {
      // Flushed already (the transport has nothing buffered), and so is every earlier write.
      this._resolveWrites();
      future.setResult(undefined);
    }
    return future;
  }

  /**
   * Closes the stream. Bytes already handed to the transport are still sent; pending reads that
   * the buffer can satisfy complete (`readUntilClose()` with everything), the others fail with
   * `StreamClosedError`, as do pending writes. The close callback runs on the next iteration.
   * `error`, if given, becomes `stream.error` and the `realError` of those failures.
   */
  close(error?: Error | null): void {
    this._closeWith(error ?? null);
  }

  /** Calls `callback` (on the loop) once the stream is closed. `null` removes it. */
  setCloseCallback(callback: (() => unknown) | null): void {
    if (callback !== null && typeof callback !== 'function') {
      throw new InvalidArgumentError(`IOStream.setCloseCallback(callback) needs a function or null, got ${describeValue(callback)}`);
    }
    this._closeCallback = callback;
    if (this._closed && callback !== null) this._runCloseCallback();
  }

  /** Turns Nagle's algorithm off (`true`) or on; does nothing for a non-TCP transport. */
  setNodelay(value: boolean): void {
    const socket = this._transport?.getExtraInfo('socket') as { setNoDelay?: (v: boolean) => void } | undefined;
    if (socket !== undefined && typeof socket.setNoDelay === 'function') socket.setNoDelay(value);
  }

  /**
   * Tornado's `start_tls`: converts this stream to an `SSLIOStream` over the same connection
   * (for STARTTLS-style protocols). Only an idle stream can be converted: connected, with no
   * pending read or write and nothing unread in its buffer. `sslOptions` are `node:tls` options
   * (Tornado's `ssl_options`): `{ key, cert }` on the server side; on the client side `{ ca }`
   * or the like (default: Node's defaults), with `serverHostname` the name the certificate is
   * checked against (required unless `rejectUnauthorized: false`). The future resolves with the
   * new stream once the handshake is done, or fails with the real error (`SSLError`,
   * `SSLCertVerificationError`, `TimeoutError` after 60 s, …), the new stream then closed. This
   * stream is spent either way (closed, without running its close callback, which moves to the
   * new stream). On `VirtualEventLoop` the future fails with `NotImplementedError`.
   * @throws InvalidStateError if the stream is not idle; InvalidArgumentError for bad options.
   */
  startTls(serverSide: boolean, sslOptions?: StartTlsContext | TlsOptions | null, serverHostname?: string): Future<SSLIOStream> {
    if (typeof serverSide !== 'boolean') {
      throw new InvalidArgumentError(`IOStream.startTls(serverSide) must be true or false, got ${describeValue(serverSide)}`);
    }
    const transport = this._transport;
    if (
      transport === null ||
      this._closed ||
      this._read !== null ||
      this._pendingWrites.length > 0 ||
      this._buffer.size > 0 ||
      (this._connectFuture !== null && !this._connectFuture.done())
    ) {
      throw new InvalidStateError(
        'IOStream is not idle; cannot convert to SSL: call startTls() on a connected stream with no pending read or write ' +
          'and nothing unread in its buffer',
      );
    }
    const ssl = new SSLIOStream({
      maxBufferSize: this.maxBufferSize,
      ...(this.maxWriteBufferSize === null ? {} : { maxWriteBufferSize: this.maxWriteBufferSize }),
      ioloop: this.ioloop,
    });
    // Throws InvalidArgumentError before anything changes hands.
    const upgrading = this.ioloop.startTls(
      transport,
      ssl.protocol,
      sslOptions ?? true,
      serverSide ? { serverSide } : serverHostname === undefined ? {} : { serverHostname },
    );
    // Like Tornado, this stream lets go of the connection at once; its close callback moves on.
    ssl.setCloseCallback(this._closeCallback);
    this._closeCallback = null;
    this._closed = true;
    this._transport = null;
    this.ioloop._removeFd(this);
    const future = this.ioloop.createFuture<SSLIOStream>();
    upgrading.addDoneCallback((done) => {
      if (done.cancelled()) {
        if (!future.done()) future.cancel();
        return;
      }
      const error = done.exception();
      if (error === null) {
        ssl._connectionMade(done.result());
        if (!future.done()) future.setResult(ssl);
        return;
      }
      // Nothing stays open: a loop that could not even start the upgrade (VirtualEventLoop's
      // NotImplementedError) left the connection as it was.
      transport.abort();
      if (!ssl.closed()) ssl.protocol.connectionLost?.(error as Error);
      if (future.done()) return;
      // As Tornado's SSL connect future: the real error, marked as seen (the close callback tells).
      future.setException(error);
      future.exception();
    });
    future.addDoneCallback((done) => {
      if (done.cancelled()) upgrading.cancel();
    });
    return future;
  }

  /** The transport's extra info (`peername`, `sockname`, `peercert`, …), or `undefined`. */
  getExtraInfo(name: string): unknown {
    return this._transport?.getExtraInfo(name);
  }

  /** @internal */
  _connectionMade(transport: Transport): void {
    this._transport = transport;
    // Water marks of 0 make the transport report every drain: that is when writes are flushed.
    transport.setWriteBufferLimits(0, 0);
    this.ioloop._addFd(this);
    if (this._closed) {
      transport.close();
      return;
    }
    const unsent = this._unsent;
    this._unsent = [];
    this._unsentBytes = 0;
    for (const chunk of unsent) transport.write(chunk);
    if (!this._writePaused) this._resolveWrites();
    if (this._readPaused) transport.pauseReading();
    const connect = this._connectFuture;
    if (connect !== null && !connect.done()) connect.setResult(this);
  }

  /** @internal The transport's `connectionLost()`. */
  _connectionLost(error: Error | null): void {
    this._lost = true;
    this._closeWith(error);
  }

  /** @internal The transport's `pauseWriting()`. */
  _pauseWriting(): void {
    this._writePaused = true;
  }

  /** @internal The transport's `resumeWriting()`: every write made so far is flushed. */
  _resumeWriting(): void {
    this._writePaused = false;
    this._resolveWrites();
  }

  /** @internal The transport's `dataReceived()`. */
  _dataReceived(data: Uint8Array): void {
    if (this._closed) return;
    const read = this._read;
    if (read !== null && this._buffer.size === 0) {
      const whole = this._wholeChunkRead(read, data);
      if (whole !== null) {
        // The chunk completes the pending read by itself: it is handed over as it came, without
        // passing through the buffer (what append() and take() would do, a chunk at a time).
        this._read = null;
        if (!read.future.done()) (read.future as Future<Uint8Array>).setResult(whole);
        return;
      }
    }
    this._buffer.append(data);
    if (this._buffer.size > this.maxBufferSize) {
      this._closeWith(new StreamBufferFullError(`Reached maximum read buffer size (${this.maxBufferSize} bytes)`));
      return;
    }
    this._tryRead();
    if (this._read === null && this._buffer.size >= IDLE_READ_LIMIT && !this._readPaused) {
      this._readPaused = true;
      this._transport?.pauseReading();
    }
  }

  /**
   * `data` as the result of `read` when, arriving at an empty buffer, it is exactly what the read
   * takes (a `readBytes()` it fills or, partial, fits; a `readUntil()` whose first delimiter ends
   * it); else `null`, and the chunk goes through the buffer.
   */
  private _wholeChunkRead(read: PendingRead, data: Uint8Array): Buffer | null {
    const length = data.byteLength;
    if (length === 0 || length > this.maxBufferSize) return null;
    if (read.kind === 'bytes') {
      return length === read.count || (read.partial && length < read.count) ? ReadBuffer.asTaken(data) : null;
    }
    if (read.kind === 'until' && (read.maxBytes === null || length <= read.maxBytes)) {
      const bytes = ReadBuffer.asTaken(data);
      return bytes.indexOf(read.delimiter) === length - read.delimiter.byteLength ? bytes : null;
    }
    return null;
  }

  private _startRead<R extends PendingRead>(read: R): R['future'] {
    if (this._read !== null) {
      this._checkClosed();
      throw new InvalidStateError('Already reading: wait for the pending read to complete before starting another');
    }
    this._read = read;
    if (read.kind === 'close' && this._closed) {
      this._finishRead(this._buffer.size);
      return read.future;
    }
    this._tryRead();
    if (this._read === read && this._closed) {
      this._read = null;
      throw new StreamClosedError(this.error);
    }
    if (this._read === read && this._readPaused) {
      this._readPaused = false;
      this._transport?.resumeReading();
    }
    return read.future;
  }

  /** Completes the pending read if the buffer can satisfy it. */
  private _tryRead(): void {
    if (this._read === null) return;
    let position: number | null;
    try {
      position = this._findReadPosition();
    } catch (error) {
      this._closeWith(error as Error);
      return;
    }
    if (position !== null) this._finishRead(position);
  }

  /** How many bytes complete the pending read, or `null` if not enough are buffered yet. */
  private _findReadPosition(): number | null {
    const read = this._read!;
    const size = this._buffer.size;
    switch (read.kind) {
      case 'bytes':
      case 'into': {
        const want = read.kind === 'bytes' ? read.count : read.target.byteLength;
        if (size >= want || (read.partial && size > 0)) return Math.min(want, size);
        return null;
      }
      case 'until': {
        const at = this._buffer.indexOf(read.delimiter);
        if (at >= 0) {
          checkMaxBytes(read.maxBytes, at + read.delimiter.byteLength, read.delimiter);
          return at + read.delimiter.byteLength;
        }
        checkMaxBytes(read.maxBytes, size, read.delimiter);
        return null;
      }
      case 'regex': {
        const match = read.regex.exec(this._buffer.latin1());
        if (match !== null) {
          const end = match.index + match[0].length;
          checkMaxBytes(read.maxBytes, end, read.regex);
          return end;
        }
        checkMaxBytes(read.maxBytes, size, read.regex);
        return null;
      }
      case 'close':
        return null;
    }
  }

  private _finishRead(count: number): void {
    const read = this._read!;
    this._read = null;
    if (read.kind === 'into') {
      this._buffer.takeInto(read.target, count);
      if (!read.future.done()) read.future.setResult(count);
    } else {
      const bytes = this._buffer.take(count);
      if (!read.future.done()) read.future.setResult(bytes);
    }
  }

  private _checkWriteLimit(length: number): void {
    const buffered = this._unsentBytes + (this._transport?.getWriteBufferSize() ?? 0);
    if (buffered + length > this.maxWriteBufferSize!) {
      throw new StreamBufferFullError(
        `Reached maximum write buffer size (${this.maxWriteBufferSize} bytes): wait for the pending writes' futures before writing more`,
      );
    }
  }

  private _resolveWrites(): void {
    const writes = this._pendingWrites;
    if (writes.length === 0) return;
    this._pendingWrites = [];
    for (let i = 0; i < writes.length; i++) {
      const w = writes[i]!;
      if (!w.done()) w.setResult(undefined);
    }
  }

  private _checkClosed(): void {
    if (this._closed) throw new StreamClosedError(this.error);
  }

  private _closeWith(error: Error | null): void {
    if (this._closed) return;
    if (error !== null && this.error === null) this.error = error;
    const read = this._read;
    if (read !== null) {
      if (read.kind === 'close') this._finishRead(this._buffer.size);
      else {
        let position: number | null = null;
        try {
          position = this._findReadPosition();
        } catch {
          // An unsatisfiable read fails below with the rest.
        }
        if (position !== null) this._finishRead(position);
      }
    }
    this._closed = true;
    const transport = this._transport;
    if (transport !== null && !this._lost) {
      // A stream closed by an error drops what it had buffered; a normal close sends it.
      if (error !== null) transport.abort();
      else transport.close();
    }
    this.ioloop._removeFd(this);
    this._signalClosed();
  }

  private _signalClosed(): void {
    const failure = (): StreamClosedError => new StreamClosedError(this.error);
    const read = this._read;
    this._read = null;
    if (read !== null && !read.future.done()) read.future.setException(failure());
    const writes = this._pendingWrites;
    this._pendingWrites = [];
    for (const w of writes) {
      if (w.done()) continue;
      w.setException(failure());
      // Tornado does not report unobserved write failures: the close callback says enough.
      w.exception();
    }
    const connect = this._connectFuture;
    if (connect !== null && !connect.done()) connect.setException(failure());
    this._runCloseCallback();
  }

  private _runCloseCallback(): void {
    const callback = this._closeCallback;
    if (callback === null) return;
    this._closeCallback = null;
    this.ioloop.addCallback(callback);
  }
}

/** @internal Told when a stream's connection is made (how `TCPServer` learns of a new stream). */
export interface StreamConnectionListener {
  _streamConnected(stream: IOStream, transport: Transport): void;
}

/**
 * @internal The protocol an `IOStream` gives its transport: one small object per stream that
 * passes each event on (rather than a closure per event).
 */
export class IOStreamProtocol implements Protocol {
  /** Told once the connection is made, after the stream. */
  listener: StreamConnectionListener | null = null;

  constructor(private readonly _stream: IOStream) {}

  connectionMade(transport: Transport): void {
    this._stream._connectionMade(transport);
    this.listener?._streamConnected(this._stream, transport);
  }

  dataReceived(data: Uint8Array): void {
    this._stream._dataReceived(data);
  }

  eofReceived(): void {
    this._stream.close();
  }

  connectionLost(error: Error | null): void {
    this._stream._connectionLost(error);
  }

  pauseWriting(): void {
    this._stream._pauseWriting();
  }

  resumeWriting(): void {
    this._stream._resumeWriting();
  }
}

/**
 * `SSLIOStream`: an `IOStream` over a TLS transport (it lives here, beside the class it extends,
 * because `IOStream.startTls()` makes one). The core's TLS transports finish the handshake
 * before `connectionMade()`, and `startTls()` resolves only once its handshake is done, so the
 * handshake is over once the stream is connected; `waitForHandshake()` is kept for Tornado code
 * that calls it.
 */
/** An `IOStream` over TLS (made by `TCPClient.connect(…, { ssl })` and a TLS `TCPServer`). */
export class SSLIOStream extends IOStream {
  /**
   * Resolves with the stream once the TLS handshake is done (at once if connected).
   * @throws StreamClosedError if the stream is closed; InvalidStateError if not connected yet.
   */
  waitForHandshake(): Future<this> {
    if (this.closed()) throw new StreamClosedError(this.error);
    if (this._transport === null) {
      throw new InvalidStateError('SSLIOStream.waitForHandshake(): connect the stream first (its handshake happens while connecting)');
    }
    const future = this.ioloop.createFuture<this>();
    future.setResult(this);
    return future;
  }

  /** The peer's certificate as `node:tls` describes it (`getPeerCertificate()`), or `undefined`. */
  getSslCertificate(): unknown {
    return this.getExtraInfo('peercert');
  }
}

function checkLimit(value: unknown, fallback: number | null, what: string): number | null {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new InvalidArgumentError(`IOStream ${what} must be a positive integer number of bytes, got ${describeValue(value)}`);
  }
  return value;
}

function checkMaxBytes(maxBytes: number | null, size: number, delimiter: Uint8Array | RegExp): void {
  if (maxBytes !== null && size > maxBytes) {
    const what = delimiter instanceof RegExp ? `regex ${delimiter}` : `delimiter ${JSON.stringify(Buffer.from(delimiter).toString('latin1'))}`;
    throw new UnsatisfiableReadError(`${what} not found within ${maxBytes} bytes`);
  }
}
