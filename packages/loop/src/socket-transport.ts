/**
 * `SocketTransport`: the PEP 3156 transport over a Node `net.Socket` or `tls.TLSSocket` (TCP,
 * TLS and UNIX sockets alike), used by `NodeEventLoop`.
 *
 * Read path: the socket's `'data'` event hands each chunk to the loop as one I/O event (a
 * `ReadEvent`; an idle loop runs it at once, a busy one queues it as `callSoon` would), and the
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
 * module-level functions that find the transport through a symbol on the socket, what all the
 * connections of one server (or one kind of client) have in common lives in one shared
 * `TransportContext`, the flags are bits of one number, and there are no per-connection
 * closures or timers.
 */
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { EventLoop } from './event-loop.js';
import type { BaseProtocol, Protocol } from './protocols.js';
import { DEFAULT_HIGH_WATER_MARK, type ExtraInfoName, type Transport } from './transports.js';
import { InvalidStateError } from './errors.js';
import { type Runnable, queueIoEvent } from './handle.js';
import { checkBytes, checkProtocol, checkWriteBufferLimits } from './network-argument-checks.js';
import { fromNodeError } from './system-errors.js';

/** Whoever keeps track of live transports (the loop's network, a server). */
export interface TransportOwner {
  /** @internal The transport's `connectionLost()` has run; forget it. */
  _transportLost(transport: SocketTransport): void;
  /** @internal `startTls()` replaced `transport` by `replacement`: track that one instead. */
  _transportUpgraded(transport: SocketTransport, replacement: SocketTransport): void;
}

/** What a transport tells the TLS upgrade under way on it (see `tls-upgrade.ts`). */
export interface UpgradeListener {
  /** @internal The connection ended before the upgrade did, with `error` (or `null`). */
  _transportLost(error: unknown): void;
  /** @internal The loop is closing: end the upgrade without calling anything on the loop. */
  _abortForLoopClose(): void;
}

/**
 * What the transports of one server, or one kind of client connection, have in common. Shared,
 * so that each transport carries one reference instead of five fields.
 */
export interface TransportContext {
  /** The loop every callback is dispatched on. */
  readonly loop: EventLoop;
  /** Tracks the transports (the server that accepted them, or the loop's network). */
  readonly owner: TransportOwner;
  /** The sockets are `tls.TLSSocket`s whose handshake is complete. */
  readonly tls: boolean;
  /** The path of the UNIX socket, or `undefined` for TCP. */
  readonly path: string | undefined;
  /** True for accepted connections, false for connections we opened. */
  readonly serverSide: boolean;
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

// Bits of `_flags`.
/** `pauseReading()` is in effect. */
const READ_PAUSED = 1;
/** The peer's EOF arrived while reading was paused; deliver it after the held chunks. */
const EOF_HELD = 2;
/** `writeEof()` has ended our write side. */
const EOF_WRITTEN = 4;
/** The protocol's `pauseWriting()` was called and `resumeWriting()` not yet. */
const PROTOCOL_PAUSED = 8;
/** A `resumeWriting()` delivery is queued on the loop. */
const RESUME_SCHEDULED = 16;
/**
 * We closed or aborted: data and EOF still queued on the loop are dropped, as asyncio reads
 * nothing after `close()`. When the peer ends the connection (reset, or both sides done), what
 * had already arrived is still delivered, before `connectionLost()`.
 */
const READ_STOPPED = 32;
/** `startTls()` is upgrading this transport: it is paused and may not be written to. */
const UPGRADING = 64;
/** `startTls()` replaced this transport by a TLS one: it is dead, and may not be written to. */
const UPGRADED = 128;

/** The upgrade under way on each transport that has `UPGRADING` set (rare, so kept aside). */
const upgrades = new WeakMap<SocketTransport, UpgradeListener>();

const kTransport = Symbol('SocketTransport');
type TrackedSocket = Socket & { [kTransport]?: SocketTransport };

const EMPTY = new Uint8Array(0);
const DEFAULT_LOW_WATER_MARK = DEFAULT_HIGH_WATER_MARK / 4;

/**
 * Write-side state that most transports never need (custom water marks, the callback used
 * while the protocol is paused, the count of discarded writes), made on first use so an idle
 * connection does not pay for it.
 */
class WriteState {
  high = DEFAULT_HIGH_WATER_MARK;
  low = DEFAULT_LOW_WATER_MARK;
  onWritten: (() => void) | null = null;
  discarded = 0;
}

/** Until a protocol is attached (the factory runs as a loop callback), events go nowhere. */
const NO_PROTOCOL: Protocol = Object.freeze({});

/** The PEP 3156 transport over a Node socket. Made by `NodeEventLoop`, not by user code. */
export class SocketTransport implements Transport {
  /** @internal */ readonly _socket: Socket;
  /** @internal */ readonly _context: TransportContext;
  /** @internal */ _protocol: Protocol = NO_PROTOCOL;
  /** @internal */ _state: State = OPEN;
  /** @internal Bits: READ_PAUSED, EOF_HELD, EOF_WRITTEN, PROTOCOL_PAUSED, RESUME_SCHEDULED, READ_STOPPED. */
  _flags = 0;
  /** @internal Chunks that arrived while reading was paused, in order; `null` when none. */
  _held: Buffer[] | null = null;
  private _writeState: WriteState | null = null;

