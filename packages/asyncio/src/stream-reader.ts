/**
 * `StreamReader`: Python's `asyncio.StreamReader`, the reading half of a stream. A protocol
 * (`StreamReaderProtocol`) feeds it the bytes of a connection with `feedData()`, the end with
 * `feedEof()` or a failure with `setException()`; coroutines take bytes out with `read()`,
 * `readline()`, `readexactly()` and `readuntil()`, waiting when there are not enough.
 *
 * Flow control on the read side follows CPython: once more than twice the limit is buffered the
 * transport's reading is paused, and it resumes when a read brings the buffer back under the
 * limit (or when a read has to wait for data).
 */
import {
  type Coroutine,
  type EventLoop,
  type Future,
  type Transport,
  InvalidArgumentError,
  InvalidStateError,
  describeValue,
  getEventLoop,
} from '@async/loop';
import { type AwaitableCoroutine, awaitable, makeAwaitable } from './awaitable-coroutine.js';
import { IncompleteReadError, LimitOverrunError } from './exceptions.js';

/** asyncio's default buffer limit for streams: 64 KiB. */
export const DEFAULT_STREAM_LIMIT = 64 * 1024;

const EMPTY = Buffer.alloc(0);
const NEWLINE = Buffer.from('\n');

/** Checks a stream `limit` option: a positive integer. */
export function checkStreamLimit(limit: unknown, where: string): number {
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit <= 0) {
    throw new InvalidArgumentError(`${where}: limit must be a positive integer (bytes), got ${describeValue(limit)}`);
  }
  return limit;
}

function toSeparator(separator: Uint8Array | string): Buffer {
  if (typeof separator === 'string') return Buffer.from(separator);
  if (separator instanceof Uint8Array) return Buffer.from(separator.buffer, separator.byteOffset, separator.byteLength);
  throw new InvalidArgumentError(`readuntil(separator) needs bytes or a string, got ${describeValue(separator)}`);
}

/** Buffered bytes read from a connection, with coroutines to wait for more. */
export class StreamReader {
  private readonly _limit: number;
  private readonly _loop: EventLoop;
  /* The buffered bytes as a list of chunks, joined only when a read needs them contiguous, so
   * that many small chunks read with one large readexactly() cost linear time, not quadratic. */
  private _chunks: Buffer[] = [];
  private _size = 0;
  private _eof = false;
  private _waiter: Future<void> | null = null;
  private _exception: unknown = null;
  private _transport: Transport | null = null;
  private _paused = false;

  /**
   * A reader with a buffer limit of `limit` bytes (default 64 KiB) on `loop` (default: the
   * current loop).
   * @throws InvalidArgumentError if `limit` is not a positive integer.
   */
  constructor(options: { limit?: number; loop?: EventLoop } = {}) {
    this._limit = checkStreamLimit(options.limit ?? DEFAULT_STREAM_LIMIT, 'StreamReader');
    this._loop = options.loop ?? getEventLoop();
  }

  /** The buffer limit in bytes. */
  get limit(): number {
    return this._limit;
  }

  /** The error set with `setException()`, or `null`. */
  exception(): unknown {
    return this._exception;
  }

  /** Makes every pending and future read fail with `error` (the connection failed). */
  setException(error: unknown): void {
    this._exception = error;
    const waiter = this._waiter;
    if (waiter !== null) {
      this._waiter = null;
      if (!waiter.cancelled()) waiter.setException(error);
    }
  }

  /**
   * Tells the reader which transport feeds it, so it can pause and resume reading.
   * @throws InvalidStateError if a transport is already set.
   */
  setTransport(transport: Transport): void {
    if (this._transport !== null) throw new InvalidStateError('StreamReader.setTransport(): the transport is already set');
    this._transport = transport;
  }

  /**
   * @internal `StreamWriter.startTls()` replaced the transport by a TLS one: flow control goes to
   * it from now on (paused too if the buffer is still over the limit).
   */
  _replaceTransport(transport: Transport): void {
    this._transport = transport;
    if (this._paused) transport.pauseReading();
  }

  /** The peer closed its side: reads return what is buffered, then end. */
  feedEof(): void {
    this._eof = true;
    this._wakeUpWaiter();
  }

  /** True once the buffer is empty and `feedEof()` was called. */
  atEof(): boolean {
    return this._eof && this._size === 0;
  }

