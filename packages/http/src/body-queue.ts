/**
 * `BodyQueue`: a streamed body between the connection that receives it and the code that reads
 * it with `read()`. Pieces wait in the queue until read; past 64 KiB unread it asks its owner to
 * stop reading from the connection (the owner pauses the transport), and once a read empties it,
 * to resume. So a slow reader holds the sender back through TCP instead of buffering without end.
 */
import { InvalidStateError, type EventLoop, type Future } from '@async/loop';

/** Unread bytes above which the owner is asked to pause reading. */
export const BODY_HIGH_WATER = 64 * 1024;

/** Told to pause (true) or resume (false) reading from the connection. */
export type PressureCallback = (pause: boolean) => void;

/** A streamed body's pieces, in order, and its end. */
export class BodyQueue {
  /** Bytes received and not read yet; the most there ever was is `maxBuffered`. */
  buffered = 0;
  /** The most unread bytes this queue held at once (for tests and monitoring). */
  maxBuffered = 0;
  /** @internal The whole body arrived. */
  _complete = false;
  /** @internal What ended it early. */
  _error: Error | null = null;
  private _chunks: Uint8Array[] | null = null;
  private _waiter: Future<Uint8Array | null> | null = null;
  private _pressured = false;

  /** @internal Made by the connection that receives the body, which `_onPressure` pauses and resumes. */
  constructor(
    private readonly _loop: EventLoop,
    private readonly _onPressure: PressureCallback,
    /** Called on each `read()` before anything else (to send `100 Continue`). */
    private readonly _onRead: (() => void) | null = null,
  ) {}

  /** True once the body ended (completely or with an error) and every piece was read. */
  get done(): boolean {
    return this._chunks === null && (this._complete || this._error !== null);
  }

  /**
   * The next piece of the body (what has arrived since the last read, as one array), or `null`
   * at its end. Only one read may wait at a time.
   */
  read(): Future<Uint8Array | null> {
    const future = this._loop.createFuture<Uint8Array | null>();
    if (this._waiter !== null) {
      future.setException(new InvalidStateError('read() is already waiting on this body: wait for it before reading again'));
      return future;
    }
    this._onRead?.();
    if (!this._settle(future)) this._waiter = future;
    return future;
  }

  /** The rest of the body as one array. Fails as `read()`. */
  readAll(): Future<Uint8Array> {
    const out = this._loop.createFuture<Uint8Array>();
    const parts: Uint8Array[] = [];
    const step = (f: Future<Uint8Array | null>): void => {
      if (f.cancelled()) {
        out.cancel();
        return;
      }
      const error = f.exception();
      if (error !== null) {
        out.setException(error);
        return;
      }
      const piece = f.result();
      if (piece === null) {
        out.setResult(parts.length === 1 ? parts[0]! : Buffer.concat(parts));
        return;
      }
      parts.push(piece);
      this.read().addDoneCallback(step);
    };
    this.read().addDoneCallback(step);
    return out;
  }

  /** @internal A piece arrived; the queue keeps it, so it must not change afterwards. */
  _push(data: Uint8Array): void {
    if (this._complete || this._error !== null) return;
    const waiter = this._waiter;
    if (waiter !== null && this._chunks === null) {
      this._waiter = null;
      if (!waiter.done()) {
        waiter.setResult(data);
        return;
      }
    }
    (this._chunks ??= []).push(data);
    this.buffered += data.length;
    if (this.buffered > this.maxBuffered) this.maxBuffered = this.buffered;
    if (this.buffered > BODY_HIGH_WATER && !this._pressured) {
      this._pressured = true;
      this._onPressure(true);
    }
  }

  /** @internal The body ended: normally (`null`) or with `error`. */
  _end(error: Error | null): void {
    if (this._complete || this._error !== null) return;
    if (error === null) this._complete = true;
    else this._error = error;
    const waiter = this._waiter;
    if (waiter !== null) {
      this._waiter = null;
      if (!waiter.done()) this._settle(waiter);
    }
  }

  private _settle(future: Future<Uint8Array | null>): boolean {
    const chunks = this._chunks;
    if (chunks !== null) {
      this._chunks = null;
      this.buffered = 0;
      if (this._pressured) {
        this._pressured = false;
        this._onPressure(false);
      }
      future.setResult(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
      return true;
    }
    if (this._error !== null) {
      future.setException(this._error);
      return true;
    }
    if (this._complete) {
      future.setResult(null);
      return true;
    }
    return false;
  }
}
