/**
 * `MemoryTransport`: one end of an in-memory connection, a PEP 3156 `Transport` that behaves
 * like asyncio's `_SelectorSocketTransport` with `MemoryChannel`s in place of the socket. Writes
 * go straight into the outgoing channel while it has room and wait in the transport's buffer
 * when it has none (so flow control and its water marks work as on a socket); reads take what
 * has arrived on the incoming channel, one `dataReceived()` per loop callback.
 *
 * Every protocol callback runs inside a loop callback: `connectionMade`, `dataReceived`,
 * `eofReceived` and `connectionLost` are each scheduled with `callSoon`; `pauseWriting` is called
 * from inside `write()` and `resumeWriting` from the callback that drained the buffer, as asyncio
 * does, so a protocol writing in a loop sees the pause before its next write. An exception from
 * a protocol callback goes to the loop's exception handler with `{ message, exception, protocol,
 * transport }` and aborts the connection.
 */
import {
  checkBytes,
  checkProtocol,
  checkWriteBufferLimits,
  ConnectionResetError,
  DEFAULT_HIGH_WATER_MARK,
  InvalidArgumentError,
  InvalidStateError,
  type BaseProtocol,
  type EventLoop,
  type ExtraInfoName,
  type Protocol,
  type Transport,
} from '@async/loop';
import { ByteQueue } from './byte-queue.js';
import type { ChannelEnd, MemoryChannel, MemoryLink } from './memory-channel.js';

/** Stands in for the protocol of a server-side end that has not been accepted yet. */
const NO_PROTOCOL: Protocol = Object.freeze({});

/** After this many writes to a closed transport the exception handler hears of it, once. */
const WARN_AFTER_DISCARDED_WRITES = 5;

/** Live transports per loop, so that closing a loop can drop them all. */
const liveByLoop = new WeakMap<EventLoop, Set<MemoryTransport>>();

/** One end of an in-memory connection. Made by `connectProtocols()` or a `VirtualEventLoop`. */
export class MemoryTransport implements Transport, ChannelEnd {
  private readonly _loop: EventLoop;
  private readonly _in: MemoryChannel;
  private readonly _out: MemoryChannel;
  private readonly _chunkSize: number;
  private readonly _extra: Readonly<Record<string, unknown>>;
  private _protocol: Protocol = NO_PROTOCOL;
  private _attached = false;

  private readonly _buffer = new ByteQueue();
  private _highWater = DEFAULT_HIGH_WATER_MARK;
  private _lowWater = DEFAULT_HIGH_WATER_MARK / 4;
  private _protocolPaused = false;

  /** `close()` or a forced close started: no more reading, and no new close. */
  private _closing = false;
  /** `connectionLost()` is scheduled (or the transport was destroyed): the end is dead. */
  private _connLost = false;
  /** `writeEof()` was called. */
  private _eof = false;
  /** `pauseReading()` is in effect. */
  private _paused = false;
  /** Reading started (after `connectionMade`) and was not stopped by a kept-open EOF. */
  private _reading = false;
  private _eofReceived = false;
  private _serviceScheduled = false;
  private _flushScheduled = false;
  /** A reset was already sent back for writing to a gone peer. */
  private _sentResetBack = false;
  private _discardedWrites = 0;
  private readonly _onLost: Array<(transport: MemoryTransport) => void> = [];

  /**
   * @internal Use `connectProtocols()` or a `VirtualEventLoop`'s `createConnection()`. Reads
   * from `incoming`, writes to `outgoing`; `extra` is what `getExtraInfo()` returns.
   */
  constructor(
    loop: EventLoop,
    incoming: MemoryChannel,
    outgoing: MemoryChannel,
    link: MemoryLink,
    extra: Record<string, unknown>,
  ) {
    this._loop = loop;
    this._in = incoming;
    this._out = outgoing;
    this._chunkSize = link.chunkSize;
    this._extra = Object.freeze({ ...extra });
    incoming.reader = this;
    outgoing.writer = this;
    let live = liveByLoop.get(loop);
    if (live === undefined) liveByLoop.set(loop, (live = new Set()));
    live.add(this);
  }

  /**
   * Destroys every live in-memory transport of `loop` at once, without calling any protocol:
   * buffers are dropped, timers cancelled, servers and ports released. `VirtualEventLoop.close()`
   * calls it; call it yourself before closing another loop you used with `connectProtocols()`.
   */
  static destroyAll(loop: EventLoop): void {
    const live = liveByLoop.get(loop);
    if (live === undefined) return;
    liveByLoop.delete(loop);
    // Mark every end dead first, so that no end reacts to its peer going away.
    for (const transport of live) transport._markDead();
    for (const transport of live) transport._release();
  }