  /**
   * @internal Wraps a connected socket and starts listening to it. The caller then attaches a
   * protocol with `_attach()`, from a loop callback.
   */
  constructor(socket: Socket, context: TransportContext) {
    this._socket = socket;
    this._context = context;
    (socket as TrackedSocket)[kTransport] = this;
    socket.on('data', onSocketData);
    socket.on('end', onSocketEnd);
    socket.on('error', onSocketError);
    socket.on('close', onSocketClose);
  }

  // ---- Transport ----------------------------------------------------------------------------

  /**
   * Extra information, read from the live socket (and cached by Node once read): ask while the
   * connection is up if it is needed after `connectionLost()`.
   */
  getExtraInfo(name: ExtraInfoName, defaultValue?: unknown): unknown {
    const socket = this._socket;
    const context = this._context;
    switch (name) {
      case 'socket':
        return socket;
      case 'peername':
        if (context.path !== undefined) return context.serverSide ? '' : context.path;
        return socket.remoteAddress === undefined
          ? defaultValue
          : { address: socket.remoteAddress, family: socket.remoteFamily, port: socket.remotePort };
      case 'sockname': {
        if (context.path !== undefined) return context.serverSide ? context.path : '';
        const address = socket.address();
        return 'port' in address ? address : defaultValue;
      }
      case 'peercert': {
        if (!context.tls) return defaultValue;
        const cert = (socket as TLSSocket).getPeerCertificate();
        return cert && Object.keys(cert).length > 0 ? cert : defaultValue;
      }
      case 'cipher':
        return context.tls ? ((socket as TLSSocket).getCipher() ?? defaultValue) : defaultValue;
      default:
        return defaultValue;
    }
  }

  isClosing(): boolean {
    return this._state !== OPEN;
  }

  close(): void {
    if (this._state !== OPEN) return;
    // Mid-upgrade there is nothing to flush that the handshake has not mixed into: abort.
    if ((this._flags & UPGRADING) !== 0) {
      this._connectionLost(null, true);
      return;
    }
    this._state = CLOSING;
    // asyncio stops reading on close(): no dataReceived() or eofReceived() after it.
    this._held = null;
    this._flags = (this._flags & ~EOF_HELD) | READ_STOPPED;
    const socket = this._socket;
    socket.pause();
    if ((this._flags & EOF_WRITTEN) !== 0) {
      if (socket.writableFinished) this._connectionLost(null, true);
      else socket.once('finish', onSocketFinishedClosing);
      return;
    }
    // end() flushes Node's buffer and sends FIN (and close_notify for TLS); we destroy after.
    socket.end();
    socket.once('finish', onSocketFinishedClosing);
  }

  abort(): void {
    this._connectionLost(null, true);
  }

  setProtocol(protocol: BaseProtocol): void {
    checkProtocol(protocol, 'setProtocol(protocol)');
    this._protocol = protocol as Protocol;
  }

  getProtocol(): BaseProtocol {
    return this._protocol;
  }

  isReading(): boolean {
    return this._state === OPEN && (this._flags & READ_PAUSED) === 0;
  }

  pauseReading(): void {
    if (this._state !== OPEN || (this._flags & READ_PAUSED) !== 0) return;
    this._flags |= READ_PAUSED;
    this._socket.pause();
  }

  resumeReading(): void {
    // While upgrading, reading stays paused until the TLS transport takes over.
    if (this._state !== OPEN || (this._flags & (READ_PAUSED | UPGRADING)) !== READ_PAUSED) return;
    this._flags &= ~READ_PAUSED;
    this._socket.resume();
    if (this._held !== null || (this._flags & EOF_HELD) !== 0) this._context.loop.callSoon(deliverHeld, this);
  }

