/**
 * `SocketTransport`: the PEP 3156 transport over a Node `net.Socket` or `tls.TLSSocket` (TCP,
 * TLS and UNIX sockets alike), used by `NodeEventLoop`.
 *
 * Read path: the socket's `'data'` event hands each chunk to the loop with one `callSoon`, and the
 * protocol's `dataReceived()` runs as that loop callback. `pauseReading()` pauses the socket (so
 * the kernel pushes back on the peer) and also holds back chunks that were already queued, so no
 * `dataReceived()` arrives after it. Write path: `write()` goes straight to `socket.write()`; the
 * write buffer is Node's own (`socket.writableLength`), so there is no second copy or queue.
 * Flow control: `pauseWriting()` is called synchronously inside the `write()` that takes the
 * buffer over the high-water mark (as asyncio does, so a writer can check it at once); a
 * zero-length marker write then tells us when Node's buffer has drained, and `resumeWriting()`
 * follows as a loop callback.
 *
 * Memory per connection is kept near a bare socket's: the socket's listeners are shared
 * module-level functions that find the transport through a symbol on the socket, and there are
 * no per-connection closures or timers.
 */
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { EventLoop } from './event-loop.js';
import type { BaseProtocol, Protocol } from './protocols.js';
import { DEFAULT_HIGH_WATER_MARK, type ExtraInfoName, type Transport } from './transports.js';
import { InvalidStateError } from './errors.js';
import { checkBytes, checkProtocol, checkWriteBufferLimits } from './network-argument-checks.js';
import { fromNodeError } from './system-errors.js';

/** Whoever keeps track of live transports (the loop's network, a server). */
export interface TransportOwner {
  /** @internal The transport's `connectionLost()` has run; forget it. */
  _transportLost(transport: SocketTransport): void;
}

/** How a `SocketTransport` was made. */
export interface SocketTransportOptions {
  /** The socket is a `tls.TLSSocket` whose handshake is complete. */
  tls: boolean;
  /** The path of a UNIX socket, or `undefined` for TCP. */
  path: string | undefined;
  /** True for an accepted connection, false for one we connected. */
  serverSide: boolean;
  /** The server that accepted the connection, if any. */
  server: TransportOwner | null;
}

/** After this many writes to a closed transport the exception handler hears of it, once. */
const WARN_AFTER_DISCARDED_WRITES = 5;

// Transport states. A transport only moves forward through them.
const OPEN = 0;
/** `close()` was called: no more reading, buffered data is being flushed. */
const CLOSING = 1;
/** The socket is destroyed and `connectionLost()` is scheduled or done. */
const LOST = 2;
type State = typeof OPEN | typeof CLOSING | typeof LOST;

const kTransport = Symbol('SocketTransport');
type TrackedSocket = Socket & { [kTransport]?: SocketTransport };

const EMPTY = new Uint8Array(0);

/** Until a protocol is attached (the factory runs as a loop callback), events go nowhere. */
const NO_PROTOCOL: Protocol = Object.freeze({});

/** The PEP 3156 transport over a Node socket. Made by `NodeEventLoop`, not by user code. */
export class SocketTransport implements Transport {
  /** @internal */ readonly _loop: EventLoop;
  /** @internal */ readonly _socket: Socket;
  /** @internal */ _protocol: Protocol = NO_PROTOCOL;
  /** @internal */ _state: State = OPEN;
  private readonly _tls: boolean;
  private readonly _path: string | undefined;
  private readonly _serverSide: boolean;
  private readonly _network: TransportOwner;
  private readonly _server: TransportOwner | null;
  /** @internal */ _readPaused = false;
  /** Chunks that reached us while reading was paused, in order; `null` when there are none. */
  /** @internal */ _held: Buffer[] | null = null;
  /** @internal */ _eofHeld = false;
  private _eof = false;
  private _high = DEFAULT_HIGH_WATER_MARK;
  private _low = DEFAULT_HIGH_WATER_MARK / 4;
  /** @internal */ _protocolPaused = false;
  /** @internal */ _resumeScheduled = false;
  private _discardedWrites = 0;
  /** Write callback used while the protocol is paused; made the first time it pauses. */
  private _onWritten: (() => void) | null = null;

