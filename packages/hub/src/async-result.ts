/**
 * gevent's `AsyncResult`: a one-time result (value or error) that greenlets wait for, the
 * hub's twin of a future. It is iterable and thenable: `yield* r` and `await r` are `r.get()`.
 */
import { InvalidArgumentError, registerConverter } from '@async/loop';
import { type Hub, currentHub } from './hub.js';
import { Op } from './operation.js';
import type { Linkable, RawLink } from './linkable.js';
import { LinkNotifier } from './link-notifier.js';
import { type GetOptions, checkSeconds } from './greenlet.js';
import { Timeout } from './timeout.js';

/** A value or error delivered later to the greenlets that wait for it. */
export class AsyncResult<T = unknown> implements Linkable, PromiseLike<T> {
  /** The hub the result belongs to. */
  readonly hub: Hub;
  private _outcome: { ok: true; value: T } | { ok: false; error: unknown } | null = null;
  private readonly _links: LinkNotifier<this>;

  constructor() {
    this.hub = currentHub();
    this._links = new LinkNotifier(this.hub, this, () => this._outcome !== null);
  }

  /** True once `set` or `setException` was called. */
  ready(): boolean {
    return this._outcome !== null;
  }

  /** True if ready with a value. */
  successful(): boolean {
    return this._outcome !== null && this._outcome.ok;
  }

  /** The value, or `undefined` if not set (or set to an error). */
  get value(): T | undefined {
    return this._outcome?.ok ? this._outcome.value : undefined;
  }

  /** The error, or `undefined`. */
  get exception(): unknown {
    return this._outcome !== null && !this._outcome.ok ? this._outcome.error : undefined;
  }

  /** Stores `value` and wakes the waiters. A later `set` replaces it, as in gevent. */
  set(value: T): void {
    this._outcome = { ok: true, value };
    this._links.schedule();
  }

  /**
   * Stores `error` (raised by `get()`) and wakes the waiters.
   * @throws InvalidArgumentError if `error` is not an `Error`.
   */
  setException(error: Error): void {
    if (!(error instanceof Error)) {
      throw new InvalidArgumentError(`setException() takes an Error, got ${String(error)}`);
    }
    this._outcome = { ok: false, error };
    this._links.schedule();
  }

  /**
   * The value, waiting for it if need be; the stored error is raised instead.
   * @throws Timeout if not ready and `block` is false, or after `timeout` seconds.
   */
  get(options: GetOptions = {}): Op<T> {
    const { block = true, timeout = null } = options;
    if (timeout !== null) checkSeconds(timeout, 'AsyncResult.get({ timeout })');
    if (this._outcome !== null) return this._settled();
    if (!block) return Op.settled(this.hub, true, new Timeout());
    return Op.primitive(this.hub, (wake) => {
      const finish = (raise: boolean, value: unknown): void => {
        cleanup();
        wake(raise, value);
      };
      const link = (): void => {
        const o = this._outcome!;
        finish(!o.ok, o.ok ? o.value : o.error);
      };
      this._links.add(link);
      const timer = timeout === null ? null : this.hub.loop.callLater(timeout, () => finish(true, new Timeout(timeout)));
      const cleanup = (): void => {
        this._links.remove(link);
        timer?.cancel();
      };
      return cleanup;
    });
  }

  /**
   * The value at once.
   * @throws Timeout if not ready; the stored error if it failed.
   */
  getNowait(): T {
    const o = this._outcome;
    if (o === null) throw new Timeout();
    if (!o.ok) throw o.error;
    return o.value;
  }

  /**
   * Blocks until ready or `timeout` seconds pass; evaluates to the value (`undefined` if not
   * ready or failed). Never raises the stored error.
   */
  wait(timeout: number | null = null): Op<T | undefined> {
    if (timeout !== null) checkSeconds(timeout, 'AsyncResult.wait(timeout)');
    if (this._outcome !== null) return Op.settled(this.hub, false, this.value);
    return Op.primitive(this.hub, (wake) => {
      const finish = (): void => {
        cleanup();
        wake(false, this.value);
      };
      this._links.add(finish);
      const timer = timeout === null ? null : this.hub.loop.callLater(timeout, finish);
      const cleanup = (): void => {
        this._links.remove(finish);
        timer?.cancel();
      };
      return cleanup;
    });
  }

  /** Calls `callback(this)` from the loop each time this becomes ready (soon, if it is). */
  rawlink(callback: RawLink<this>): void {
    this._links.add(callback);
  }

  /** Removes a callback added with `rawlink`. */
  unlink(callback: RawLink<this>): void {
    this._links.remove(callback);
  }

  /** `yield* r` is `yield* r.get()`. */
  *[Symbol.iterator](): Generator<unknown, T, unknown> {
    return yield* this.get();
  }

  /** `await r` is `await r.get()`. */
  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.get().then(onfulfilled, onrejected);
  }

  private _settled(): Op<T> {
    const o = this._outcome!;
    return Op.settled(this.hub, !o.ok, o.ok ? o.value : o.error);
  }
}

// Any driver (an asyncio Task, inlineCallbacks, a Tornado coroutine) can wait on an AsyncResult
// itself, not only on `yield* r`: cancelling the driver's future stops the wait (unlinks it).
registerConverter((value, loop) => (value instanceof AsyncResult ? value.get()._toFuture(loop) : undefined));
