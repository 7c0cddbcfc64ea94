/**
 * `timeout(delay)` and `timeoutAt(when)`: Python's `asyncio.timeout` scopes. When the deadline
 * passes, the scope cancels its task, so a `CancelledError` is thrown in wherever the task waits;
 * when that error reaches the end of the scope, the scope turns it into a `TimeoutError`, unless
 * the task was also cancelled by someone else meanwhile (it then stays a cancellation). The
 * task's `cancelling()` count tells the two apart, exactly as in Python 3.12+.
 *
 * Python's `async with` hands the exception to `__aexit__`, which may replace it. JavaScript's
 * `using` cannot: a dispose method never sees the error leaving the block. So there are two
 * spellings, and only the first is exact:
 *
 * - `yield* timeout(5).run(function* (t) { ... })` sees the error, as `__aexit__` does, and
 *   raises `TimeoutError` (with the `CancelledError` as its `cause`) or lets it through.
 * - `using t = timeout(5).enter();` is exact while the deadline does not pass. When it does pass,
 *   the dispose method throws a `TimeoutError` without knowing what is leaving the block, so the
 *   block ends with a `SuppressedError` whose `error` is the `TimeoutError` and whose `suppressed`
 *   is the `CancelledError` (or a bare `TimeoutError` if the block swallowed the cancellation).
 *   Either way the task is not left cancelled and the failure carries the `TimeoutError`.
 */
import {
  type EventLoop,
  type Handle,
  type Task,
  CancelledError,
  InvalidArgumentError,
  InvalidStateError,
  TimeoutError,
  currentTask,
  describeValue,
  getRunningLoop,
} from '@async/loop';
import { type AwaitableCoroutine, awaitable } from './awaitable-coroutine.js';
import { type ScopeBody, checkScopeBody, startScopeBody } from './scope-body.js';
import { checkTimeout } from './timeout-argument.js';

type State = 'created' | 'active' | 'expiring' | 'expired' | 'finished';

/** A deadline scope; create it with `timeout()` or `timeoutAt()`. */
export class Timeout implements Disposable {
  private _state: State = 'created';
  private _when: number | null;
  private _handle: Handle | null = null;
  private _task: Task<unknown> | null = null;
  private _loop: EventLoop | null = null;
  private _cancelling = 0;
  private readonly _onTimeout = (): void => {
    this._task!.cancel();
    this._state = 'expiring';
    this._handle = null;
  };

  /**
   * A scope that expires at loop time `when` (seconds, as `loop.time()`), or never for `null`.
   * @throws InvalidArgumentError if `when` is not a number or `null`.
   */
  constructor(when: number | null) {
    this._when = checkWhen(when, 'Timeout(when)');
  }

  /** The deadline in loop time, or `null` for none. */
  when(): number | null {
    return this._when;
  }

  /**
   * Moves the deadline to loop time `when` (`null`: no deadline). A deadline already past
   * expires the scope on the next loop iteration.
   * @throws InvalidStateError unless the scope is active (entered, not expired or exited).
   */
  reschedule(when: number | null): void {
    if (this._state === 'created') {
      throw new InvalidStateError('reschedule() on a Timeout that has not been entered: enter it with run() or enter() first');
    }
    if (this._state !== 'active') {
      throw new InvalidStateError(`reschedule() on a Timeout that is ${this._state}: only an active timeout can move`);
    }
    this._when = checkWhen(when, 'reschedule(when)');
    this._handle?.cancel();
    this._handle = null;
    if (this._when === null || this._when === Infinity) return;
    const loop = this._loop!;
    this._handle =
      this._when <= loop.time() ? loop.callSoon(this._onTimeout) : loop.callAt(this._when, this._onTimeout);
  }

  /** True once the deadline has passed inside the scope. */
  expired(): boolean {
    return this._state === 'expiring' || this._state === 'expired';
  }

