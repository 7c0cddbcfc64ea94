/**
 * `MemoryChannel`: one direction of an in-memory connection, standing in for everything between
 * the writer's transport buffer and the reader's `dataReceived()`: the two kernels' socket
 * buffers and the wire. It holds at most `bufferSize` bytes (in flight and arrived but unread),
 * which is what makes a reader that pauses push back on its writer. Bytes, the end-of-file mark
 * and resets travel in order and arrive `latency` seconds after they were sent, on the loop's own
 * timers, so virtual time moves them.
 */
import type { EventLoop, TimerHandle } from '@async/loop';
import { InvalidArgumentError } from '@async/loop';
import { ByteQueue } from './byte-queue.js';

/** How an in-memory link behaves. Every field is optional; see `DEFAULT_LINK`. */
export interface MemoryLinkOptions {
  /** Seconds between a write leaving the writer's transport and its arrival at the reader. */
  latency?: number;
  /** At most this many bytes per `dataReceived()` call, to test protocols on fragmented input. */
  chunkSize?: number;
  /**
   * Bytes one direction holds between the two transports (the kernels' socket buffers): once
   * that many are unread, further writes wait in the writer's transport buffer.
   */
  bufferSize?: number;
}

/** A link's settings with every default filled in. */
export type MemoryLink = Readonly<Required<MemoryLinkOptions>>;

/**
 * The defaults: no latency, reads of up to 256 KiB (asyncio's `max_size` for `recv()`), and
 * 4 MiB buffered per direction, about what a Linux loopback TCP connection absorbs before a
 * paused reader holds up its writer (3.7 MiB measured on Node 20). So code sees the same flow
 * control on the virtual network as on 127.0.0.1; give a small `bufferSize` to make a test's
 * writer meet back-pressure sooner.
 */
export const DEFAULT_LINK: MemoryLink = Object.freeze({ latency: 0, chunkSize: 256 * 1024, bufferSize: 4 * 1024 * 1024 });

/**
 * Checks the link fields of `options` and lays them over `base`. Throws `InvalidArgumentError`
 * naming the first bad field. `where` names the call for the message.
 */
