/**
 * `DeferredList` and `gatherResults`: Twisted's ways of waiting on several Deferreds at once.
 * A `DeferredList` is itself a Deferred of `[success, result]` pairs in the list's order (or
 * of the first success or failure with `fireOnOneCallback`/`fireOnOneErrback`).
 */
import { InvalidArgumentError, describeValue, getEventLoop } from '@async/loop';
import { Deferred } from './deferred.js';
import { Failure } from './failure.js';
import { FirstError } from './errors.js';

/** One entry of a `DeferredList`'s result: `[true, result]` or `[false, failure]`. */
export type DeferredListEntry<T> = [true, T] | [false, Failure];

/** Options of a `DeferredList`, as Twisted's keyword arguments. */
export interface DeferredListOptions {
  /** Fire with `[result, index]` as soon as one Deferred succeeds. */
  fireOnOneCallback?: boolean;
  /** Fail with a `FirstError` as soon as one Deferred fails. */
  fireOnOneErrback?: boolean;
  /** Swallow the failures in the listed Deferreds (their chains go on with `undefined`). */
  consumeErrors?: boolean;
}

/** A Deferred that fires when the listed Deferreds have (see `DeferredListOptions`). */
export class DeferredList<T = unknown> extends Deferred<any> {
  /** The entries collected so far, one per listed Deferred (`undefined` while pending). */
  readonly resultList: (DeferredListEntry<T> | undefined)[];
  /** How many of the listed Deferreds have fired. */
  finishedCount = 0;
  readonly fireOnOneCallback: boolean;
  readonly fireOnOneErrback: boolean;
  readonly consumeErrors: boolean;
  private readonly _deferredList: Deferred<T>[];

  /** Watches `deferredList`; cancelling the DeferredList cancels every listed Deferred. */
  constructor(deferredList: Iterable<Deferred<T>>, options: DeferredListOptions = {}) {
    super();
    if (deferredList === null || typeof (deferredList as Iterable<unknown>)?.[Symbol.iterator] !== 'function') {
      throw new InvalidArgumentError(`DeferredList() takes a list of Deferreds, got ${describeValue(deferredList)}`);
    }
    this._deferredList = [...deferredList];
    this._deferredList.forEach((d, i) => {
      if (!(d instanceof Deferred)) {
        throw new InvalidArgumentError(`DeferredList() item ${i} is not a Deferred: ${describeValue(d)}`);
      }
    });
    this.resultList = new Array(this._deferredList.length).fill(undefined);
    this.fireOnOneCallback = options.fireOnOneCallback ?? false;
    this.fireOnOneErrback = options.fireOnOneErrback ?? false;
    this.consumeErrors = options.consumeErrors ?? false;
    if (this._deferredList.length === 0 && !this.fireOnOneCallback) this.callback(this.resultList);
    this._deferredList.forEach((d, index) => {
      d.addCallbacks(
        (result: T) => this._cbDeferred(result, index, true),
        (failure: Failure) => this._cbDeferred(failure, index, false),
      );
    });
  }

  /** Cancels every listed Deferred that has not fired, unless this one has fired. */
  override cancel(): void {
    if (this.called) return;
    for (const d of this._deferredList) {
      try {
        d.cancel();
      } catch (error) {
        // One canceller failing must not stop the others; it is reported, as Twisted logs it.
        getEventLoop().callExceptionHandler({
          message: 'Exception while cancelling a Deferred of a DeferredList',
          exception: error,
          deferred: d,
        });
      }
    }
  }

  private _cbDeferred(result: unknown, index: number, succeeded: boolean): unknown {
    this.resultList[index] = [succeeded, result] as DeferredListEntry<T>;
    this.finishedCount++;
    if (!this.called) {
      if (succeeded && this.fireOnOneCallback) this.callback([result, index]);
      else if (!succeeded && this.fireOnOneErrback) this.errback(new Failure(new FirstError(result as Failure, index)));
      else if (this.finishedCount === this.resultList.length) this.callback(this.resultList);
    }
    if (!succeeded && this.consumeErrors) return undefined;
    return result;
  }
}

/**
 * A Deferred of the listed Deferreds' results, in order; it fails with a `FirstError` as soon
 * as one of them fails. `consumeErrors` swallows the failures in the listed Deferreds.
 */
export function gatherResults<T>(deferredList: Iterable<Deferred<T>>, consumeErrors = false): Deferred<T[]> {
  const d = new DeferredList<T>(deferredList, { fireOnOneErrback: true, consumeErrors });
  return d.addCallback((entries: DeferredListEntry<T>[]) => entries.map((entry) => entry[1] as T));
}
