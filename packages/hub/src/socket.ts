/**
 * Cooperative sockets, gevent's `gevent.socket`: a blocking-style socket for greenlets, built as
 * a protocol over the loop's transports. `recv` and `sendall` block the calling greenlet (not
 * the loop); `settimeout` makes them raise `TimeoutError` after a while. Reading applies
 * back-pressure: the transport is paused while unread data piles up.
 */
import {
  type Coroutine,
  type Future,
  InvalidArgumentError,
  InvalidStateError,
  type Protocol,
  TimeoutError,
  type Transport,
  describeValue,
} from '@async/loop';
import { type Hub, currentHub } from './hub.js';
import { Op } from './operation.js';
import { RecvOp } from './recv-operation.js';
import { handOver, takeFromChunks, writableBytes } from './byte-chunks.js';
import { WaitList, remaining } from './wait-list.js';
import { checkSeconds } from './greenlet.js';
import { type FileData, SocketFile } from './socket-file.js';

const HIGH_WATER = 64 * 1024;

/** Which direction `shutdown` closes. */
export type ShutdownHow = 'read' | 'write' | 'both';

/** A connected stream socket whose blocking calls block only the calling greenlet. */
export class Socket {
  /** The hub the socket belongs to. */
  readonly hub: Hub;
  private _transport: Transport | null = null;
  private readonly _chunks: Uint8Array[] = [];
  private _buffered = 0;
  private _eof = false;
  private _error: Error | null = null;
  private _closed = false;
  private _writable = true;
  private _timeout: number | null = null;
  /** The `recv()` waiting for data, where the data callback finds it. */
  private _reader: RecvOp | null = null;
  /** More `recv()`s waiting at once (several greenlets reading one socket): rare, so made on demand. */
  private _moreReaders: RecvOp[] | null = null;
  /** The last finished `recv()` operation, which the next `recv()` that must wait reuses. */
  private _spareRecv: RecvOp | null = null;
  /** The `readline()`s waiting. */
  private readonly _readers: WaitList;
  private readonly _writers: WaitList;
  /** What `sendall` returns when the write completed at once: a settled operation, shared. */
  private readonly _sent: Op<void>;

  /** @internal Sockets are made by `createConnection` and `StreamServer`. */
  constructor(hub: Hub) {
    this.hub = hub;
    this._sent = Op.settled(hub, false, undefined);
    this._readers = new WaitList(hub);
    this._writers = new WaitList(hub);
  }

  /** @internal The protocol that feeds this socket from its transport. */
  _protocol(onMade?: (socket: Socket) => void): Protocol {
    return {
      connectionMade: (transport) => {
        this._transport = transport;
        onMade?.(this);
      },
      dataReceived: (data) => {
        const reader = this._reader;
        if (
          reader !== null &&
          this._buffered === 0 &&
          data.length !== 0 &&
          data.length <= reader._size &&
          this._moreReaders === null &&
          this._readers.length === 0 &&
          reader._canHandOver()
        ) {
          // The one reader takes the whole chunk: it goes to the greenlet without being buffered.
          this._reader = null;
          reader._handOver(handOver(data));
          return;
        }
        this._chunks.push(data);
        this._buffered += data.length;
        if (this._buffered >= HIGH_WATER) this._transport?.pauseReading();
        this._wakeReaders();
      },
      eofReceived: () => {
        this._eof = true;
        this._wakeReaders();
        return true; // keep the write side open until close() or shutdown()
      },
      connectionLost: (error) => {
        this._eof = true;
        if (error) this._error = error instanceof Error ? error : new Error(String(error));
        this._writable = true;
        this._transport = null;
        this._wakeReaders();
        this._writers.notifyAll();
      },
      pauseWriting: () => {
        this._writable = false;
      },
      resumeWriting: () => {
        this._writable = true;
        this._writers.notifyAll();
      },
    };
  }

