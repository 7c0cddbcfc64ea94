/**
 * gevent's `Timeout`: an error that, once started, is raised in the greenlet that started it at
 * the point where that greenlet blocks when the time is up. `withTimeout` runs a function under
 * one and can turn its expiry into a value; `Timeout.scope` is the twin of `with Timeout(...)`.
 */
import { type Coroutine, InvalidArgumentError, InvalidStateError, type TimerHandle, describeValue } from '@async/loop';
import type { Greenlet as RawGreenlet } from '@async/greenlet';
import { type Hub, currentHub, getcurrent } from './hub.js';
import { Op } from './operation.js';
import { type BlockingResult, callBlocking, checkFunction } from './greenlet-body.js';

/**
 * What a `Timeout` raises: `null` for the timeout itself, `false` for the timeout itself but
 * suppressed by `Timeout.scope` (gevent's `Timeout(s, False)`), an `Error` class to instantiate,
 * or an `Error` instance.
 */
export type TimeoutException = null | false | Error | (new () => Error);

/**
 * A timeout for the greenlet that starts it. `seconds` of `null` never expires.
 *
 * ```ts no-run
 * const t = Timeout.startNew(0.5);
 * try {
 *   yield* sleep(1);
 * } catch (e) {
 *   if (e !== t) throw e; // someone else's timeout
 * } finally {
 *   t.cancel();
 * }
 * ```
 */
export class Timeout extends Error {
  override name = 'Timeout';
  /** The delay in seconds, or `null` for none. */
  readonly seconds: number | null;
  /** What is raised on expiry (see `TimeoutException`). */
  readonly exception: TimeoutException;
  private _timer: TimerHandle | null = null;

  /**
   * @throws InvalidArgumentError if `seconds` is negative or not a number, or `exception` is
   *   not one of the accepted forms.
   */
  constructor(seconds: number | null = null, exception: TimeoutException = null) {
    if (seconds !== null && (typeof seconds !== 'number' || !(seconds >= 0))) {
      throw new InvalidArgumentError(
        `a Timeout takes a non-negative number of seconds or null, got ${describeValue(seconds)}`,
      );
    }
    if (
      exception !== null &&
      exception !== false &&
      !(exception instanceof Error) &&
      !(typeof exception === 'function' && (exception === Error || exception.prototype instanceof Error))
    ) {
      throw new InvalidArgumentError(
        `a Timeout's exception must be null, false, an Error or an Error class, got ${describeValue(exception)}`,
      );
    }
    super(
      seconds === null
        ? ''
        : `${seconds} second${seconds === 1 ? '' : 's'}${exception === false ? ' (silent)' : ''}`,
    );
    this.seconds = seconds;
    this.exception = exception;
  }

  /**
   * A started timeout: `timeout` itself when it is a `Timeout` (started unless pending), else
   * `new Timeout(timeout, exception)` started.
   */
  static startNew(timeout: number | null | Timeout = null, exception: TimeoutException = null): Timeout {
    if (timeout instanceof Timeout) {
      if (!timeout.pending) timeout.start();
      return timeout;
    }
    return new Timeout(timeout, exception).start();
  }

  /**
   * Runs `body` under a timeout, the twin of `with Timeout(seconds, exception):`. The timeout is
   * cancelled when the body ends; if it expires and `exception` is `false`, the body is
   * abandoned and the scope evaluates to `undefined`.
   */
  static scope<T>(
    timeout: number | null | Timeout,
    body: () => Coroutine<T>,
    exception: TimeoutException = null,
  ): Op<T | undefined> {
    checkFunction(body, 'the body of Timeout.scope()');
    return Op.composite(currentHub(), function* () {
      const t = timeout instanceof Timeout ? timeout : new Timeout(timeout, exception);
      t.start();
      try {
        return yield* body();
      } catch (error) {
        if (error === t && t.exception === false) return undefined;
        throw error;
      } finally {
        t.cancel();
      }
    });
  }

  /** True while started and neither expired nor cancelled. */
  get pending(): boolean {
    return this._timer !== null;
  }

  /**
   * Starts the timer for the current greenlet; returns this timeout.
   * @throws InvalidStateError if already pending, or if called outside a greenlet.
   */
  start(): this {
    if (this._timer !== null) {
      throw new InvalidStateError(`${this.message}: this Timeout is already started; to restart it, cancel it first`);
    }
    if (this.seconds === null) return this;
    const greenlet = getcurrent();
    if (greenlet.isMain) {
      throw new InvalidStateError(
        'Timeout.start() outside a greenlet: a Timeout is raised where a greenlet blocks; ' +
          'start it inside one, or wrap the code in withTimeout()/Timeout.scope() and await that',
      );
    }
    const hub = currentHub();
    this._timer = hub.loop.callLater(this.seconds, () => this._expire(hub, greenlet));
    return this;
  }

  /** Stops the timer if it is pending; harmless otherwise. */
  cancel(): void {
    this._timer?.cancel();
    this._timer = null;
  }

  /** Same as `cancel()`. */
  close(): void {
    this.cancel();
  }

  private _expire(hub: Hub, greenlet: RawGreenlet): void {
    this._timer = null;
    const ex = this.exception;
    const error = ex === null || ex === false ? this : ex instanceof Error ? ex : new ex();
    hub._interrupt(greenlet, error);
  }
}

/** The options object that may end `withTimeout`'s arguments. */
export interface WithTimeoutOptions<V> {
  /** Returned instead of raising when the timeout expires. */
  timeoutValue: V;
}

/**
 * Calls `fn(...args)` in the current greenlet under a timeout of `seconds`, as gevent's
 * `with_timeout`. If the timeout expires, the `Timeout` is raised, unless the arguments end with
 * `{ timeoutValue }`: then that value is returned instead. A final plain object whose only key
 * is `timeoutValue` is always taken as these options.
 */
export function withTimeout<A extends unknown[], R>(
  seconds: number,
  fn: (...args: A) => R,
  ...args: A
): Op<BlockingResult<R>>;
export function withTimeout<A extends unknown[], R, V>(
  seconds: number,
  fn: (...args: A) => R,
  ...args: [...A, WithTimeoutOptions<V>]
): Op<BlockingResult<R> | V>;
export function withTimeout(
  seconds: number,
  fn: (...args: never[]) => unknown,
  ...args: unknown[]
): Op<unknown> {
  checkFunction(fn, 'the function of withTimeout()');
  let hasValue = false;
  let timeoutValue: unknown;
  const last = args[args.length - 1];
  if (isOptions(last)) {
    hasValue = true;
    timeoutValue = last.timeoutValue;
    args = args.slice(0, -1);
  }
  const timeout = new Timeout(seconds);
  return Op.composite(currentHub(), function* () {
    timeout.start();
    try {
      return yield* callBlocking(fn, undefined, args);
    } catch (error) {
      if (error === timeout && hasValue) return timeoutValue;
      throw error;
    } finally {
      timeout.cancel();
    }
  });
}

function isOptions(value: unknown): value is WithTimeoutOptions<unknown> {
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === 'timeoutValue';
}