  setWriteBufferLimits(high?: number, low?: number): void {
    const state = this._extraWriteState();
    [state.high, state.low] = checkWriteBufferLimits(high, low);
    if ((this._flags & PROTOCOL_PAUSED) === 0 && this._socket.writableLength > state.high) this._pauseProtocol();
  }

  getWriteBufferSize(): number {
    return this._state === LOST ? 0 : this._socket.writableLength;
  }

  getWriteBufferLimits(): [number, number] {
    const state = this._writeState;
    return state === null ? [DEFAULT_LOW_WATER_MARK, DEFAULT_HIGH_WATER_MARK] : [state.low, state.high];
  }

  /**
   * Sends `data`. Like Node's streams, the transport may keep a reference to `data` until it is
   * sent: do not modify it afterwards. Writes after `close()`, `abort()` or a lost connection
   * are discarded (asyncio does the same); the exception handler is told once after a few.
   * @throws `InvalidArgumentError` if `data` is not bytes; `InvalidStateError` after `writeEof()`.
   */
  write(data: Uint8Array): void {
    if (!(data instanceof Uint8Array)) checkBytes(data, 'write(data)');
    const flags = this._flags;
    if ((flags & (EOF_WRITTEN | UPGRADING | UPGRADED)) !== 0) {
      this._checkNotUpgraded('write()');
      throw new InvalidStateError('write() after writeEof(): the write side of this transport is closed');
    }
    if (this._state !== OPEN) {
      this._discardWrite();
      return;
    }
    if (data.byteLength === 0) return;
    const socket = this._socket;
    if ((flags & PROTOCOL_PAUSED) !== 0) {
      // Each write made while paused reports its completion, so the drain is never missed.
      socket.write(data, this._writeState!.onWritten!);
      return;
    }
    socket.write(data);
    const state = this._writeState;
    if (socket.writableLength > (state === null ? DEFAULT_HIGH_WATER_MARK : state.high)) this._pauseProtocol();
  }

  writeLines(chunks: Iterable<Uint8Array>): void {
    const list = Array.from(chunks);
    for (const chunk of list) checkBytes(chunk, 'writeLines(chunks) item');
    if (list.length === 0) return;
    const socket = this._socket;
    const cork = this._state === OPEN && (this._flags & EOF_WRITTEN) === 0 && list.length > 1;
    // Corked writes leave as one writev() instead of one syscall per chunk.
    if (cork) socket.cork();
    try {
      for (const chunk of list) this.write(chunk);
    } finally {
      if (cork) socket.uncork();
    }
  }

  writeEof(): void {
    this._checkNotUpgraded('writeEof()');
    if (this._state !== OPEN || (this._flags & EOF_WRITTEN) !== 0) return;
    this._flags |= EOF_WRITTEN;
    this._socket.end();
  }

  /** True: TCP, UNIX sockets and, on Node, TLS (which sends close_notify and keeps reading). */
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

  /**
   * @internal Destroys the socket and schedules `connectionLost(error)`, once. `stopReading`
   * when we end the connection (close, abort, a protocol error): what is still queued for the
   * protocol is dropped. When the peer ends it, queued data is delivered first.
   */
  _connectionLost(error: unknown, stopReading: boolean): void {
    if (this._state === LOST) return;
    this._state = LOST;
    this._held = null;
    this._flags &= ~EOF_HELD;
    if ((this._flags & UPGRADING) !== 0) {
      this._flags &= ~UPGRADING;
      const upgrade = upgrades.get(this)!;
      upgrades.delete(this);
      upgrade._transportLost(error);
    }
    if (stopReading) this._flags |= READ_STOPPED;
    this._socket.destroy();
    const loop = this._context.loop;
    if (!loop.isClosed()) loop.callSoon(deliverLost, this, error);
  }

  /** @internal The loop is closing: destroy the socket, and call no protocol method again. */
  _destroyForLoopClose(): void {
    if ((this._flags & UPGRADING) !== 0) {
      this._flags &= ~UPGRADING;
      upgrades.get(this)!._abortForLoopClose();
      upgrades.delete(this);
    }
    this._state = LOST;
    this._flags |= READ_STOPPED;
    this._held = null;
    this._socket.destroy();
  }

