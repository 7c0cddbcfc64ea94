/**
 * The body of a scope run with `run(body)`: the generator-function spelling of Python's
 * `async with cm as x: body`. A body is a generator function, called with what `as x` would
 * bind, or a coroutine object created beforehand.
 */
import { type Coroutine, InvalidArgumentError, describeValue, isCoroutine } from '@async/loop';

/** What `run(body)` accepts: a generator function given the scope's value, or a coroutine. */
export type ScopeBody<S, T> = Coroutine<T> | ((scope: S) => Coroutine<T>);

/** Throws unless `body` can be a scope body. */
export function checkScopeBody(body: unknown, what: string): void {
  if (typeof body !== 'function' && !isCoroutine(body)) {
    throw new InvalidArgumentError(
      `${what} needs a generator function or a coroutine, got ${describeValue(body)}`,
    );
  }
}

/** The coroutine of `body`, calling it with `scope` when it is a function. */
export function startScopeBody<S, T>(body: ScopeBody<S, T>, scope: S, what: string): Coroutine<T> {
  if (typeof body !== 'function') return body;
  const coro = body(scope);
  if (!isCoroutine(coro)) {
    throw new InvalidArgumentError(
      `${what}: the body returned ${describeValue(coro)}, not a coroutine; write it as a generator function (function*)`,
    );
  }
  return coro;
}
