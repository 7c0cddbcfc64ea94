/**
 * `FlowControlProtocol`: Python's `asyncio.streams.FlowControlMixin`, the write-side flow control
 * behind `StreamWriter.drain()`. The transport calls `pauseWriting()` from inside the `write()`
 * that takes its buffer over the high-water mark, and `resumeWriting()` once it has drained; in
 * between, `drain()` waits here. A lost connection wakes every waiter, with its error if it had one.
 */
import { type Coroutine, type EventLoop, type Future, type Protocol, ConnectionResetError } from '@async/loop';

/** A protocol base that lets writers wait while the transport's write buffer is over its limit. */
export class FlowControlProtocol implements Protocol {
  /** The loop the protocol's futures are created on. */
  protected readonly _loop: EventLoop;
  private _writingPaused = false;
  private _connectionLost = false;
  /** Made by the first `drain()` that has to wait: most connections never fill their buffer. */
  private _drainWaiters: Set<Future<void>> | null = null;

  /** A protocol whose drain waiters live on `loop`. */
  constructor(loop: EventLoop) {
    this._loop = loop;
  }

  /** The transport's buffer is over its high-water mark: `drain()` now waits. */
  pauseWriting(): void {
    this._writingPaused = true;
  }

  /** The buffer drained under its low-water mark: every waiting `drain()` completes. */
  resumeWriting(): void {
    this._writingPaused = false;
    if (this._drainWaiters === null) return;
    for (const waiter of this._drainWaiters) if (!waiter.done()) waiter.setResult(undefined);
  }

  /** The connection is gone: waiting `drain()` calls complete, or fail with `error`. */
  connectionLost(error: Error | null): void {
    this._connectionLost = true;
    if (!this._writingPaused || this._drainWaiters === null) return;
    for (const waiter of this._drainWaiters) {
      if (waiter.done()) continue;
      if (error === null) waiter.setResult(undefined);
      else waiter.setException(error);
    }
  }

  /**
   * @internal The checks `_drainHelper()` starts with, for `drain()` to make without a generator:
   * true while writing is paused.
   * @throws ConnectionResetError once the connection is lost.
   */
  _drainMustWait(): boolean {
    if (this._connectionLost) throw new ConnectionResetError('connection lost: nothing more can be written');
    return this._writingPaused;
  }

  /**
   * @internal What `StreamWriter.drain()` waits on: nothing while writing is not paused, the
   * next `resumeWriting()` otherwise.
   */
  *_drainHelper(): Coroutine<void> {
    if (!this._drainMustWait()) return;
    const waiter = this._loop.createFuture<void>();
    const waiters = (this._drainWaiters ??= new Set());
    waiters.add(waiter);
    try {
      yield* waiter;
    } finally {
      waiters.delete(waiter);
    }
  }
}
