/**
 * `Failure`: Twisted's wrapper around an error travelling down a Deferred's errback chain. It
 * keeps the error (`value`), its class (`type`) and where it was thrown, and lets an errback
 * pick the errors it handles (`check`, `trap`).
 */
import { InvalidArgumentError, describeValue } from '@async/loop';
/** An error wrapped for a Deferred's errback chain. */
export class Failure {
    /** The error. Usually an `Error`; anything JavaScript code threw is accepted. */
    value;
    /** The error's class (its constructor), or `undefined` for a thrown primitive. */
    type;
    /** Wraps `value`, the error being handled. */
    constructor(value) {
        if (value instanceof Failure) {
            throw new InvalidArgumentError('new Failure(failure): the value is already a Failure; pass it on as it is');
        }
        this.value = value;
        this.type =
            typeof value === 'object' && value !== null ? value.constructor : undefined;
    }
    /**
     * The first of `errorTypes` that the error is an instance of, or `null` when none matches.
     */
    check(...errorTypes) {
        for (const errorType of errorTypes) {
            if (typeof errorType !== 'function') {
                throw new InvalidArgumentError(`Failure.check() takes error classes, got ${describeValue(errorType)}`);
            }
            if (this.value instanceof errorType)
                return errorType;
        }
        return null;
    }
    /**
     * Like `check()`, but re-raises the error when none of `errorTypes` matches: an errback that
     * traps passes every other error on down the chain.
     */
    trap(...errorTypes) {
        const found = this.check(...errorTypes);
        if (found === null)
            this.raiseException();
        return found;
    }
    /** Throws the wrapped error. */
    raiseException() {
        throw this.value;
    }
    /** The error's message (Python's `str(exc)`). */
    getErrorMessage() {
        if (this.value instanceof Error)
            return this.value.message;
        return String(this.value);
    }
    /** The error's stack trace, or its class and message when it has none. */
    getTraceback() {
        if (this.value instanceof Error && typeof this.value.stack === 'string')
            return this.value.stack;
        return `${this.type?.name ?? typeof this.value}: ${this.getErrorMessage()}`;
    }
    /** Twisted keeps the traceback light once the chain is done; JavaScript has nothing to drop. */
    cleanFailure() { }
    toString() {
        return `[Failure instance: ${this.type?.name ?? typeof this.value}: ${this.getErrorMessage()}]`;
    }
}
//# sourceMappingURL=failure.js.map