  /** The timeout of blocking calls in seconds, or `null` for none. */
  gettimeout(): number | null {
    return this._timeout;
  }

  /** Sets the timeout of blocking calls (`null`: wait forever; `0`: never wait). */
  settimeout(seconds: number | null): void {
    if (seconds !== null) checkSeconds(seconds, 'settimeout(seconds)');
    this._timeout = seconds;
  }

  /** The peer's address, as the transport reports it. */
  getpeername(): unknown {
    return this._transport?.getExtraInfo('peername');
  }

  /** The local address, as the transport reports it. */
  getsockname(): unknown {
    return this._transport?.getExtraInfo('sockname');
  }

  /**
   * Up to `bufsize` bytes, waiting for some; an empty array at end of stream.
   * @throws TimeoutError after the socket's timeout; the connection's error if it failed.
   */
  recv(bufsize = 65536): Op<Uint8Array> {
    if (!Number.isInteger(bufsize) || bufsize < 1) {
      throw new InvalidArgumentError(`recv(bufsize) takes a positive integer, got ${describeValue(bufsize)}`);
    }
    // Data already buffered (or the end seen): no wait, and no generator.
    if (this._readable()) return Op.immediate(this.hub, () => this._take(bufsize));
    const timeout = this._timeout;
    const deadline = timeout === null ? null : this.hub.loop.time() + timeout;
    const spare = this._spareRecv;
    if (spare === null) return new RecvOp(this, bufsize, deadline, timeout === 0);
    this._spareRecv = null;
    return spare._reuse(bufsize, deadline, timeout === 0);
  }

  /**
   * Python's `recv_into`: receives up to `nbytes` bytes (default: the buffer's length) into
   * `buffer`, waiting for some; evaluates to how many came (0 at end of stream).
   * @throws InvalidArgumentError for a buffer that is not a `Uint8Array`, or an `nbytes` that is
   *   negative or larger than the buffer; as `recv` otherwise.
   */
  recvInto(buffer: Uint8Array, nbytes = 0): Op<number> {
    if (!(buffer instanceof Uint8Array)) {
      throw new InvalidArgumentError(`recvInto(buffer) takes a Uint8Array, got ${describeValue(buffer)}`);
    }
    if (!Number.isInteger(nbytes) || nbytes < 0 || nbytes > buffer.length) {
      throw new InvalidArgumentError(
        `recvInto(buffer, nbytes) takes an nbytes from 0 (the whole buffer) to the buffer's length ${buffer.length}, got ${describeValue(nbytes)}`,
      );
    }
    const size = nbytes || buffer.length;
    if (size === 0) return Op.settled(this.hub, false, 0);
    const received = this.recv(size);
    return Op.composite(this.hub, function* () {
      const data = yield* received;
      buffer.set(data);
      return data.length;
    });
  }

  /**
   * Python's `makefile(mode)`: a file-like view of the socket (`read`, `readline`, `write`,
   * `flush`, `close`). `mode` is made of `r`, `w` and `b`; with `b` it reads and writes
   * `Uint8Array`s, without it UTF-8 strings. Default `'r'`.
   * @throws InvalidArgumentError for another mode.
   */
  makefile<M extends string = 'r'>(mode: M = 'r' as M): SocketFile<FileData<M>> {
    return new SocketFile<FileData<M>>(this, mode);
  }

  /**
   * One line, up to and including `\n` (or what is left at end of stream; empty at the end).
   * @throws InvalidStateError if no newline comes within `limit` bytes.
   */
  readline(limit = 65536): Op<Uint8Array> {
    const self = this;
    const newline = (): number => {
      let seen = 0;
      for (const chunk of this._chunks) {
        const i = chunk.indexOf(10);
        if (i >= 0) return seen + i + 1;
        seen += chunk.length;
      }
      return -1;
    };
    return this._when(
      () => newline() >= 0 || this._eof || this._buffered > limit,
      this._readers,
      function* () {
        const end = newline();
        if (end < 0 && !self._eof) throw new InvalidStateError(`no newline within ${limit} bytes`);
        return self._take(end < 0 ? self._buffered : end);
      },
    );
  }