  /**
   * How many in-memory transports of `loop` are alive (not yet through `connectionLost()`), for
   * tests that check nothing is left behind.
   */
  static liveCount(loop: EventLoop): number {
    return liveByLoop.get(loop)?.size ?? 0;
  }

  // ---- wiring (internal) ----------------------------------------------------------------------

  /**
   * @internal Connects `protocol`: schedules one loop callback that calls `connectionMade`,
   * then `onMade` with what `connectionMade` threw (or `null`; used to settle
   * `createConnection()`'s future), then starts reading.
   */
  _attach(protocol: Protocol, onMade?: (failure: unknown) => void): void {
    this._protocol = protocol;
    this._attached = true;
    if (this._connLost) return;
    this._loop.callSoon(this._connectionMade, onMade);
  }

  /** @internal Registers a callback run once the end is dead (after `connectionLost`). */
  _whenLost(callback: (transport: MemoryTransport) => void): void {
    this._onLost.push(callback);
  }

  /** @internal True once the end is dead (its `connectionLost` is scheduled or done). */
  get _isDead(): boolean {
    return this._connLost;
  }

  // ---- BaseTransport -----------------------------------------------------------------------

  /** `peername` and `sockname` (fake addresses); anything else gives `defaultValue`. */
  getExtraInfo(name: ExtraInfoName, defaultValue?: unknown): unknown {
    return Object.hasOwn(this._extra, name) ? this._extra[name] : defaultValue;
  }

  /** True once `close()` or `abort()` was called, or the connection was lost. */
  isClosing(): boolean {
    return this._closing;
  }

  /**
   * Closes: buffered bytes are still delivered, then the peer sees the end of file and this
   * protocol gets `connectionLost(null)`. Reading stops at once. Closing twice does nothing.
   */
  close(): void {
    if (this._closing) return;
    this._closing = true;
    if (this._buffer.size === 0) this._finishClose();
  }

  /** Replaces the protocol that receives the callbacks from now on. */
  setProtocol(protocol: BaseProtocol): void {
    checkProtocol(protocol, 'setProtocol(protocol)');
    this._protocol = protocol as Protocol;
  }

  /** The current protocol. */
  getProtocol(): BaseProtocol {
    return this._protocol;
  }

  // ---- ReadTransport -------------------------------------------------------------------------

  /** True unless reading is paused or the transport is closing (asyncio's definition). */
  isReading(): boolean {
    return !this._closing && !this._paused;
  }

  /** Stops `dataReceived()` calls; arriving bytes fill the channel and then hold up the peer. */
  pauseReading(): void {
    if (!this.isReading()) return;
    this._paused = true;
  }

  /** Resumes `dataReceived()` calls, starting with what arrived meanwhile. */
  resumeReading(): void {
    if (this._closing || !this._paused) return;
    this._paused = false;
    this._scheduleService();
  }

  // ---- WriteTransport ------------------------------------------------------------------------

  /**
   * Sets the write buffer's water marks (bytes). With only `high`, `low` is `high / 4`; with only
   * `low`, `high` is `4 * low`; with neither, 64 KiB and 16 KiB. Requires `high >= low >= 0`.
   */
  setWriteBufferLimits(high?: number, low?: number): void {
    [this._highWater, this._lowWater] = checkWriteBufferLimits(high, low);
    this._maybePauseProtocol();
  }

  /** Bytes waiting in this transport because the channel to the peer is full. */
  getWriteBufferSize(): number {
    return this._buffer.size;
  }

  /** `[low, high]`. */
  getWriteBufferLimits(): [number, number] {
    return [this._lowWater, this._highWater];
  }

  /**
   * Sends `data` (copied, so the caller may reuse it). Bytes the channel cannot take now wait in
   * the buffer; over the high-water mark the protocol's `pauseWriting()` is called. Writes after
   * `close()`, `abort()` or the end of the connection are discarded, as asyncio does; the
   * exception handler hears of it once, at the fifth.
   * @throws InvalidArgumentError if `data` is not a `Uint8Array`; InvalidStateError after
   *   `writeEof()`.
   */
  write(data: Uint8Array): void {
    if (!(data instanceof Uint8Array)) checkBytes(data, 'write(data)');
    if (this._eof) {
      throw new InvalidStateError('write() after writeEof(): the write side is shut; write before calling writeEof()');
    }
    if (this._closing) {
      this._discardWrite();
      return;
    }
    if (data.length === 0) return;
    let rest: Uint8Array = data;
    if (this._buffer.size === 0) {
      rest = data.subarray(this._sendNow(data));
      if (rest.length === 0) return;
    }
    this._buffer.push(Buffer.from(rest));
    this._maybePauseProtocol();
  }

