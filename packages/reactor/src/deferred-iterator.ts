/**
 * What `yield* deferred` steps through: hands the Deferred to the driver (an asyncio `Task`,
 * `inlineCallbacks`, Tornado's `gen`, a greenlet's hub) and evaluates to what the driver sends
 * back. A small object where a generator would cost a frame and a resume at every wait.
 */
import type { Deferred } from './deferred.js';

/**
 * The iterator of a Deferred: at its first step it finishes with the result if the Deferred has
 * one ready (consuming it, or throwing the failure's error), else it yields the Deferred; its
 * second step finishes with the value the driver resumes it with.
 */
export class DeferredIterator<T> implements IterableIterator<unknown, T, unknown> {
  /**
   * Keeps the class's hidden class alive across full GCs (see `Deferred`'s): every `yield*` of a
   * Deferred makes one, and they die young. Made finished (`null`): deferred.ts, which imports
   * this module, has not defined `Deferred` yet when this runs.
   */
  static readonly #mapAnchor: DeferredIterator<never> = new DeferredIterator<never>(null);

  /** The Deferred until it has been handed out, then `null`. */
  private _deferred: Deferred<T> | null;

  /** @param deferred what to hand out; `null` makes an iterator that has finished. */
  constructor(deferred: Deferred<T> | null) {
    this._deferred = deferred;
  }

  /** Iterators are iterable, so `yield* d[Symbol.iterator]()` works too. */
  [Symbol.iterator](): this {
    return this;
  }

  next(value?: unknown): IteratorResult<unknown, T> {
    const deferred = this._deferred;
    if (deferred === null) return { value: value as T, done: true };
    this._deferred = null;
    if (deferred._resultReady()) return { value: deferred._takeResult(), done: true };
    return { value: deferred, done: false };
  }

  /** An error raised at the wait goes on up through `yield*`. */
  throw(error?: unknown): IteratorResult<unknown, T> {
    this._deferred = null;
    throw error;
  }

  /** The waiting coroutine is being closed at the wait. */
  return(value?: unknown): IteratorResult<unknown, T> {
    this._deferred = null;
    return { value: value as T, done: true };
  }
}