  /**
   * Writes all of `data`, waiting while the transport's buffer is full.
   * @throws the connection's error, or InvalidStateError once closed.
   */
  sendall(data: Uint8Array | string): Op<void> {
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    if (!(bytes instanceof Uint8Array)) {
      throw new InvalidArgumentError(`sendall() takes a Uint8Array or a string, got ${describeValue(data)}`);
    }
    const transport = this._writableTransport();
    transport.write(writableBytes(bytes));
    // The usual case: the transport took the bytes without filling its buffer, so the call is
    // done now, as Python's sendall is, and needs neither a wait nor a switch to the hub.
    if (this._writable && this._error === null && this._transport !== null) return this._sent;
    const self = this;
    return this._when(() => this._writable, this._writers, function* () {
      self._writableTransport();
    });
  }

  /** Writes `data`; evaluates to the number of bytes sent (all of them). */
  send(data: Uint8Array | string): Op<number> {
    const length = typeof data === 'string' ? new TextEncoder().encode(data).length : data.length;
    const sent = this.sendall(data);
    return Op.composite(this.hub, function* () {
      yield* sent;
      return length;
    });
  }

  /** Closes the write side (`'write'`), stops reading (`'read'`), or both. */
  shutdown(how: ShutdownHow = 'both'): void {
    if (how !== 'read' && how !== 'write' && how !== 'both') {
      throw new InvalidArgumentError(`shutdown(how) takes 'read', 'write' or 'both', got ${describeValue(how)}`);
    }
    const t = this._transport;
    if (t === null) return;
    if (how !== 'write') {
      this._eof = true;
      this._wakeReaders();
    }
    if (how !== 'read' && t.canWriteEof()) t.writeEof();
  }

  /** Closes the connection; blocked readers see end of stream. Closing twice is harmless. */
  close(): void {
    if (this._closed) return;
    this._closed = true;
    this._eof = true;
    this._transport?.close();
    this._wakeReaders();
    this._writers.notifyAll();
  }

  /** True once `close()` was called. */
  get closed(): boolean {
    return this._closed;
  }

  /**
   * @internal `SSLContext.wrapSocket()` takes the connection over, as Python's `sock.detach()`:
   * this socket counts as closed from now on, and its transport is handed on, still open.
   * @throws the connection's error; InvalidStateError if closed, or if bytes are still unread
   *   (they could be the peer's first TLS bytes).
   */
  _detach(): Transport {
    const transport = this._writableTransport();
    if (this._buffered > 0) {
      throw new InvalidStateError(
        `the socket has ${this._buffered} unread bytes: read them before wrapping it in TLS (in a STARTTLS exchange, ` +
          'wrap it right after the last line in clear)',
      );
    }
    this._closed = true;
    this._eof = true;
    this._transport = null;
    this._wakeReaders();
    this._writers.notifyAll();
    return transport;
  }

  /** @internal True when a read would not wait: bytes are buffered, or the end was seen. */
  _readable(): boolean {
    return this._buffered !== 0 || this._eof;
  }

  /** @internal Registers a waiting `recv()`. */
  _addReader(reader: RecvOp): void {
    if (this._reader === null) this._reader = reader;
    else (this._moreReaders ??= []).push(reader);
  }

  /** @internal Forgets a waiting `recv()` (it timed out or was abandoned). */
  _removeReader(reader: RecvOp): void {
    const more = this._moreReaders;
    if (this._reader === reader) {
      // The next waiting one moves up, so readers are still woken in the order they came.
      this._reader = more?.shift() ?? null;
    } else {
      const i = more === null ? -1 : more.indexOf(reader);
      if (i >= 0) more!.splice(i, 1);
    }
    if (more?.length === 0) this._moreReaders = null;
  }