  /** Writes each chunk in order. @throws as `write()`, before writing anything. */
  writeLines(chunks: Iterable<Uint8Array>): void {
    if (chunks === null || typeof (chunks as { [Symbol.iterator]?: unknown })?.[Symbol.iterator] !== 'function') {
      throw new InvalidArgumentError(`writeLines() needs an iterable of Uint8Arrays, got ${describe(chunks)}`);
    }
    const list = Array.from(chunks);
    for (const chunk of list) checkBytes(chunk, 'writeLines(chunks) item');
    if (this._eof) {
      throw new InvalidStateError('writeLines() after writeEof(): the write side is shut; write before calling writeEof()');
    }
    for (const chunk of list) this.write(chunk);
  }

  /**
   * Shuts the write side once the buffered bytes are sent: the peer's `eofReceived()` is called
   * after it has read them. Reading goes on. Does nothing while closing or the second time.
   * Once both sides have shut their write sides, the connection ends (`connectionLost(null)`)
   * without waiting for `close()`, as a socket does.
   */
  writeEof(): void {
    if (this._closing || this._eof) return;
    this._eof = true;
    if (this._buffer.size === 0) this._sendEof();
  }

  /** In-memory transports support half-close: true. */
  canWriteEof(): boolean {
    return true;
  }

  /**
   * Closes at once: buffered bytes are dropped, this protocol gets `connectionLost(null)` and
   * the peer's gets a `ConnectionResetError` (after the link's latency).
   */
  abort(): void {
    this._forceClose(null, true);
  }

  /** For debugging: the two addresses and the state. */
  toString(): string {
    const state = this._connLost ? 'closed' : this._closing ? 'closing' : 'open';
    return `<MemoryTransport ${formatAddress(this._extra['sockname'])} -> ${formatAddress(this._extra['peername'])} ${state}>`;
  }

  // ---- ChannelEnd --------------------------------------------------------------------------

  /** @internal */
  _incomingChanged(): void {
    this._scheduleService();
  }

  /** @internal */
  _incomingAborted(): void {
    this._forceClose(new ConnectionResetError('connection reset by peer', { code: 'ECONNRESET' }), false);
  }

  /** @internal */
  _outgoingSpace(): void {
    if (this._flushScheduled || this._connLost || this._buffer.size === 0 || this._loop.isClosed()) return;
    this._flushScheduled = true;
    this._loop.callSoon(this._flush);
  }

  // ---- the machinery -------------------------------------------------------------------------

  private readonly _connectionMade = (onMade: ((failure: unknown) => void) | undefined): void => {
    let failure: unknown = null;
    this._invoke('connectionMade', (protocol) => protocol.connectionMade?.(this), (exception) => (failure = exception));
    onMade?.(failure);
    if (this._connLost) return;
    this._reading = true;
    this._scheduleService();
  };

