/**
 * The twin of gevent's `monkey` module. gevent patches the blocking standard library so that
 * existing code cooperates; Node has no blocking I/O to patch, and its existing APIs return
 * promises. So this module does the opposite adaptation: it lets a greenlet block on a promise
 * (`waitPromise`) and turns promise-returning functions into greenlet-blocking ones
 * (`cooperative`), with `Timeout` and `kill` aborting the call through an `AbortSignal`.
 */
import { InvalidArgumentError, describeValue, fromAsync, isThenable } from '@async/loop';
import { currentHub } from './hub.js';
import { Op } from './operation.js';
import { checkFunction } from './greenlet-body.js';

/**
 * Blocks the current greenlet until `promise` settles and evaluates to its value (its rejection
 * is raised). Same as `yield promise`, but typed. A kill or Timeout stops the wait, not the
 * promise's work; use `cooperative` for work that takes an `AbortSignal`.
 * @throws InvalidArgumentError if `promise` is not a promise.
 */
export function waitPromise<T>(promise: PromiseLike<T>): Op<T> {
  if (!isThenable(promise)) {
    throw new InvalidArgumentError(`waitPromise() takes a promise, got ${describeValue(promise)}`);
  }
  const hub = currentHub();
  return Op.primitive(hub, (wake) => {
    let live = true;
    promise.then(
      (value) => live && hub.loop.callSoon(wake, false, value),
      (error: unknown) => live && hub.loop.callSoon(wake, true, error),
    );
    return () => {
      live = false;
    };
  });
}

/**
 * Runs `fn(signal)` and blocks the current greenlet until its promise settles. If the greenlet
 * is killed or times out meanwhile, `signal` is aborted, so `fetch`, `setTimeout` from
 * `node:timers/promises`, stream reads and the like stop their work.
 */
export function waitAsync<T>(fn: (signal: AbortSignal) => PromiseLike<T>): Op<T> {
  checkFunction(fn, 'waitAsync(fn)');
  const hub = currentHub();
  return Op.primitive(hub, (wake) => {
    const future = fromAsync(fn, hub.loop);
    future.addDoneCallback((f) => {
      if (f.cancelled()) return;
      const error = f.exception();
      if (error !== null && error !== undefined) wake(true, error);
      else wake(false, f.result());
    });
    return () => {
      future.cancel();
    };
  });
}

/**
 * Turns a promise-returning function into one that blocks the calling greenlet: the wrapper
 * takes the same arguments and returns an `Op` for `yield*`. With `{ signal: 'last' }` an
 * `AbortSignal` is passed as an extra last argument; with `{ signal: 'options' }` it is added to
 * the options object that ends the arguments (one is appended if there is none). When the
 * greenlet is killed or times out, the signal is aborted.
 *
 * ```ts no-run
 * import { setTimeout as delay } from 'node:timers/promises';
 * const coDelay = cooperative(delay<string>, { signal: 'options' });
 * const v = yield* coDelay(100, 'done'); // inside a greenlet
 * ```
 */
export function cooperative<A extends unknown[], T>(
  fn: (...args: A) => PromiseLike<T>,
  options: { signal?: 'none' | 'last' | 'options' } = {},
): (...args: A) => Op<T> {
  checkFunction(fn, 'cooperative(fn)');
  const how = options.signal ?? 'none';
  if (how !== 'none' && how !== 'last' && how !== 'options') {
    throw new InvalidArgumentError(`cooperative({ signal }) must be 'none', 'last' or 'options', got ${describeValue(how)}`);
  }
  return (...args: A) =>
    waitAsync((signal) => {
      if (how === 'none') return fn(...args);
      const full = [...args] as unknown[];
      if (how === 'last') full.push(signal);
      else {
        // An options object already given gets the signal added; otherwise one is appended.
        const last = full[full.length - 1];
        if (typeof last === 'object' && last !== null && !Array.isArray(last)) full[full.length - 1] = { ...last, signal };
        else full.push({ signal });
      }
      return fn(...(full as A));
    });
}
