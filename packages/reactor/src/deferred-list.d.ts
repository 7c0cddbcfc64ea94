import { Deferred } from './deferred.js';
import { Failure } from './failure.js';
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
export declare class DeferredList<T = unknown> extends Deferred<any> {
    /** The entries collected so far, one per listed Deferred (`undefined` while pending). */
    readonly resultList: (DeferredListEntry<T> | undefined)[];
    /** How many of the listed Deferreds have fired. */
    finishedCount: number;
    readonly fireOnOneCallback: boolean;
    readonly fireOnOneErrback: boolean;
    readonly consumeErrors: boolean;
    private readonly _deferredList;
    /** Watches `deferredList`; cancelling the DeferredList cancels every listed Deferred. */
    constructor(deferredList: Iterable<Deferred<T>>, options?: DeferredListOptions);
    /** Cancels every listed Deferred that has not fired, unless this one has fired. */
    cancel(): void;
    private _cbDeferred;
}
/**
 * A Deferred of the listed Deferreds' results, in order; it fails with a `FirstError` as soon
 * as one of them fails. `consumeErrors` swallows the failures in the listed Deferreds.
 */
export declare function gatherResults<T>(deferredList: Iterable<Deferred<T>>, consumeErrors?: boolean): Deferred<T[]>;
//# sourceMappingURL=deferred-list.d.ts.map