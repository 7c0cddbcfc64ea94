/** An error class, as passed to `check()` and `trap()`. */
export type ErrorClass = abstract new (...args: any[]) => unknown;
/** An error wrapped for a Deferred's errback chain. */
export declare class Failure {
    /** The error. Usually an `Error`; anything JavaScript code threw is accepted. */
    readonly value: unknown;
    /** The error's class (its constructor), or `undefined` for a thrown primitive. */
    readonly type: Function | undefined;
    /** Wraps `value`, the error being handled. */
    constructor(value: unknown);
    /**
     * The first of `errorTypes` that the error is an instance of, or `null` when none matches.
     */
    check<E extends ErrorClass>(...errorTypes: E[]): E | null;
    /**
     * Like `check()`, but re-raises the error when none of `errorTypes` matches: an errback that
     * traps passes every other error on down the chain.
     */
    trap<E extends ErrorClass>(...errorTypes: E[]): E;
    /** Throws the wrapped error. */
    raiseException(): never;
    /** The error's message (Python's `str(exc)`). */
    getErrorMessage(): string;
    /** The error's stack trace, or its class and message when it has none. */
    getTraceback(): string;
    /** Twisted keeps the traceback light once the chain is done; JavaScript has nothing to drop. */
    cleanFailure(): void;
    toString(): string;
}
//# sourceMappingURL=failure.d.ts.map