export function resolveLink(base: MemoryLink, options: MemoryLinkOptions | undefined, where: string): MemoryLink {
  if (options === undefined) return base;
  const { latency, chunkSize, bufferSize } = options;
  if (latency !== undefined && (typeof latency !== 'number' || !Number.isFinite(latency) || latency < 0)) {
    throw new InvalidArgumentError(
      `${where}: latency must be a finite non-negative number of seconds, got ${String(latency)}`,
    );
  }
  if (chunkSize !== undefined && !isPositiveInteger(chunkSize)) {
    throw new InvalidArgumentError(`${where}: chunkSize must be a positive integer (bytes), got ${String(chunkSize)}`);
  }
  if (bufferSize !== undefined && !isPositiveInteger(bufferSize)) {
    throw new InvalidArgumentError(`${where}: bufferSize must be a positive integer (bytes), got ${String(bufferSize)}`);
  }
  return Object.freeze({
    latency: latency ?? base.latency,
    chunkSize: chunkSize ?? base.chunkSize,
    bufferSize: bufferSize ?? base.bufferSize,
  });
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

/** What a channel tells the transports at its two ends. */
export interface ChannelEnd {
  /** (Reader) Data, the end-of-file mark or an in-band reset arrived. */
  _incomingChanged(): void;
  /** (Reader) The peer aborted: the connection is reset now, unread bytes are gone. */
  _incomingAborted(): void;
  /** (Writer) Room was made: buffered bytes may move on. */
  _outgoingSpace(): void;
}

const DATA = 0;
const EOF = 1;
/** The writer wrote to a reader that was gone: takes effect once what came before is read. */
const RESET_AFTER_CLOSE = 2;
/** The writer aborted: takes effect on arrival and discards what is unread. */
const RESET_ABORT = 3;
type Kind = typeof DATA | typeof EOF | typeof RESET_AFTER_CLOSE | typeof RESET_ABORT;

interface InFlight {
  at: number;
  kind: Kind;
  bytes: Uint8Array | null;
}

/** One direction of an in-memory connection. */
export class MemoryChannel {
  /** The transport that reads from this channel. */
  reader: ChannelEnd | null = null;
  /** The transport that writes into it. */
  writer: ChannelEnd | null = null;

  private readonly _loop: EventLoop;
  private readonly _latency: number;
  private readonly _capacity: number;
  private _flight: InFlight[] = [];
  private _flightHead = 0;
  private _timer: TimerHandle | null = null;
  private _timerAt = 0;
  private readonly _arrived = new ByteQueue();
  /** Bytes in flight plus bytes arrived and unread. */
  private _used = 0;
  private _eofSent = false;
  private _eofArrived = false;
  private _resetArrived = false;
  private _readerGone = false;

  constructor(loop: EventLoop, link: MemoryLink) {
    this._loop = loop;
    this._latency = link.latency;
    this._capacity = link.bufferSize;
  }

  /** Bytes the channel takes now. Unlimited once the reader is gone: they are dropped. */
  get free(): number {
    return this._readerGone ? Infinity : Math.max(0, this._capacity - this._used);
  }

  /** True once the reading end has closed: what is sent now is lost. */
  get readerGone(): boolean {
    return this._readerGone;
  }

  /** Bytes arrived and not yet read. */
  get available(): number {
    return this._arrived.size;
  }

  /** True once the end-of-file mark arrived (it follows every byte sent before it). */
  get eofArrived(): boolean {
    return this._eofArrived;
  }

  /** True once an in-band reset arrived (it follows everything sent before it). */
  get resetArrived(): boolean {
    return this._resetArrived;
  }

  /** Sends `bytes`, which the caller no longer touches. Call with at most `free` bytes. */
  send(bytes: Uint8Array): void {
    if (this._readerGone || bytes.length === 0) return;
    this._used += bytes.length;
    this._enqueue(DATA, bytes);
  }

  /** Sends the end-of-file mark (once). */
  sendEof(): void {
    if (this._eofSent) return;
    this._eofSent = true;
    if (!this._readerGone) this._enqueue(EOF, null);
  }

  /**
   * Sends a reset. `abort`: the writer dropped the connection, the reader loses what it has not
   * read. Otherwise the writer found its own peer gone, and the reader sees the reset only after
   * it has read everything sent before.
   */
  sendReset(abort: boolean): void {
    if (!this._readerGone) this._enqueue(abort ? RESET_ABORT : RESET_AFTER_CLOSE, null);
  }

  /** Reads up to `max` arrived bytes; the room they took goes back to the writer. */
  read(max: number): Buffer {
    const chunk = this._arrived.shift(max);
    this._used -= chunk.length;
    if (chunk.length > 0) this.writer?._outgoingSpace();
    return chunk;
  }

  /**
   * The reader is gone: drop what is unread or in flight. The writer is told there is room, so
   * its buffered bytes move on and meet the closed end.
   */
  closeReader(): void {
    if (this._readerGone) return;
    this.dispose();
    this.writer?._outgoingSpace();
  }

  /** Drops everything and cancels the arrival timer, telling nobody (the loop is closing). */
  dispose(): void {
    this._readerGone = true;
    this._timer?.cancel();
    this._timer = null;
    this._flight = [];
    this._flightHead = 0;
    this._arrived.clear();
    this._used = 0;
  }

  private _enqueue(kind: Kind, bytes: Uint8Array | null): void {
    if (this._latency === 0) {
      this._arrive(kind, bytes);
      return;
    }
    this._flight.push({ at: this._loop.time() + this._latency, kind, bytes });
    if (this._timer === null) this._armTimer();
  }

  private _armTimer(): void {
    const next = this._flight[this._flightHead];
    if (next === undefined) return;
    this._timerAt = next.at;
    this._timer = this._loop.callAt(next.at, this._onTimer);
  }

  private readonly _onTimer = (): void => {
    this._timer = null;
    // A real clock may fire a little early (within its resolution): the timer's own deadline
    // counts as reached.
    const now = Math.max(this._loop.time(), this._timerAt);
    const flight = this._flight;
    let item = flight[this._flightHead];
    while (item !== undefined && item.at <= now && !this._readerGone) {
      flight[this._flightHead] = PLACEHOLDER;
      this._flightHead++;
      this._arrive(item.kind, item.bytes);
      item = flight[this._flightHead];
    }
    if (this._flightHead === flight.length) {
      this._flight = [];
      this._flightHead = 0;
    } else if (this._flightHead >= 1024 && this._flightHead * 2 >= flight.length) {
      this._flight = flight.slice(this._flightHead);
      this._flightHead = 0;
    }
    if (!this._readerGone) this._armTimer();
  };

  private _arrive(kind: Kind, bytes: Uint8Array | null): void {
    switch (kind) {
      case DATA:
        this._arrived.push(bytes!);
        break;
      case EOF:
        this._eofArrived = true;
        break;
      case RESET_AFTER_CLOSE:
        this._resetArrived = true;
        break;
      case RESET_ABORT:
        this._arrived.clear();
        this._used = 0;
        this.reader?._incomingAborted();
        return;
    }
    this.reader?._incomingChanged();
  }
}

const PLACEHOLDER: InFlight = { at: 0, kind: DATA, bytes: null };
