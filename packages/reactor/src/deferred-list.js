/**
 * `DeferredList` and `gatherResults`: Twisted's ways of waiting on several Deferreds at once.
 * A `DeferredList` is itself a Deferred of `[success, result]` pairs in the list's order (or
 * of the first success or failure with `fireOnOneCallback`/`fireOnOneErrback`).
 */
import { InvalidArgumentError, describeValue, getEventLoop } from '@async/loop';
import { Deferred } from './deferred.js';
import { Failure } from './failure.js';
import { FirstError } from './errors.js';
/** A Deferred that fires when the listed Deferreds have (see `DeferredListOptions`). */
export class DeferredList extends Deferred {
    /** The entries collected so far, one per listed Deferred (`undefined` while pending). */
    resultList;
    /** How many of the listed Deferreds have fired. */
    finishedCount = 0;
    fireOnOneCallback;
    fireOnOneErrback;
    consumeErrors;
    _deferredList;
    /** Watches `deferredList`; cancelling the DeferredList cancels every listed Deferred. */
    constructor(deferredList, options = {}) {
        super();
        if (deferredList === null || typeof deferredList?.[Symbol.iterator] !== 'function') {
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
        if (this._deferredList.length === 0 && !this.fireOnOneCallback)
            this.callback(this.resultList);
        this._deferredList.forEach((d, index) => {
            d.addCallbacks((result) => this._cbDeferred(result, index, true), (failure) => this._cbDeferred(failure, index, false));
        });
    }
    /** Cancels every listed Deferred that has not fired, unless this one has fired. */
    cancel() {
        if (this.called)
            return;
        for (const d of this._deferredList) {
            try {
                d.cancel();
            }
            catch (error) {
                // One canceller failing must not stop the others; it is reported, as Twisted logs it.
                getEventLoop().callExceptionHandler({
                    message: 'Exception while cancelling a Deferred of a DeferredList',
                    exception: error,
                    deferred: d,
                });
            }
        }
    }
    _cbDeferred(result, index, succeeded) {
        this.resultList[index] = [succeeded, result];
        this.finishedCount++;
        if (!this.called) {
            if (succeeded && this.fireOnOneCallback)
                this.callback([result, index]);
            else if (!succeeded && this.fireOnOneErrback)
                this.errback(new Failure(new FirstError(result, index)));
            else if (this.finishedCount === this.resultList.length)
                this.callback(this.resultList);
        }
        if (!succeeded && this.consumeErrors)
            return undefined;
        return result;
    }
}
/**
 * A Deferred of the listed Deferreds' results, in order; it fails with a `FirstError` as soon
 * as one of them fails. `consumeErrors` swallows the failures in the listed Deferreds.
 */
export function gatherResults(deferredList, consumeErrors = false) {
    const d = new DeferredList(deferredList, { fireOnOneErrback: true, consumeErrors });
    return d.addCallback((entries) => entries.map((entry) => entry[1]));
}
//# sourceMappingURL=deferred-list.js.map