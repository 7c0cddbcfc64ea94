/**
 * `coroutine()`: Tornado's `@gen.coroutine` for generator functions. Calling the wrapped function
 * runs the generator's first step at once (before the call returns, as Tornado does) on a core
 * `Task` with `eagerStart`, and returns that task: a `Future` of the generator's return value.
 * What the generator yields goes through `convertYielded`, so arrays and records are `multi()`.
 */
import { type Coroutine, type EventLoop, type Future, Task, getEventLoop, isCoroutine, isThenable } from '@async/loop';
import { checkFunction } from './argument-checks.js';
import { adaptCoroutine } from './convert-yielded.js';

/**
 * Wraps a generator function (or a plain function) as a Tornado coroutine: each call returns a
 * `Future` of its result. An exception thrown before the first `yield` fails the future; it is
 * not thrown to the caller. A plain function's return value (or a returned future) is wrapped
 * the same way.
 * @throws InvalidArgumentError if `fn` is not a function.
 */
export function coroutine<A extends unknown[], T>(
  fn: (this: unknown, ...args: A) => Coroutine<T> | T,
): (...args: A) => Future<T extends PromiseLike<infer R> ? R : T> {
  checkFunction(fn, 'gen.coroutine(fn)');
  const wrapper = function (this: unknown, ...args: A): Future<any> {
    const loop = getEventLoop();
    let value: unknown;
    try {
      value = fn.apply(this, args);
    } catch (error) {
      const failed = loop.createFuture();
      failed.setException(error);
      return failed;
    }
    if (isCoroutine(value)) return new Task(adaptCoroutine(value as Coroutine<T>, loop), loop, { eagerStart: true });
    return resolvedWith(value, loop);
  };
  Object.defineProperty(wrapper, 'name', { value: fn.name });
  return wrapper;
}

function resolvedWith(value: unknown, loop: EventLoop): Future<unknown> {
  if (isThenable(value)) {
    return new Task(
      (function* () {
        return yield value;
      })(),
      loop,
      { eagerStart: true },
    );
  }
  const future = loop.createFuture();
  future.setResult(value);
  return future;
}