  /**
   * @internal Wraps a connected socket and starts listening to it. The caller then attaches a
   * protocol with `_attach()`, from a loop callback.
   */
  constructor(loop: EventLoop, socket: Socket, network: TransportOwner, options: SocketTransportOptions) {
    this._loop = loop;
    this._socket = socket;
    this._network = network;
    this._server = options.server;
    this._tls = options.tls;
    this._path = options.path;
    this._serverSide = options.serverSide;
    (socket as TrackedSocket)[kTransport] = this;
    socket.on('data', onSocketData);
    socket.on('end', onSocketEnd);
    socket.on('error', onSocketError);
    socket.on('close', onSocketClose);
  }

  // ---- Transport ----------------------------------------------------------------------------

  getExtraInfo(name: ExtraInfoName, defaultValue?: unknown): unknown {
    const socket = this._socket;
    switch (name) {
      case 'socket':
        return socket;
      case 'peername':
        if (this._path !== undefined) return this._serverSide ? '' : this._path;
        return socket.remoteAddress === undefined
          ? defaultValue
          : { address: socket.remoteAddress, family: socket.remoteFamily, port: socket.remotePort };
      case 'sockname': {
        if (this._path !== undefined) return this._serverSide ? this._path : '';
        const address = socket.address();
        return 'port' in address ? address : defaultValue;
      }
      case 'peercert': {
        if (!this._tls) return defaultValue;
        const cert = (socket as TLSSocket).getPeerCertificate();
        return cert && Object.keys(cert).length > 0 ? cert : defaultValue;
      }
      case 'cipher':
        return this._tls ? ((socket as TLSSocket).getCipher() ?? defaultValue) : defaultValue;
      default:
        return defaultValue;
    }
  }

  isClosing(): boolean {
    return this._state !== OPEN;
  }

  close(): void {
    if (this._state !== OPEN) return;
    this._state = CLOSING;
    // asyncio stops reading on close(): no dataReceived() or eofReceived() after it.
    this._held = null;
    this._eofHeld = false;
    const socket = this._socket;
    socket.pause();
    if (this._eof) {
      if (socket.writableFinished) this._connectionLost(null);
      else socket.once('finish', onSocketFinishedClosing);
      return;
    }
    // end() flushes Node's buffer and sends FIN (and close_notify for TLS); we destroy after.
    socket.end();
    socket.once('finish', onSocketFinishedClosing);
  }

  abort(): void {
    this._connectionLost(null);
  }

  setProtocol(protocol: BaseProtocol): void {
    checkProtocol(protocol, 'setProtocol(protocol)');
    this._protocol = protocol as Protocol;
  }

  getProtocol(): BaseProtocol {
    return this._protocol;
  }

  isReading(): boolean {
    return this._state === OPEN && !this._readPaused;
  }

  pauseReading(): void {
    if (this._state !== OPEN || this._readPaused) return;
    this._readPaused = true;
    this._socket.pause();
  }

  resumeReading(): void {
    if (this._state !== OPEN || !this._readPaused) return;
    this._readPaused = false;
    this._socket.resume();
    if (this._held !== null || this._eofHeld) this._loop.callSoon(deliverHeld, this);
  }

  setWriteBufferLimits(high?: number, low?: number): void {
    [this._high, this._low] = checkWriteBufferLimits(high, low);
    if (!this._protocolPaused && this._socket.writableLength > this._high) this._pauseProtocol();
  }

  getWriteBufferSize(): number {
    return this._state === LOST ? 0 : this._socket.writableLength;
  }

  getWriteBufferLimits(): [number, number] {
    return [this._low, this._high];
  }