  /**
   * @internal A `recv()` operation is done (it delivered, raised, or its wait was abandoned):
   * the next `recv()` of this socket that has to wait may reuse it.
   */
  _recvDone(op: RecvOp): void {
    this._spareRecv = op;
  }

  /**
   * Wakes every reader: the `recv()`s, each handed its bytes at once when this runs in a loop
   * callback (one that finds none left waits on), then the `readline()`s.
   */
  private _wakeReaders(): void {
    const reader = this._reader;
    const more = this._moreReaders;
    this._reader = null;
    this._moreReaders = null;
    reader?._fire();
    if (more !== null) for (const r of more) r._fire();
    if (this._readers.length !== 0) this._readers.notifyAll();
  }

  /** @internal Takes up to `n` buffered bytes (an empty array at the end; the error if it failed). */
  _take(n: number): Uint8Array {
    if (this._buffered === 0) {
      if (this._error !== null && !this._closed) throw this._error;
      return new Uint8Array(0);
    }
    const size = Math.min(n, this._buffered);
    const out = takeFromChunks(this._chunks, size);
    this._buffered -= size;
    if (this._buffered < HIGH_WATER && this._transport !== null && !this._transport.isReading()) {
      this._transport.resumeReading();
    }
    return out;
  }

  private _writableTransport(): Transport {
    if (this._error !== null) throw this._error;
    if (this._closed || this._transport === null) {
      throw new InvalidStateError('the socket is closed: make a new connection');
    }
    return this._transport;
  }

  /** Runs `then` once `ready()`, waiting on `list` under the socket's timeout. */
  private _when<T>(ready: () => boolean, list: WaitList, then: () => Coroutine<T>): Op<T> {
    const self = this;
    const timeout = this._timeout;
    if (ready()) return Op.composite(this.hub, then);
    const deadline = timeout === null ? null : this.hub.loop.time() + timeout;
    return Op.composite(this.hub, function* () {
      while (!ready()) {
        // Yielding the wait's primitive operation is what `yield*` of it does, one generator fewer.
        if (timeout === 0 || !((yield list.wait(remaining(self.hub, deadline))) as boolean)) {
          if (!ready()) throw new TimeoutError('timed out');
        }
      }
      return yield* then();
    });
  }
}

/**
 * Connects to `[host, port]` and evaluates to a cooperative `Socket` (gevent's
 * `socket.create_connection`). `timeout` bounds the connect and becomes the socket's timeout.
 * @throws TimeoutError if the connection takes longer; the connection's `OSError` if it fails.
 */
export function createConnection(address: [host: string, port: number], timeout: number | null = null): Op<Socket> {
  if (!Array.isArray(address) || typeof address[0] !== 'string' || typeof address[1] !== 'number') {
    throw new InvalidArgumentError(`createConnection() takes [host, port], got ${describeValue(address)}`);
  }
  if (timeout !== null) checkSeconds(timeout, 'createConnection(address, timeout)');
  const hub = currentHub();
  const [host, port] = address;
  return Op.primitive(hub, (wake) => {
    const socket = new Socket(hub);
    const future: Future<unknown> = hub.loop.createConnection(() => socket._protocol(), { host, port });
    const timer =
      timeout === null ? null : hub.loop.callLater(timeout, () => {
        cleanup();
        wake(true, new TimeoutError('timed out'));
      });
    const done = (f: Future<unknown>): void => {
      timer?.cancel();
      if (f.cancelled()) return;
      const error = f.exception();
      if (error !== null && error !== undefined) wake(true, error);
      else {
        socket.settimeout(timeout);
        wake(false, socket);
      }
    };
    future.addDoneCallback(done);
    const cleanup = (): void => {
      timer?.cancel();
      future.removeDoneCallback(done);
      if (!future.done()) future.cancel();
      else socket.close(); // connected, but nobody is waiting for it any more
    };
    return cleanup;
  });
}
