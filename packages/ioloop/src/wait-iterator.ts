/**
 * `WaitIterator`: Tornado's `gen.WaitIterator`, which hands out futures in the order they
 * complete and tells which one it was (`currentIndex`, `currentFuture`). Loop with
 * `while (!it.done()) { const r = yield it.next(); ... }` in a coroutine, or with
 * `for await (const r of it)`.
 */
import { type Future, InvalidArgumentError, InvalidStateError, getEventLoop } from '@async/loop';
import { convertYielded, isMultiYieldable } from './convert-yielded.js';

/** Waits on several futures and yields them as they finish. */
export class WaitIterator<T = unknown> implements AsyncIterable<T> {
  /** The index (or record key) of the future the last `next()` resolved with; `null` before. */
  currentIndex: number | string | null = null;
  /** The future the last `next()` resolved with; `null` before and once done. */
  currentFuture: Future<T> | null = null;
  private readonly _unfinished = new Map<Future<T>, number | string>();
  private readonly _finished: Future<T>[] = [];
  private _running: Future<T> | null = null;

  /**
   * Waits on `futures` (futures, coroutines, promises), or on the values of one record
   * (`new WaitIterator({ a: f1, b: f2 })`, then `currentIndex` is the key).
   */
  constructor(...futures: unknown[]) {
    const loop = getEventLoop();
    let entries: Array<[number | string, unknown]>;
    const first = futures[0];
    if (futures.length === 1 && isMultiYieldable(first) && !Array.isArray(first)) {
      entries = Object.entries(first);
    } else {
      if (futures.some((f) => isMultiYieldable(f))) {
        throw new InvalidArgumentError('WaitIterator takes futures as separate arguments, or a single record of futures, not both');
      }
      entries = futures.map((f, i) => [i, f]);
    }
    for (const [key, value] of entries) {
      const future = convertYielded(value, loop) as Future<T>;
      this._unfinished.set(future, key);
    }
    for (const future of this._unfinished.keys()) future.addDoneCallback((f) => this._doneCallback(f));
  }

  /** True once every future has been handed out. */
  done(): boolean {
    if (this._finished.length > 0 || this._unfinished.size > 0) return false;
    this.currentIndex = null;
    this.currentFuture = null;
    return true;
  }

  /**
   * A future with the result (or error) of the next future to finish.
   * @throws InvalidStateError if every future was handed out already.
   */
  next(): Future<T> {
    if (this._finished.length === 0 && this._unfinished.size === 0) {
      throw new InvalidStateError('WaitIterator.next() after done(): every future was handed out');
    }
    this._running = getEventLoop().createFuture<T>();
    const finished = this._finished.shift();
    if (finished !== undefined) return this._returnResult(finished);
    return this._running;
  }

  /** `for await (const result of it)`: each result in completion order (an error is thrown). */
  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    while (!this.done()) yield await this.next();
  }

  private _doneCallback(done: Future<T>): void {
    if (this._running !== null && !this._running.done()) this._returnResult(done);
    else this._finished.push(done);
  }

  private _returnResult(done: Future<T>): Future<T> {
    const running = this._running!;
    if (!running.done()) {
      if (done.cancelled()) running.cancel();
      else if (done.exception() !== null) running.setException(done.exception());
      else running.setResult(done.result());
    }
    this._running = null;
    this.currentFuture = done;
    this.currentIndex = this._unfinished.get(done) ?? null;
    this._unfinished.delete(done);
    return running;
  }
}
