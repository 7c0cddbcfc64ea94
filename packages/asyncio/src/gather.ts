/**
 * `gather(...aws)`: Python's `asyncio.gather`. It returns a future of the results in argument
 * order. Without `returnExceptions` the first failure (or cancellation) of a child completes it
 * with that error and leaves the other children running; with it, errors take their place in
 * the results. Cancelling the gathering future cancels every child that is not done, and then
 * propagates as a `CancelledError` whatever `returnExceptions` says (bpo-32684).
 */
import {
  type EventLoop,
  Future,
  type Waitable,
  InvalidArgumentError,
  describeValue,
  getEventLoop,
  isCoroutine,
  isFuture,
  isThenable,
} from '@async/loop';
import { ensureFuture } from './tasks.js';
import type { WaitableResult } from './waitable-result.js';

/** Options of `gather()`, given as its last argument. */
export interface GatherOptions {
  /** Put errors in the results instead of failing on the first one. Default false. */
  returnExceptions?: boolean;
}

/** The results of `gather(...aws)`, one per argument. */
export type GatherResults<A extends readonly unknown[]> = { -readonly [K in keyof A]: WaitableResult<A[K]> };

/** The results of `gather(...aws, { returnExceptions: true })`: a result or the error. */
export type GatherOutcomes<A extends readonly unknown[]> = {
  -readonly [K in keyof A]: WaitableResult<A[K]> | Error;
};

/*
 * The gathering future. Its `cancel()` acts like a task's: it does not mark the future cancelled
 * at once but cancels the children, and the future completes once they are done.
 */
class GatheringFuture<T> extends Future<T> {
  /** @internal */ _cancelRequested = false;

  constructor(
    loop: EventLoop,
    private readonly _children: readonly Future<unknown>[],
  ) {
    super(loop);
  }

  override cancel(message?: string): boolean {
    if (this.done()) return false;
    let cancelledAny = false;
    for (const child of this._children) {
      if (child.cancel(message)) cancelledAny = true;
    }
    if (cancelledAny) this._cancelRequested = true;
    return cancelledAny;
  }

  override _describe(): string {
    return 'GatheringFuture';
  }
}

/**
 * A future of the results of `aws`, in order. The last argument may be the options object.
 * Coroutines are wrapped in tasks on the running loop (or the current loop); the same waitable
 * given twice is waited once and its result repeated.
 * @throws InvalidArgumentError for an argument that cannot be waited on, or futures of different
 *   loops.
 */
export function gather<const A extends readonly Waitable<unknown>[]>(...aws: A): Future<GatherResults<A>>;
export function gather<const A extends readonly Waitable<unknown>[]>(
  ...args: [...aws: A, options: GatherOptions & { returnExceptions: true }]
): Future<GatherOutcomes<A>>;
export function gather<const A extends readonly Waitable<unknown>[]>(
  ...args: [...aws: A, options: GatherOptions]
): Future<GatherResults<A> | GatherOutcomes<A>>;
export function gather(...args: unknown[]): Future<unknown[]> {
  let returnExceptions = false;
  if (args.length > 0 && isOptions(args[args.length - 1])) {
    const options = args.pop() as GatherOptions;
    returnExceptions = Boolean(options.returnExceptions);
  }
  if (args.length === 0) {
    const outer = getEventLoop().createFuture<unknown[]>();
    outer.setResult([]);
    return outer;
  }

  // Only arguments that are not futures need a table (a coroutine given twice is one task): a
  // future is its own child. Hashing 1e5 tasks into a Map was most of gather()'s own time.
  let byArgument: Map<unknown, Future<unknown>> | null = null;
  // The arguments array (gather's own rest parameter) becomes the children, each argument
  // replaced by its future in place: no second array of the same length.
  const children = args as Future<unknown>[];
  /*
   * Which arguments were done when seen (1), in argument order: bytes, not a list of futures.
   * Pushing 1e5 done tasks (eager ones) onto an array cost a write barrier and the array's
   * regrowths, about a sixth of such a gather.
   */
  let doneAtStart: Uint8Array | null = null;
  let loop: EventLoop | undefined;
  let finished = 0;
  /*
   * How many done callbacks must run before the results are complete. A future given twice gets
   * the callback twice (Python adds it once and counts distinct futures): both run in the same
   * loop iteration, one after the other, so the outcome and its timing are the same.
   */
  let expected = 0;
  let outer: GatheringFuture<unknown[]> | null = null;

  const onChildDone = (child: Future<unknown>): void => {
    finished++;
    if (outer === null || outer.done()) {
      // Nobody will look at this child's error any more; mark it retrieved.
      if (!child.cancelled()) child.exception();
      return;
    }
    if (!returnExceptions) {
      if (child.cancelled()) {
        outer.setException(child._makeCancelledError());
        return;
      }
      const error = child.exception();
      if (error !== null) {
        outer.setException(error);
        return;
      }
    }
    if (finished === expected) {
      const results = children.map((c) => {
        if (c.cancelled()) return c._makeCancelledError();
        const error = c.exception();
        return error === null ? c.result() : error;
      });
      if (outer._cancelRequested) {
        // Cancelled through gather(): that wins over returnExceptions. (Python takes the error
        // of the last child, whatever its state; so do we.)
        outer.setException(children[children.length - 1]!._makeCancelledError());
      } else {
        outer.setResult(results);
      }
    }
  };

  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    let child: Future<unknown> | undefined;
    if (isFuture(arg)) {
      child = ensureFuture(arg, loop);
    } else {
      child = byArgument?.get(arg);
      if (child !== undefined) {
        children[i] = child;
        continue;
      }
      checkWaitable(arg);
      child = ensureFuture(arg as Waitable<unknown>, loop);
      (byArgument ??= new Map()).set(arg, child);
      children[i] = child;
    }
    loop ??= child.getLoop();
    expected++;
    if (child.done()) (doneAtStart ??= new Uint8Array(args.length))[i] = 1;
    else child.addDoneCallback(onChildDone);
  }
  outer = new GatheringFuture<unknown[]>(loop!, children);
  // Children already done are counted now, so a gather of finished work completes at once.
  if (doneAtStart !== null) {
    for (let i = 0; i < children.length; i++) if (doneAtStart[i] === 1) onChildDone(children[i]!);
  }
  return outer;
}

function isOptions(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || isFuture(value) || isCoroutine(value) || isThenable(value)) {
    return false;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function checkWaitable(value: unknown): void {
  if (isFuture(value) || isCoroutine(value) || isThenable(value) || typeof value === 'function') return;
  throw new InvalidArgumentError(
    `gather() cannot wait on ${describeValue(value)}: pass futures, tasks, coroutines, promises or async functions` +
      ' (and the options object last)',
  );
}