  /**
   * Adds bytes to the buffer and wakes a waiting read.
   * @throws InvalidStateError after `feedEof()`; InvalidArgumentError if `data` is not bytes.
   */
  feedData(data: Uint8Array): void {
    if (this._eof) throw new InvalidStateError('StreamReader.feedData() after feedEof(): the stream has ended');
    if (!(data instanceof Uint8Array)) {
      throw new InvalidArgumentError(`StreamReader.feedData() needs bytes (a Uint8Array), got ${describeValue(data)}`);
    }
    if (data.length === 0) return;
    // Kept as it is: most reads take a whole chunk, and then nothing is copied.
    this._chunks.push(Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    this._size += data.length;
    this._wakeUpWaiter();
    if (this._transport !== null && !this._paused && this._size > 2 * this._limit) {
      this._transport.pauseReading();
      this._paused = true;
    }
  }

  /**
   * Reads up to `n` bytes: at least one unless the stream has ended (then an empty buffer). With
   * `n` negative (the default), reads until the end of the stream. `read(0)` returns at once.
   * Not bounded by the limit.
   */
  read(n = -1): AwaitableCoroutine<Buffer> {
    if (typeof n !== 'number' || !Number.isInteger(n)) {
      throw new InvalidArgumentError(`read(n) needs an integer, got ${describeValue(n)}`);
    }
    // Thenable already (made so below the class).
    return this._read(n) as AwaitableCoroutine<Buffer>;
  }

  /**
   * Reads one line, ending with `\n`. At the end of the stream, returns the partial last line (or
   * an empty buffer). A line longer than the limit raises `LimitOverrunError`; the line is then
   * dropped from the buffer (up to and including its `\n` if it arrived, else the whole buffer).
   */
  readline(): AwaitableCoroutine<Buffer> {
    return awaitable(this._readline());
  }

  /**
   * Reads exactly `n` bytes; at the end of the stream raises `IncompleteReadError` with the bytes
   * that were read in `partial`. Not bounded by the limit.
   * @throws InvalidArgumentError if `n` is not a non-negative integer.
   */
  readexactly(n: number): AwaitableCoroutine<Buffer> {
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
      throw new InvalidArgumentError(`readexactly(n) needs a non-negative integer, got ${describeValue(n)}`);
    }
    return awaitable(this._readexactly(n));
  }

  /**
   * Reads up to and including `separator` (default `\n`). At the end of the stream without the
   * separator, raises `IncompleteReadError` (the buffer is emptied into its `partial`). When the
   * separator is not found within the limit, raises `LimitOverrunError` and leaves the data in the
   * buffer.
   * @throws InvalidArgumentError if `separator` is empty or not bytes or a string.
   */
  readuntil(separator: Uint8Array | string = NEWLINE): AwaitableCoroutine<Buffer> {
    const sep = toSeparator(separator);
    if (sep.length === 0) throw new InvalidArgumentError('readuntil(separator): the separator must be at least one byte');
    return awaitable(this._readuntil(sep));
  }

  /** A short description for debugging. */
  toString(): string {
    const info = ['StreamReader'];
    if (this._size > 0) info.push(`${this._size} bytes`);
    if (this._eof) info.push('eof');
    if (this._limit !== DEFAULT_STREAM_LIMIT) info.push(`limit=${this._limit}`);
    if (this._waiter !== null) info.push('waiting');
    if (this._exception !== null) info.push(`exception=${String(this._exception)}`);
    if (this._paused) info.push('paused');
    return `<${info.join(' ')}>`;
  }

  private _wakeUpWaiter(): void {
    const waiter = this._waiter;
    if (waiter !== null) {
      this._waiter = null;
      if (!waiter.cancelled()) waiter.setResult(undefined);
    }
  }

  private _maybeResumeTransport(): void {
    if (this._paused && this._size <= this._limit) {
      this._paused = false;
      this._transport!.resumeReading();
    }
  }

  /** The whole buffer as one chunk. */
  private _joined(): Buffer {
    const chunks = this._chunks;
    if (chunks.length === 0) return EMPTY;
    if (chunks.length > 1) {
      const joined = Buffer.concat(chunks, this._size);
      chunks.length = 0;
      chunks.push(joined);
    }
    return chunks[0]!;
  }

  /** Takes all the buffered bytes. */
  private _takeAll(): Buffer {
    const data = this._joined();
    // At most one chunk is left once joined.
    this._chunks.pop();
    this._size = 0;
    return data;
  }

  /** Takes the first `n` bytes (or all there are, if fewer) out of the buffer. */
  private _take(n: number): Buffer {
    if (n >= this._size) return this._takeAll();
    let first = this._chunks[0]!;
    if (first.length < n) {
      // Join only the chunks the read needs.
      let count = 0;
      let length = 0;
      while (length < n) length += this._chunks[count++]!.length;
      first = Buffer.concat(this._chunks.splice(0, count, EMPTY), length);
      this._chunks[0] = first;
    }
    this._size -= n;
    if (first.length === n) {
      this._chunks.shift();
      return first;
    }
    // A copy, so the bytes returned do not keep the rest of a large chunk alive.
    const data = Buffer.from(first.subarray(0, n));
    this._chunks[0] = first.subarray(n);
    return data;
  }

