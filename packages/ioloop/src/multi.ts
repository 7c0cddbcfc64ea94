/**
 * `multi()`: Tornado's `gen.multi` (`multi_future`), waiting on an array or a record of
 * waitables. Unlike asyncio's `gather`, it waits for *every* child before it completes, even
 * after one has failed: the first failure (in the children's order) is the result, and the other
 * failures are reported to the loop's exception handler unless they are `quietExceptions`.
 */
import { type Future, getEventLoop } from '@async/loop';
import { convertYielded } from './convert-yielded.js';
import { type QuietExceptions, isQuiet, quietList } from './quiet-exceptions.js';

/** Options of `multi()`. */
export interface MultiOptions {
  /** Error classes not reported when a second child fails. */
  quietExceptions?: QuietExceptions;
}

/** The result type of `multi()`: the children's results, in the same shape. */
export type MultiResult<C> = { -readonly [K in keyof C]: YieldedResult<C[K]> };

/** What waiting on `X` gives: a coroutine's return value, a future's or promise's result. */
export type YieldedResult<X> = X extends Generator<unknown, infer R, any> ? R : X extends PromiseLike<infer R> ? R : unknown;

/**
 * A future of the results of `children` (an array or a record of futures, coroutines, promises,
 * or anything `convertYielded` accepts), in the same shape. An empty array or record completes
 * at once.
 * @throws BadYieldError if a child cannot be waited on.
 */
export function multi<C extends readonly unknown[] | Record<string, unknown>>(
  children: C,
  options: MultiOptions = {},
): Future<MultiResult<C>> {
  const quiet = quietList(options.quietExceptions, 'multi()');
  const loop = getEventLoop();
  const isArray = Array.isArray(children);
  const keys = isArray ? null : Object.keys(children);
  const values: unknown[] = isArray ? [...(children as readonly unknown[])] : keys!.map((k) => (children as Record<string, unknown>)[k]);
  const futures = values.map((v) => convertYielded(v, loop));
  const result = loop.createFuture<MultiResult<C>>();
  const unfinished = new Set(futures);
  const collect = (): void => {
    const results: unknown[] = [];
    for (const f of futures) {
      try {
        results.push(f.result());
      } catch (error) {
        if (result.done()) {
          if (!isQuiet(error, quiet)) {
            loop.callExceptionHandler({ message: 'Multiple exceptions in yield list', exception: error, future: f });
          }
        } else {
          result.setException(error);
        }
      }
    }
    if (result.done()) return;
    if (isArray) result.setResult(results as MultiResult<C>);
    else result.setResult(Object.fromEntries(keys!.map((k, i) => [k, results[i]])) as MultiResult<C>);
  };
  if (unfinished.size === 0) {
    collect();
    return result;
  }
  for (const f of unfinished) {
    f.addDoneCallback(() => {
      unfinished.delete(f);
      if (unfinished.size === 0) collect();
    });
  }
  return result;
}