  /**
   * @internal `startTls()` begins: reading pauses (chunks already on their way are held, as
   * for `pauseReading()`), writing is refused, and `protocol` is the one told if the
   * connection dies before the upgrade is over.
   * @throws `InvalidStateError` if the transport is closing or already being upgraded.
   */
  _beginUpgrade(protocol: Protocol, listener: UpgradeListener): void {
    this._checkNotUpgraded('startTls()');
    if (this._state !== OPEN) {
      throw new InvalidStateError('startTls() on a transport that is closing or closed; upgrade a connection while it is open');
    }
    if ((this._flags & EOF_WRITTEN) !== 0) {
      throw new InvalidStateError('startTls() after writeEof(): TLS needs both directions of the connection');
    }
    this._protocol = protocol;
    this._flags |= UPGRADING | READ_PAUSED;
    upgrades.set(this, listener);
    this._socket.pause();
  }

  /**
   * @internal Hands the socket over to the TLS layer: our listeners come off it, and what was
   * read but not delivered (held chunks, and whether the peer's EOF came) is returned so the
   * TLS layer gets those bytes. Runs as a loop callback, after every chunk queued before
   * `_beginUpgrade()` has been held.
   */
  _detachForUpgrade(): { held: Buffer[]; eof: boolean } {
    const socket = this._socket;
    socket.removeListener('data', onSocketData);
    socket.removeListener('end', onSocketEnd);
    socket.removeListener('error', onSocketError);
    socket.removeListener('close', onSocketClose);
    socket.on('error', ignoreError);
    const held = { held: this._held ?? [], eof: (this._flags & EOF_HELD) !== 0 };
    this._held = null;
    this._flags &= ~EOF_HELD;
    return held;
  }

  /** @internal The TLS transport has replaced this one: it is dead, with no `connectionLost()`. */
  _finishUpgrade(): void {
    upgrades.delete(this);
    this._state = LOST;
    this._flags = (this._flags & ~UPGRADING) | UPGRADED | READ_STOPPED;
  }

  /** @internal A protocol method threw: report it with the context asyncio gives, then abort. */
  _fatal(exception: unknown, method: string): void {
    this._context.loop.callExceptionHandler({
      message: `Fatal error: protocol.${method}() call failed.`,
      exception,
      protocol: this._protocol,
      transport: this,
    });
    this._connectionLost(exception, true);
  }

  /** @internal The peer sent EOF, and everything before it was delivered. */
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

  /** @internal Calls `resumeWriting()` if the buffer is still under the low-water mark. */
  _resumeProtocol(): void {
    this._flags &= ~RESUME_SCHEDULED;
    if ((this._flags & PROTOCOL_PAUSED) === 0 || this._state === LOST) return;
    if (this._socket.writableLength > this._extraWriteState().low) return;
    this._flags &= ~PROTOCOL_PAUSED;
    try {
      this._protocol.resumeWriting?.();
    } catch (exception) {
      this._fatal(exception, 'resumeWriting');
    }
  }

  private _pauseProtocol(): void {
    if ((this._flags & EOF_WRITTEN) !== 0) return;
    this._flags |= PROTOCOL_PAUSED;
    // A zero-length write completes once everything written before it has left Node's buffer.
    const state = this._extraWriteState();
    this._socket.write(EMPTY, (state.onWritten ??= () => this._checkDrained()));
    try {
      this._protocol.pauseWriting?.();
    } catch (exception) {
      this._fatal(exception, 'pauseWriting');
    }
  }

  /** Node's buffer shrank while the protocol is paused: resume it once under the low mark. */
  private _checkDrained(): void {
    const flags = this._flags;
    if ((flags & PROTOCOL_PAUSED) === 0 || (flags & RESUME_SCHEDULED) !== 0 || this._state === LOST) return;
    if (this._socket.writableLength > this._extraWriteState().low) return;
    this._flags = flags | RESUME_SCHEDULED;
    this._context.loop.callSoon(deliverResume, this);
  }

  /** Throws if `startTls()` is upgrading this transport or has replaced it. */
  private _checkNotUpgraded(what: string): void {
    const flags = this._flags;
    if ((flags & UPGRADING) !== 0) {
      throw new InvalidStateError(`${what} while startTls() is upgrading this transport; wait for the TLS transport it returns`);
    }
    if ((flags & UPGRADED) !== 0) {
      throw new InvalidStateError(`${what} on a transport that startTls() upgraded; use the TLS transport startTls() returned`);
    }
  }

  private _extraWriteState(): WriteState {
    return (this._writeState ??= new WriteState());
  }

