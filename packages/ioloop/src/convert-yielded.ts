/**
 * `convertYielded`: Tornado's `gen.convert_yielded`, the one place that decides what a Tornado
 * coroutine may wait on. It adds Tornado's own rules (an array or a record of waitables is
 * `multi()`, `moment` and `undefined` are one turn of the loop, a generator object is driven as a
 * coroutine) in front of `@async/loop`'s `toFuture`, so every other front's waitable (a Deferred
 * or a greenlet, which convert themselves through `AS_FUTURE`, an `AsyncResult`, which the hub
 * registers with `registerConverter()`) can be yielded too.
 */
import {
  type EventLoop,
  Future,
  InvalidArgumentError,
  Task,
  currentTask,
  describeValue,
  getEventLoop,
  isCoroutine,
  stepCoroutine,
  toFuture,
  type Coroutine,
} from '@async/loop';
import { multi } from './multi.js';
import { onLoop } from './loop-bridge.js';

/** A value a Tornado coroutine cannot wait on, as Tornado's `gen.BadYieldError`. */
export class BadYieldError extends InvalidArgumentError {
  override name = 'BadYieldError';
}

/**
 * `gen.moment`: yield it (`yield gen.moment`, or `yield* gen.moment`) to let every other ready
 * callback run once before the coroutine goes on.
 */
export const moment: { readonly [Symbol.iterator]: () => Generator<undefined, void, unknown> } = Object.freeze({
  *[Symbol.iterator](): Generator<undefined, void, unknown> {
    yield undefined;
  },
});

/** True for an array or a plain object (a record), which Tornado waits on with `multi()`. */
export function isMultiYieldable(value: unknown): value is readonly unknown[] | Record<string, unknown> {
  if (Array.isArray(value)) return true;
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Wraps a generator so that what it yields goes through Tornado's rules first: arrays and records
 * become `multi()`, `moment` a bare turn, anything unknown a `BadYieldError` thrown back in at
 * the `yield`. Errors and cancellation thrown in by the driver reach the inner generator at its
 * own `yield`.
 * @internal
 */
export function adaptCoroutine<T>(inner: Coroutine<T>, loop: EventLoop): Coroutine<T> {
  // Typed as the generator it stands for; the task only uses next(), throw() and the iterator.
  return new AdaptedCoroutine(inner, loop) as unknown as Coroutine<T>;
}

const NOT_STARTED = 0;
const SUSPENDED = 1;
const RUNNING = 2;
const FINISHED = 3;

/**
 * What `adaptCoroutine` returns: an iterator object rather than a generator function, because
 * every step of a Tornado coroutine passes through it (a stream's every read): a generator would
 * add a second frame to resume and a fresh `{ value, done }` per step, where this hands the
 * inner generator's own step on when it yielded a future of `loop` (the usual case). It behaves
 * as the generator it replaces: `throw()` before the first step, or after the end, throws the
 * error without touching `inner`; `return()` ends it without touching `inner`; re-entering it
 * while it runs is a `TypeError`.
 */
class AdaptedCoroutine<T> {
  private _state = NOT_STARTED;

  constructor(
    private readonly _inner: Coroutine<T>,
    private readonly _loop: EventLoop,
  ) {}

  [Symbol.iterator](): this {
    return this;
  }

  next(value?: unknown): IteratorResult<unknown, T> {
    // A generator ignores what its first next() passes.
    return this._step(false, this._state === NOT_STARTED ? undefined : value);
  }

  throw(error: unknown): IteratorResult<unknown, T> {
    if (this._state === NOT_STARTED || this._state === FINISHED) {
      this._state = FINISHED;
      throw error;
    }
    return this._step(true, error);
  }

  return(value: T): IteratorResult<unknown, T> {
    if (this._state === RUNNING) throw new TypeError('Generator is already running');
    this._state = FINISHED;
    return { value, done: true };
  }

  private _step(throwIt: boolean, value: unknown): IteratorResult<unknown, T> {
    if (this._state === FINISHED) return { value: undefined as T, done: true };
    if (this._state === RUNNING) throw new TypeError('Generator is already running');
    this._state = RUNNING;
    const inner = this._inner;
    const loop = this._loop;
    try {
      for (;;) {
        const step = stepCoroutine(inner, throwIt, value);
        if (step.done) {
          this._state = FINISHED;
          return step;
        }
        const yielded = step.value;
        let waitable: Future<unknown> | undefined;
        if (yielded instanceof Future && yielded.getLoop() === loop) waitable = yielded;
        else if (yielded === undefined || yielded === moment) waitable = undefined;
        else {
          try {
            waitable = convertYielded(yielded, loop);
          } catch (error) {
            throwIt = true;
            value = error;
            continue;
          }
        }
        // As Tornado's Runner does, a future that is done already is not waited on: the
        // coroutine goes on at once with its result (a write the kernel took, bytes already
        // buffered), without a turn of the loop. Not while a cancellation is on its way in: the
        // task delivers it at the wait.
        if (waitable !== undefined && waitable.done() && waitable.getLoop() === loop && noCancelPending(loop)) {
          try {
            value = waitable.result();
            throwIt = false;
          } catch (error) {
            throwIt = true;
            value = error;
          }
          continue;
        }
        this._state = SUSPENDED;
        return waitable === yielded ? step : { value: waitable, done: false };
      }
    } catch (error) {
      // What the inner generator threw ends it, and this with it.
      this._state = FINISHED;
      throw error;
    }
  }
}

/** True unless the task running on `loop` has a cancellation request outstanding. */
function noCancelPending(loop: EventLoop): boolean {
  const task = currentTask(loop);
  return task === null || task.cancelling() === 0;
}

/**
 * A `Future` for anything a Tornado coroutine may yield: a `Future` as it is (or, when it belongs
 * to the same loop seen through an `IOLoop`, a future on `loop` that follows it); `undefined`,
 * `null` or `moment` a future done after one turn of the loop; an array or record of waitables
 * their `multi()`; a generator object a `Task`; everything the core's `toFuture()` accepts
 * (values with `[AS_FUTURE]`, registered converters, promises, async functions).
 * @param loop the loop for new futures; default the current one (`getEventLoop()`).
 * @throws BadYieldError for anything else.
 */
export function convertYielded(value: unknown, loop: EventLoop = getEventLoop()): Future<unknown> {
  if (value instanceof Future) return onLoop(value, loop);
  if (value === undefined || value === null || value === moment) {
    const future = loop.createFuture<unknown>();
    loop.callSoon(() => {
      if (!future.done()) future.setResult(undefined);
    });
    return future;
  }
  if (isCoroutine(value)) return new Task(adaptCoroutine(value, loop), loop);
  if (isMultiYieldable(value)) return multi(value);
  try {
    return toFuture(value, loop);
  } catch (error) {
    if (error instanceof InvalidArgumentError) {
      throw new BadYieldError(`yielded unknown object ${describeValue(value)}: ${error.message}`);
    }
    throw error;
  }
}
