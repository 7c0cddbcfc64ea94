/**
 * The errors of Twisted's own classes (`twisted.internet.defer`, `twisted.internet.error`). The
 * errors the whole project shares — `CancelledError`, `TimeoutError`, `InvalidArgumentError` —
 * come from `@async/loop`, so a Deferred cancelled by an asyncio task and a Future cancelled by
 * a Deferred raise the same class.
 */
/** `callback()` or `errback()` on a Deferred that has already been fired. */
export class AlreadyCalledError extends Error {
    name = 'AlreadyCalledError';
    constructor(message = 'the Deferred has already been fired: a Deferred fires once') {
        super(message);
    }
}
/** `reactor.stop()` on a reactor that is not running (Twisted's `error.ReactorNotRunning`). */
export class ReactorNotRunning extends Error {
    name = 'ReactorNotRunning';
    constructor(message = "can't stop a reactor that isn't running: call run() first") {
        super(message);
    }
}
/** `run()` on a reactor that is already running (Twisted's `error.ReactorAlreadyRunning`). */
export class ReactorAlreadyRunning extends Error {
    name = 'ReactorAlreadyRunning';
    constructor(message = 'the reactor is already running: call run() once') {
        super(message);
    }
}
/** `cancel()`, `reset()` or `delay()` on a delayed call that already ran. */
export class AlreadyCalled extends Error {
    name = 'AlreadyCalled';
    constructor(message = 'the delayed call has already run: check active() first') {
        super(message);
    }
}
/** `cancel()`, `reset()` or `delay()` on a delayed call that was cancelled. */
export class AlreadyCancelled extends Error {
    name = 'AlreadyCancelled';
    constructor(message = 'the delayed call was already cancelled: check active() first') {
        super(message);
    }
}
/**
 * `DeferredList` with `fireOnOneErrback` failed because one of its Deferreds failed: `index` is
 * that Deferred's position and `subFailure` its failure.
 */
export class FirstError extends Error {
    subFailure;
    index;
    name = 'FirstError';
    constructor(
    /** The failure of the Deferred that failed first. */
    subFailure, 
    /** Its position in the list. */
    index) {
        super(`FirstError[#${index}, ${subFailure.getErrorMessage()}]`);
        this.subFailure = subFailure;
        this.index = index;
    }
}
/** `DeferredQueue.put()` on a queue holding `size` items already. */
export class QueueOverflow extends Error {
    name = 'QueueOverflow';
    constructor(message = 'the DeferredQueue is full: get() items first, or create it without a size') {
        super(message);
    }
}
/** `DeferredQueue.get()` with `backlog` gets already waiting. */
export class QueueUnderflow extends Error {
    name = 'QueueUnderflow';
    constructor(message = 'too many pending get() calls on this DeferredQueue: raise its backlog') {
        super(message);
    }
}
/** A listening port could not be opened (Twisted's `error.CannotListenError`). */
export class CannotListenError extends Error {
    iface;
    port;
    socketError;
    name = 'CannotListenError';
    constructor(
    /** The interface asked for. */
    iface, 
    /** The port asked for. */
    port, 
    /** The system error. */
    socketError) {
        super(`Couldn't listen on ${iface}:${port}: ${socketError instanceof Error ? socketError.message : String(socketError)}.`, { cause: socketError });
        this.iface = iface;
        this.port = port;
        this.socketError = socketError;
    }
}
/** The connection was closed cleanly (Twisted's `error.ConnectionDone`). */
export class ConnectionDone extends Error {
    name = 'ConnectionDone';
    constructor(message = 'Connection was closed cleanly.') {
        super(message);
    }
}
/** The connection was lost in a non-clean fashion (Twisted's `error.ConnectionLost`). */
export class ConnectionLost extends Error {
    name = 'ConnectionLost';
    constructor(message = 'Connection to the other side was lost in a non-clean fashion.', options) {
        super(message, options);
    }
}
/** A connection attempt failed (Twisted's `error.ConnectError`); `cause` is the system error. */
export class ConnectError extends Error {
    name = 'ConnectError';
    constructor(message = 'An error occurred while connecting.', options) {
        super(message, options);
    }
}
/** A netstring peer sent malformed or oversized data (Twisted's `NetstringParseError`). */
export class NetstringParseError extends Error {
    name = 'NetstringParseError';
}
//# sourceMappingURL=errors.js.map