  private _discardWrite(): void {
    const state = this._extraWriteState();
    state.discarded++;
    const loop = this._context.loop;
    if (state.discarded === WARN_AFTER_DISCARDED_WRITES && !loop.isClosed()) {
      loop.callExceptionHandler({
        message: `write() was called ${WARN_AFTER_DISCARDED_WRITES} times on a closed transport; the data is discarded`,
        protocol: this._protocol,
        transport: this,
      });
    }
  }

  toString(): string {
    const state =
      (this._flags & UPGRADED) !== 0
        ? 'upgraded'
        : this._state === OPEN
          ? 'open'
          : this._state === CLOSING
            ? 'closing'
            : 'closed';
    return `<SocketTransport ${this._context.tls ? 'tls ' : ''}${state}>`;
  }
}

// ---- socket listeners: shared by every transport, `this` is the socket --------------------

/** Keeps a socket handed over to the TLS layer from crashing the process with an 'error'. */
function ignoreError(): void {}

function onSocketData(this: TrackedSocket, chunk: Buffer): void {
  const transport = this[kTransport]!;
  if ((transport._flags & READ_STOPPED) !== 0) return;
  queueIoEvent(transport._context.loop, new ReadEvent(transport, chunk));
}

function onSocketEnd(this: TrackedSocket): void {
  const transport = this[kTransport]!;
  if ((transport._flags & READ_STOPPED) !== 0) return;
  queueIoEvent(transport._context.loop, new ReadEvent(transport, null));
}

function onSocketError(this: TrackedSocket, error: Error): void {
  const transport = this[kTransport]!;
  if (transport._state === LOST) return;
  transport._connectionLost(fromNodeError(error, 'I/O on the connection'), false);
}

function onSocketClose(this: TrackedSocket): void {
  // Node destroys a socket by itself once both directions have ended (writeEof() and the
  // peer's EOF): that is a normal end of the connection.
  this[kTransport]!._connectionLost(null, false);
}

function onSocketFinishedClosing(this: TrackedSocket): void {
  this[kTransport]!._connectionLost(null, true);
}

// ---- loop callbacks: each delivers one protocol event -------------------------------------

/** A chunk the socket read (or, with `null`, its end), as one item of the loop's ready queue. */
class ReadEvent implements Runnable {
  constructor(
    private readonly _transport: SocketTransport,
    private readonly _chunk: Buffer | null,
  ) {}

  _run(): void {
    try {
      if (this._chunk === null) deliverEof(this._transport);
      else deliverData(this._transport, this._chunk);
    } catch (exception) {
      // The protocol's own errors are handled inside; this is a last resort, as a Handle's is.
      this._transport._context.loop.callExceptionHandler({ message: `Exception in ${this.toString()}`, exception, transport: this._transport });
    }
  }

  /** What debug mode's slow-callback report names. */
  toString(): string {
    return `<${this._chunk === null ? 'end of input' : `${this._chunk.byteLength} bytes read`} on ${this._transport.toString()}>`;
  }
}

function deliverData(transport: SocketTransport, chunk: Buffer): void {
  const flags = transport._flags;
  if ((flags & READ_STOPPED) !== 0) return;
  if ((flags & READ_PAUSED) !== 0 || transport._held !== null) {
    // Held chunks die with the connection, as unread bytes in a kernel buffer would.
    if (transport._state === LOST) return;
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
  if ((transport._flags & READ_STOPPED) !== 0) return;
  if ((transport._flags & READ_PAUSED) !== 0 || transport._held !== null) {
    if (transport._state === LOST) return;
    transport._flags |= EOF_HELD;
    return;
  }
  transport._receiveEof();
}

/** After `resumeReading()`: the chunks (and EOF) held while paused, in order. */
function deliverHeld(transport: SocketTransport): void {
  const held = transport._held;
  if (held !== null) {
    while (held.length > 0 && transport._state === OPEN && (transport._flags & (READ_PAUSED | READ_STOPPED)) === 0) {
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
  if ((transport._flags & (EOF_HELD | READ_PAUSED)) === EOF_HELD && transport._state === OPEN) {
    transport._flags &= ~EOF_HELD;
    transport._receiveEof();
  }
}

function deliverResume(transport: SocketTransport): void {
  transport._resumeProtocol();
}

function deliverLost(transport: SocketTransport, error: unknown): void {
  try {
    transport._protocol.connectionLost?.((error ?? null) as Error | null);
  } catch (exception) {
    transport._context.loop.callExceptionHandler({
      message: 'Exception in protocol.connectionLost()',
      exception,
      protocol: transport._protocol,
      transport,
    });
  } finally {
    transport._context.owner._transportLost(transport);
  }
}