  /** Hands bytes to the channel; returns how many it took (all, if the peer is gone). */
  private _sendNow(data: Uint8Array): number {
    const out = this._out;
    if (out.readerGone) {
      this._peerGone();
      return data.length;
    }
    const n = Math.min(out.free, data.length);
    if (n > 0) out.send(Buffer.from(data.subarray(0, n)));
    return n;
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

  /** We wrote to a peer that has closed: as TCP does, answer with a reset behind its EOF. */
  private _peerGone(): void {
    if (this._sentResetBack) return;
    this._sentResetBack = true;
    this._in.sendReset(false);
  }

  /** Moves buffered bytes into the channel (the socket became writable). */
  private readonly _flush = (): void => {
    this._flushScheduled = false;
    if (this._connLost) return;
    const out = this._out;
    const buffer = this._buffer;
    while (buffer.size > 0) {
      if (out.readerGone) {
        buffer.clear();
        this._peerGone();
        break;
      }
      const free = out.free;
      if (free === 0) break;
      out.send(buffer.shift(free));
    }
    this._maybeResumeProtocol();
    if (this._connLost || buffer.size > 0) return;
    if (this._closing) this._finishClose();
    else if (this._eof) this._sendEof();
  };

  /**
   * Our write side is done. If the peer's is too (its EOF was kept open), nothing is left to
   * do on the connection, and it ends as a real socket does once both directions have ended.
   */
  private _sendEof(): void {
    this._out.sendEof();
    if (this._eofReceived) this.close();
  }

  /** The buffer is empty and we are closing: the peer gets EOF, we get `connectionLost(null)`. */
  private _finishClose(): void {
    if (this._connLost) return;
    this._connLost = true;
    // Scheduled before the EOF is sent, so our connectionLost runs before the peer's eofReceived.
    this._scheduleConnectionLost(null);
    this._out.sendEof();
    this._in.closeReader();
  }

  /**
   * Ends the connection now: drops the buffer, schedules `connectionLost(error)`, and (unless the
   * peer reset us) sends the peer a reset.
   */
  private _forceClose(error: Error | null, resetPeer: boolean): void {
    if (this._connLost) return;
    this._buffer.clear();
    this._closing = true;
    this._connLost = true;
    this._scheduleConnectionLost(error);
    if (resetPeer) this._out.sendReset(true);
    this._in.closeReader();
  }

  private _scheduleConnectionLost(error: Error | null): void {
    if (this._loop.isClosed()) {
      this._release();
      return;
    }
    this._loop.callSoon(this._callConnectionLost, error);
  }

  private readonly _callConnectionLost = (error: Error | null): void => {
    try {
      if (this._attached) this._protocol.connectionLost?.(error);
    } catch (exception) {
      this._loop.callExceptionHandler({
        message: 'Exception in protocol.connectionLost()',
        exception,
        protocol: this._protocol,
        transport: this,
      });
    } finally {
      this._release();
    }
  };

  /** For `destroyAll()`: dead at once, and nothing scheduled. */
  private _markDead(): void {
    this._closing = true;
    this._connLost = true;
    this._buffer.clear();
    this._in.dispose();
    this._out.dispose();
  }

  /** The end is dead: tell whoever tracks it (server, network), once. */
  private _release(): void {
    liveByLoop.get(this._loop)?.delete(this);
    const callbacks = this._onLost.splice(0);
    for (const callback of callbacks) callback(this);
  }

  private _scheduleService(): void {
    if (this._serviceScheduled || this._connLost || !this._hasWork() || this._loop.isClosed()) return;
    this._serviceScheduled = true;
    this._loop.callSoon(this._service);
  }

  private _canRead(): boolean {
    return this._reading && !this._paused && !this._closing;
  }

  private _hasWork(): boolean {
    const incoming = this._in;
    if (incoming.available > 0 || (incoming.eofArrived && !this._eofReceived)) return this._canRead();
    return incoming.resetArrived;
  }

  /** One read, as a selector's read-ready callback: data, else EOF, else an in-band reset. */
  private readonly _service = (): void => {
    this._serviceScheduled = false;
    if (this._connLost) return;
    const incoming = this._in;
    if (incoming.available > 0) {
      if (!this._canRead()) return;
      const chunk = incoming.read(this._chunkSize);
      if (!this._invoke('dataReceived', (protocol) => protocol.dataReceived?.(chunk))) return;
    } else if (incoming.eofArrived && !this._eofReceived) {
      if (!this._canRead()) return;
      this._eofReceived = true;
      const answer: { keepOpen: unknown } = { keepOpen: undefined };
      if (!this._invoke('eofReceived', (protocol) => void (answer.keepOpen = protocol.eofReceived?.()))) return;
      // Keeping the write side open stops reading (there is nothing more to read) but leaves
      // isReading() as it was, as in asyncio; if ours is shut already, the connection is over.
      if (answer.keepOpen !== true || (this._eof && this._buffer.size === 0)) this.close();
      else this._reading = false;
    } else if (incoming.resetArrived) {
      this._forceClose(new ConnectionResetError('connection reset by peer', { code: 'ECONNRESET' }), false);
      return;
    }
    this._scheduleService();
  };

  private _maybePauseProtocol(): void {
    if (this._protocolPaused || this._buffer.size <= this._highWater) return;
    this._protocolPaused = true;
    this._invoke('pauseWriting', (protocol) => protocol.pauseWriting?.());
  }

  private _maybeResumeProtocol(): void {
    if (!this._protocolPaused || this._buffer.size > this._lowWater) return;
    this._protocolPaused = false;
    this._invoke('resumeWriting', (protocol) => protocol.resumeWriting?.());
  }

  /**
   * Calls one protocol method. An exception is reported to the loop's exception handler and
   * aborts the connection (the protocol then gets `connectionLost(exception)`); returns false then.
   */
  private _invoke(name: string, call: (protocol: Protocol) => void, onError?: (exception: unknown) => void): boolean {
    if (!this._attached) return true;
    try {
      call(this._protocol);
      return true;
    } catch (exception) {
      onError?.(exception);
      this._loop.callExceptionHandler({
        message: `Fatal error: protocol.${name}() call failed.`,
        exception,
        protocol: this._protocol,
        transport: this,
      });
      this._forceClose(exception instanceof Error ? exception : new Error(String(exception)), true);
      return false;
    }
  }
}

function formatAddress(address: unknown): string {
  if (typeof address === 'string') return address === '' ? '(unnamed)' : address;
  if (address !== null && typeof address === 'object' && 'port' in address && 'address' in address) {
    const { address: host, port } = address as { address: string; port: number };
    return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  }
  return '?';
}

/** A short description of a bad argument for an error message. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  if (typeof value === 'object') return `an object (${value.constructor?.name ?? 'Object'})`;
  return `${typeof value} ${String(value)}`;
}
