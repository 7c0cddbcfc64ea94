/**
 * Turning anything a coroutine may wait for into a core `Future`, like Tornado's
 * `convert_yielded`. Fronts and bridges register converters for their own waitables (a Twisted
 * `Deferred`, a gevent `Greenlet`) so that any driver of any front can wait on them.
 */
import type { EventLoop } from './event-loop.js';
import { Future } from './future.js';
import { isThenable } from './coroutine.js';
import { fromAsync, fromPromise } from './promise-future.js';
import { InvalidArgumentError } from './errors.js';
import { checkCallback, describeValue } from './argument-checks.js';

/**
 * A converter returns a future for `value` on `loop`, or `undefined` if `value` is not of the
 * kind it knows.
 */
export type Converter = (value: unknown, loop: EventLoop) => Future<unknown> | undefined;

/**
 * The key of a waitable's own conversion: a class whose instances a driver may wait on defines
 * `[AS_FUTURE](loop)` returning a `Future` on `loop` with the instance's outcome, and `toFuture`
 * calls it before any registered converter. It is what `registerConverter` does for a type, but
 * found on the value itself rather than by asking each converter in turn. A `Task` reads it
 * before it checks whether it was handed a coroutine: a value with `[AS_FUTURE]` is converted
 * even if it also has a generator's methods.
 */
export const AS_FUTURE: unique symbol = Symbol('AS_FUTURE');

/** A value that converts itself to a `Future` (see `AS_FUTURE`). */
export interface FutureConvertible<T = unknown> {
  /** A future on `loop` with this value's outcome. */
  [AS_FUTURE](loop: EventLoop): Future<T>;
}

const converters: Converter[] = [];

/**
 * Registers a converter, consulted before the built-in rules for promises and functions.
 * Returns a function that unregisters it.
 */
export function registerConverter(converter: Converter): () => void {
  checkCallback(converter, 'registerConverter(converter)');
  converters.push(converter);
  return () => {
    const i = converters.indexOf(converter);
    if (i >= 0) converters.splice(i, 1);
  };
}

/**
 * A `Future` for `value`: a `Future` is returned as it is; a value with an `AS_FUTURE` method
 * converts itself; a registered converter's result is used when one matches; a promise or
 * thenable is wrapped (`fromPromise`); a function is called with an `AbortSignal` and its promise
 * wrapped (`fromAsync`). Coroutines are not handled here: they need a driver (see `ensureFuture`).
 * @throws InvalidArgumentError for anything else, or for an `AS_FUTURE` that returns no `Future`.
 */
export function toFuture(value: unknown, loop: EventLoop): Future<unknown> {
  if (value instanceof Future) return value;
  // Before the converters: a waitable that knows its own future is found with one property load,
  // where the converter list costs a call to each front registered before the right one.
  return ownFuture(value, loop) ?? convertForeign(value, loop);
}

/**
 * @internal The future of a value that converts itself (`AS_FUTURE`), or `undefined` for any
 * other value. A `Task` asks this before it checks for a coroutine: the waitables of other fronts
 * (a Deferred, a greenlet) are what a task yields most after futures.
 * @throws InvalidArgumentError for an `AS_FUTURE` that returns no `Future`.
 */
export function ownFuture(value: unknown, loop: EventLoop): Future<unknown> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const own = (value as Partial<FutureConvertible>)[AS_FUTURE];
  if (own === undefined) return undefined;
  const future: unknown = typeof own === 'function' ? own.call(value, loop) : undefined;
  if (future instanceof Future) return future;
  throw brokenOwnFuture(value, own, future);
}

/**
 * @internal What `toFuture` does for a value that is neither a `Future` nor converts itself:
 * registered converters, then promises and async functions.
 */
export function convertForeign(value: unknown, loop: EventLoop): Future<unknown> {
  for (let i = 0; i < converters.length; i++) {
    const converted = converters[i]!(value, loop);
    if (converted !== undefined) return converted;
  }
  if (isThenable(value)) return fromPromise(value, loop);
  if (typeof value === 'function') {
    // Passing the generator function instead of calling it is an easy slip; calling it with a
    // signal would only produce a puzzling "then is not a function".
    if (Object.prototype.toString.call(value) === '[object GeneratorFunction]') {
      throw new InvalidArgumentError(
        `cannot wait on generator function ${value.name || '(anonymous)'}: call it to get a coroutine`,
      );
    }
    return fromAsync(value as () => PromiseLike<unknown>, loop);
  }
  throw new InvalidArgumentError(
    `cannot wait on ${describeValue(value)}: wait on a Future, a coroutine, a promise or an async function, ` +
      'or register a converter for this type with registerConverter()',
  );
}

/** The error for a value whose `AS_FUTURE` is not a method returning a `Future`. */
function brokenOwnFuture(value: object, own: unknown, future: unknown): InvalidArgumentError {
  const what =
    typeof own !== 'function'
      ? `its [AS_FUTURE] is ${describeValue(own)}, not a method`
      : `its [AS_FUTURE](loop) returned ${describeValue(future)}, not a Future`;
  return new InvalidArgumentError(`cannot wait on ${describeValue(value)}: ${what}; it must return a Future on the loop`);
}