  /**
   * Sends `data`. Like Node's streams, the transport may keep a reference to `data` until it is
   * sent: do not modify it afterwards. Writes after `close()`, `abort()` or a lost connection
   * are discarded (asyncio does the same); the exception handler is told once after a few.
   * @throws `InvalidArgumentError` if `data` is not bytes; `InvalidStateError` after `writeEof()`.
   */
  write(data: Uint8Array): void {
    if (!(data instanceof Uint8Array)) checkBytes(data, 'write(data)');
    if (this._eof) {
      throw new InvalidStateError('write() after writeEof(): the write side of this transport is closed');
    }
    if (this._state !== OPEN) {
      this._discardWrite();
      return;
    }
    if (data.byteLength === 0) return;
    const socket = this._socket;
    if (this._protocolPaused) {
      // Each write made while paused reports its completion, so the drain is never missed.
      socket.write(data, this._onWritten!);
      return;
    }
    socket.write(data);
    if (socket.writableLength > this._high) this._pauseProtocol();
  }

  writeLines(chunks: Iterable<Uint8Array>): void {
    const list = Array.from(chunks);
    for (const chunk of list) checkBytes(chunk, 'writeLines(chunks) item');
    if (list.length === 0) return;
    const socket = this._socket;
    const cork = this._state === OPEN && !this._eof && list.length > 1;
    // Corked writes leave as one writev() instead of one syscall per chunk.
    if (cork) socket.cork();
    try {
      for (const chunk of list) this.write(chunk);
    } finally {
      if (cork) socket.uncork();
    }
  }

  writeEof(): void {
    if (this._state !== OPEN || this._eof) return;
    this._eof = true;
    this._socket.end();
  }

  canWriteEof(): boolean {
    return true;
  }

  // ---- internals ----------------------------------------------------------------------------

  /**
   * @internal Attaches the protocol and calls its `connectionMade()`; runs as a loop callback.
   * Returns the exception `connectionMade()` threw (the connection is then aborted), or null.
   * If the connection already died, its `connectionLost()` is queued behind this callback, so
   * the protocol still sees made, then lost.
   */
  _attach(protocol: Protocol): unknown {
    this._protocol = protocol;
    try {
      protocol.connectionMade?.(this);
    } catch (exception) {
      this._fatal(exception, 'connectionMade');
      return exception;
    }
    return null;
  }

  /** @internal Destroys the socket and schedules `connectionLost(error)`, once. */
  _connectionLost(error: unknown): void {
    if (this._state === LOST) return;
    this._state = LOST;
    this._held = null;
    this._eofHeld = false;
    this._socket.destroy();
    if (!this._loop.isClosed()) this._loop.callSoon(deliverLost, this, error);
  }

  /** @internal The loop is closing: destroy the socket, and call no protocol method again. */
  _destroyForLoopClose(): void {
    this._state = LOST;
    this._held = null;
    this._socket.destroy();
  }

  /** @internal A protocol method threw: report it with the context asyncio gives, then abort. */
  _fatal(exception: unknown, method: string): void {
    this._loop.callExceptionHandler({
      message: `Fatal error: protocol.${method}() call failed.`,
      exception,
      protocol: this._protocol,
      transport: this,
    });
    this._connectionLost(exception);
  }

  /** @internal Forget the transport once `connectionLost()` has run. */
  _detach(): void {
    this._network._transportLost(this);
    this._server?._transportLost(this);
  }

  /** @internal The peer sent EOF (and everything before it was delivered). */
  _receiveEof(): void {
    let keepOpen: boolean | void;
    try {
      keepOpen = this._protocol.eofReceived?.();
    } catch (exception) {
      this._fatal(exception, 'eofReceived');
      return;
    }
    if (keepOpen !== true) this.close();
  }

  private _pauseProtocol(): void {
    if (this._eof) return;
    this._protocolPaused = true;
    // A zero-length write completes once everything written before it has left Node's buffer.
    this._socket.write(EMPTY, (this._onWritten ??= () => this._checkDrained()));
    try {
      this._protocol.pauseWriting?.();
    } catch (exception) {
      this._fatal(exception, 'pauseWriting');
    }
  }

  /** Node's buffer shrank while the protocol is paused: resume it once under the low mark. */
  private _checkDrained(): void {
    if (!this._protocolPaused || this._resumeScheduled || this._state === LOST) return;
    if (this._socket.writableLength > this._low) return;
    this._resumeScheduled = true;
    this._loop.callSoon(deliverResume, this);
  }

