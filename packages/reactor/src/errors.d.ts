/**
 * The errors of Twisted's own classes (`twisted.internet.defer`, `twisted.internet.error`). The
 * errors the whole project shares — `CancelledError`, `TimeoutError`, `InvalidArgumentError` —
 * come from `@async/loop`, so a Deferred cancelled by an asyncio task and a Future cancelled by
 * a Deferred raise the same class.
 */
/** `callback()` or `errback()` on a Deferred that has already been fired. */
export declare class AlreadyCalledError extends Error {
    name: string;
    constructor(message?: string);
}
/** `reactor.stop()` on a reactor that is not running (Twisted's `error.ReactorNotRunning`). */
export declare class ReactorNotRunning extends Error {
    name: string;
    constructor(message?: string);
}
/** `run()` on a reactor that is already running (Twisted's `error.ReactorAlreadyRunning`). */
export declare class ReactorAlreadyRunning extends Error {
    name: string;
    constructor(message?: string);
}
/** `cancel()`, `reset()` or `delay()` on a delayed call that already ran. */
export declare class AlreadyCalled extends Error {
    name: string;
    constructor(message?: string);
}
/** `cancel()`, `reset()` or `delay()` on a delayed call that was cancelled. */
export declare class AlreadyCancelled extends Error {
    name: string;
    constructor(message?: string);
}
/**
 * `DeferredList` with `fireOnOneErrback` failed because one of its Deferreds failed: `index` is
 * that Deferred's position and `subFailure` its failure.
 */
export declare class FirstError extends Error {
    /** The failure of the Deferred that failed first. */
    readonly subFailure: import('./failure.js').Failure;
    /** Its position in the list. */
    readonly index: number;
    name: string;
    constructor(
    /** The failure of the Deferred that failed first. */
    subFailure: import('./failure.js').Failure, 
    /** Its position in the list. */
    index: number);
}
/** `DeferredQueue.put()` on a queue holding `size` items already. */
export declare class QueueOverflow extends Error {
    name: string;
    constructor(message?: string);
}
/** `DeferredQueue.get()` with `backlog` gets already waiting. */
export declare class QueueUnderflow extends Error {
    name: string;
    constructor(message?: string);
}
/** A listening port could not be opened (Twisted's `error.CannotListenError`). */
export declare class CannotListenError extends Error {
    /** The interface asked for. */
    readonly iface: string;
    /** The port asked for. */
    readonly port: number | string;
    /** The system error. */
    readonly socketError: unknown;
    name: string;
    constructor(
    /** The interface asked for. */
    iface: string, 
    /** The port asked for. */
    port: number | string, 
    /** The system error. */
    socketError: unknown);
}
/** The connection was closed cleanly (Twisted's `error.ConnectionDone`). */
export declare class ConnectionDone extends Error {
    name: string;
    constructor(message?: string);
}
/** The connection was lost in a non-clean fashion (Twisted's `error.ConnectionLost`). */
export declare class ConnectionLost extends Error {
    name: string;
    constructor(message?: string, options?: ErrorOptions);
}
/** A connection attempt failed (Twisted's `error.ConnectError`); `cause` is the system error. */
export declare class ConnectError extends Error {
    name: string;
    constructor(message?: string, options?: ErrorOptions);
}
/** A netstring peer sent malformed or oversized data (Twisted's `NetstringParseError`). */
export declare class NetstringParseError extends Error {
    name: string;
}
//# sourceMappingURL=errors.d.ts.map