  /**
   * Enters the scope in the current task and arms the deadline (Python's `__aenter__`, which
   * never waits, so this is synchronous). For `using t = timeout(5).enter();`.
   * @throws InvalidStateError if already entered, or when called outside a task.
   */
  enter(): this {
    if (this._state !== 'created') throw new InvalidStateError('this Timeout has already been entered: create a new one');
    const loop = getRunningLoop();
    const task = currentTask(loop);
    if (task === null) throw new InvalidStateError('a Timeout must be entered inside a task: run it from a coroutine');
    this._state = 'active';
    this._loop = loop;
    this._task = task;
    this._cancelling = task.cancelling();
    this.reschedule(this._when);
    return this;
  }

  /**
   * Runs `body` inside the scope and evaluates to its result: the exact form of
   * `async with timeout(...) as t:`. `body` is a generator function (given this `Timeout`) or
   * a coroutine. Throws `TimeoutError` if the deadline cut the body short.
   * @throws InvalidArgumentError if `body` is neither a generator function nor a coroutine.
   */
  run<T>(body: ScopeBody<Timeout, T>): AwaitableCoroutine<T> {
    checkScopeBody(body, 'Timeout.run(body)');
    return awaitable(this._run(body));
  }

  private *_run<T>(body: ScopeBody<Timeout, T>): Generator<unknown, T, any> {
    this.enter();
    let result: T;
    try {
      result = yield* startScopeBody(body, this, 'Timeout.run(body)');
    } catch (error) {
      if (this._exit() && error instanceof CancelledError) throw new TimeoutError(undefined, { cause: error });
      throw error;
    }
    this._exit();
    return result;
  }

  /**
   * Leaves the scope (the end of a `using` block). If the deadline passed and no one else
   * cancelled the task meanwhile, throws `TimeoutError`; see the module notes on `using`.
   * @throws InvalidStateError if the scope was never entered.
   */
  [Symbol.dispose](): void {
    if (this._state === 'created') {
      throw new InvalidStateError('a Timeout was disposed without being entered: write `using t = timeout(s).enter()`');
    }
    if (this._state !== 'active' && this._state !== 'expiring') return;
    if (this._exit()) {
      throw new TimeoutError(
        'the timeout expired; with `using`, JavaScript reports this error together with the ' +
          'CancelledError that interrupted the block (a SuppressedError): use timeout().run() for a plain TimeoutError',
      );
    }
  }

  /** Python's `__aexit__` without the exception: true when the expiry is this scope's to report. */
  private _exit(): boolean {
    this._handle?.cancel();
    this._handle = null;
    if (this._state === 'expiring') {
      this._state = 'expired';
      return this._task!.uncancel() <= this._cancelling;
    }
    this._state = 'finished';
    return false;
  }

  toString(): string {
    const when = this._state === 'active' && this._when !== null ? ` when=${Math.round(this._when * 1000) / 1000}` : '';
    return `<Timeout [${this._state}]${when}>`;
  }
}

/**
 * A scope that expires `delay` seconds from now (`null`: never). Enter it with
 * `yield* timeout(5).run(body)` or `using t = timeout(5).enter()`.
 * @throws LoopStateError when no loop is running; InvalidArgumentError for a bad `delay`.
 */
export function timeout(delay: number | null): Timeout {
  const loop = getRunningLoop();
  const seconds = checkTimeout(delay, 'timeout(delay)');
  return new Timeout(seconds === null ? null : loop.time() + seconds);
}

/**
 * A scope that expires at loop time `when` (seconds, as `loop.time()`; `null`: never).
 * @throws InvalidArgumentError for a bad `when`.
 */
export function timeoutAt(when: number | null): Timeout {
  return new Timeout(when);
}

function checkWhen(when: unknown, what: string): number | null {
  if (when === null) return null;
  if (typeof when !== 'number' || Number.isNaN(when)) {
    throw new InvalidArgumentError(`${what} must be a loop time in seconds or null, got ${describeValue(when)}`);
  }
  return when;
}