  private _discardWrite(): void {
    this._discardedWrites++;
    if (this._discardedWrites === WARN_AFTER_DISCARDED_WRITES && !this._loop.isClosed()) {
      this._loop.callExceptionHandler({
        message: `write() was called ${WARN_AFTER_DISCARDED_WRITES} times on a closed transport; the data is discarded`,
        protocol: this._protocol,
        transport: this,
      });
    }
  }

  toString(): string {
    const state = this._state === OPEN ? 'open' : this._state === CLOSING ? 'closing' : 'closed';
    return `<SocketTransport ${this._tls ? 'tls ' : ''}${state}>`;
  }
}

// ---- socket listeners: shared by every transport, `this` is the socket --------------------

function onSocketData(this: TrackedSocket, chunk: Buffer): void {
  const transport = this[kTransport]!;
  if (transport._state !== OPEN) return;
  transport._loop.callSoon(deliverData, transport, chunk);
}

function onSocketEnd(this: TrackedSocket): void {
  const transport = this[kTransport]!;
  if (transport._state !== OPEN) return;
  transport._loop.callSoon(deliverEof, transport);
}

function onSocketError(this: TrackedSocket, error: Error): void {
  const transport = this[kTransport]!;
  if (transport._state === LOST) return;
  transport._connectionLost(fromNodeError(error, 'I/O on the connection'));
}

function onSocketClose(this: TrackedSocket): void {
  const transport = this[kTransport]!;
  // Node destroys a socket by itself once both directions have ended (writeEof() and the
  // peer's EOF): that is a normal end of the connection.
  transport._connectionLost(null);
}

function onSocketFinishedClosing(this: TrackedSocket): void {
  this[kTransport]!._connectionLost(null);
}

// ---- loop callbacks: each delivers one protocol event -------------------------------------

function deliverData(transport: SocketTransport, chunk: Buffer): void {
  if (transport._state !== OPEN) return;
  if (transport._readPaused || transport._held !== null) {
    (transport._held ??= []).push(chunk);
    return;
  }
  try {
    transport._protocol.dataReceived?.(chunk);
  } catch (exception) {
    transport._fatal(exception, 'dataReceived');
  }
}

function deliverEof(transport: SocketTransport): void {
  if (transport._state !== OPEN) return;
  if (transport._readPaused || transport._held !== null) {
    transport._eofHeld = true;
    return;
  }
  transport._receiveEof();
}

/** After `resumeReading()`: the chunks (and EOF) held while paused, in order. */
function deliverHeld(transport: SocketTransport): void {
  const held = transport._held;
  if (held !== null) {
    while (held.length > 0 && transport._state === OPEN && !transport._readPaused) {
      const chunk = held.shift()!;
      try {
        transport._protocol.dataReceived?.(chunk);
      } catch (exception) {
        transport._fatal(exception, 'dataReceived');
        return;
      }
    }
    if (transport._state !== OPEN || held.length > 0) return;
    transport._held = null;
  }
  if (transport._eofHeld && !transport._readPaused && transport._state === OPEN) {
    transport._eofHeld = false;
    transport._receiveEof();
  }
}

function deliverResume(transport: SocketTransport): void {
  transport._resumeScheduled = false;
  if (!transport._protocolPaused || transport._state === LOST) return;
  if (transport.getWriteBufferSize() > transport.getWriteBufferLimits()[0]) return;
  transport._protocolPaused = false;
  try {
    transport._protocol.resumeWriting?.();
  } catch (exception) {
    transport._fatal(exception, 'resumeWriting');
  }
}

function deliverLost(transport: SocketTransport, error: unknown): void {
  try {
    transport._protocol.connectionLost?.((error ?? null) as Error | null);
  } catch (exception) {
    transport._loop.callExceptionHandler({
      message: 'Exception in protocol.connectionLost()',
      exception,
      protocol: transport._protocol,
      transport,
    });
  } finally {
    transport._detach();
  }
}