  /** Drops the first `n` bytes. */
  private _discard(n: number): void {
    if (n >= this._size) this._takeAll();
    else this._take(n);
  }

  /**
   * The future a read waits on until data (or the end) arrives; asyncio's `_wait_for_data()`,
   * split so that a read waits on it with `yield` and a `result()` check in its own frame, rather
   * than through two more generators on every wait:
   *
   *   const waiter = this._newWaiter('read');
   *   try { yield waiter; waiter.result(); } finally { this._dropWaiter(waiter); }
   */
  private _newWaiter(funcName: string): Future<void> {
    if (this._waiter !== null) {
      throw new InvalidStateError(
        `${funcName}() called while another coroutine is already waiting for incoming data: ` +
          'read a stream from one task at a time',
      );
    }
    if (this._eof) throw new InvalidStateError(`${funcName}(): waiting for data after the end of the stream`);
    if (this._paused) {
      this._paused = false;
      this._transport!.resumeReading();
    }
    const waiter = this._loop.createFuture<void>();
    this._waiter = waiter;
    return waiter;
  }

  /** A read stopped waiting on `waiter` (woken, failed or cancelled). */
  private _dropWaiter(waiter: Future<void>): void {
    if (this._waiter === waiter) this._waiter = null;
  }

  private *_read(n: number): Coroutine<Buffer> {
    if (this._exception !== null) throw this._exception;
    if (n === 0) return EMPTY;
    if (n < 0) {
      const blocks: Buffer[] = [];
      for (;;) {
        const block = yield* this._read(this._limit);
        if (block.length === 0) break;
        blocks.push(block);
      }
      return blocks.length === 1 ? blocks[0]! : Buffer.concat(blocks);
    }
    if (this._size === 0 && !this._eof) {
      const waiter = this._newWaiter('read');
      try {
        yield waiter;
        // What `yield* waiter` checks: a driver resumed us with the waiter done (and not failed).
        waiter.result();
      } finally {
        this._dropWaiter(waiter);
      }
    }
    const data = this._take(n);
    this._maybeResumeTransport();
    return data;
  }

  private *_readline(): Coroutine<Buffer> {
    try {
      return yield* this._readuntil(NEWLINE);
    } catch (error) {
      if (error instanceof IncompleteReadError) return error.partial;
      if (error instanceof LimitOverrunError) {
        if (this._joined()[error.consumed] === NEWLINE[0]) this._discard(error.consumed + 1);
        else this._takeAll();
        this._maybeResumeTransport();
      }
      throw error;
    }
  }

  private *_readexactly(n: number): Coroutine<Buffer> {
    if (this._exception !== null) throw this._exception;
    if (n === 0) return EMPTY;
    while (this._size < n) {
      if (this._eof) {
        throw new IncompleteReadError(this._takeAll(), n);
      }
      const waiter = this._newWaiter('readexactly');
      try {
        yield waiter;
        waiter.result();
      } finally {
        this._dropWaiter(waiter);
      }
    }
    const data = this._take(n);
    this._maybeResumeTransport();
    return data;
  }

  private *_readuntil(separator: Buffer): Coroutine<Buffer> {
    if (this._exception !== null) throw this._exception;
    const seplen = separator.length;
    let offset = 0;
    let isep: number;
    for (;;) {
      const buflen = this._size;
      if (buflen - offset >= seplen) {
        isep = this._joined().indexOf(separator, offset);
        if (isep !== -1) break;
        offset = buflen + 1 - seplen;
        if (offset > this._limit) {
          throw new LimitOverrunError(
            `separator not found within the limit of ${this._limit} bytes: read the data with read(), or raise the limit`,
            offset,
          );
        }
      }
      if (this._eof) {
        throw new IncompleteReadError(this._takeAll(), null);
      }
      const waiter = this._newWaiter('readuntil');
      try {
        yield waiter;
        waiter.result();
      } finally {
        this._dropWaiter(waiter);
      }
    }
    if (isep > this._limit) {
      throw new LimitOverrunError(
        `separator found, but the chunk is longer than the limit of ${this._limit} bytes: raise the limit`,
        isep,
      );
    }
    const chunk = this._take(isep + seplen);
    this._maybeResumeTransport();
    return chunk;
  }
}

// `read()` is on the hot path of every stream: its coroutines are made thenable here, once.
makeAwaitable(StreamReader.prototype['_read']);
