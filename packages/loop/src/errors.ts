/**
 * The error types shared by every front. Their names follow PEP 3156 / asyncio so a Python
 * user recognises them; fronts map their own errors (Twisted's `CancelledError`, gevent's
 * `GreenletExit`) onto these in the bridges.
 */

/**
 * Raised into a coroutine, or stored in a future, when the operation was cancelled.
 *
 * As in asyncio, cancellation is an exception so that `try/finally` blocks in a coroutine run
 * their cleanup at the point where it was waiting.
 */
export class CancelledError extends Error {
  override name = 'CancelledError';
  constructor(message = 'the operation was cancelled', options?: ErrorOptions) {
    super(message, options);
  }
}

/**
 * An operation is not allowed in the current state of its object: a second `setResult()` on a
 * future, `result()` of a future that is not done, and so on.
 */
export class InvalidStateError extends Error {
  override name = 'InvalidStateError';
}

/** A deadline passed before the awaited operation finished. */
export class TimeoutError extends Error {
  override name = 'TimeoutError';
  constructor(message = 'the operation timed out', options?: ErrorOptions) {
    super(message, options);
  }
}

/**
 * The loop is closed: nothing can be scheduled on it any more. Create a new loop (for example
 * with `new NodeEventLoop()` and `setEventLoop()`) instead of reusing a closed one.
 */
export class LoopClosedError extends Error {
  override name = 'LoopClosedError';
  constructor(message = 'the event loop is closed; create a new loop instead of reusing this one') {
    super(message);
  }
}

/**
 * A loop operation conflicts with the loop's running state: running a loop that is already
 * running, closing a running loop, or asking for the running loop when none runs.
 */
export class LoopStateError extends Error {
  override name = 'LoopStateError';
}

/**
 * The operation exists in the interface but this implementation cannot do it, as Python's
 * `NotImplementedError`: for example `startTls()` on `VirtualEventLoop`, whose in-memory
 * transports have no TLS. The message says which implementation to use instead.
 */
export class NotImplementedError extends Error {
  override name = 'NotImplementedError';
}

/**
 * An argument has the wrong type or value. A subclass of `TypeError` so that code written
 * against plain JavaScript conventions still catches it.
 */
export class InvalidArgumentError extends TypeError {
  override name = 'InvalidArgumentError';
}

/** What an `OSError` may carry besides its message. */
export interface OSErrorOptions extends ErrorOptions {
  /** The system error code, such as `'ECONNREFUSED'`. */
  code?: string;
  /** The (negative, libuv-style) errno Node reported, if any. */
  errno?: number;
}

/**
 * An error from the operating system or the network, as Python's `OSError`. Networking errors
 * are raised as its subclasses (`ConnectionRefusedError`, `AddressInUseError`, …); the original
 * Node error, when there is one, is kept as `cause` and its code as `code`.
 */
export class OSError extends Error {
  override name = 'OSError';
  /** The system error code, such as `'ECONNRESET'`, or `undefined`. */
  readonly code: string | undefined;
  /** The errno Node reported (negative on libuv platforms), or `undefined`. */
  readonly errno: number | undefined;
  constructor(message: string, options: OSErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.errno = options.errno;
  }
}

/** A connection-related `OSError`, as Python's `ConnectionError`. */
export class ConnectionError extends OSError {
  override name = 'ConnectionError';
}

/** Nobody listens at the address connected to (`ECONNREFUSED`). */
export class ConnectionRefusedError extends ConnectionError {
  override name = 'ConnectionRefusedError';
}

/** The peer reset the connection (`ECONNRESET`). */
export class ConnectionResetError extends ConnectionError {
  override name = 'ConnectionResetError';
}

/** The connection was aborted on this side (`ECONNABORTED`). */
export class ConnectionAbortedError extends ConnectionError {
  override name = 'ConnectionAbortedError';
}

/** Writing to a connection whose peer has gone (`EPIPE`). */
export class BrokenPipeError extends ConnectionError {
  override name = 'BrokenPipeError';
}

/** The address to listen on is taken by another socket (`EADDRINUSE`). */
export class AddressInUseError extends OSError {
  override name = 'AddressInUseError';
}

/** The address to bind is not one of this machine's (`EADDRNOTAVAIL`). */
export class AddressNotAvailableError extends OSError {
  override name = 'AddressNotAvailableError';
}

/** A host name could not be resolved, as Python's `socket.gaierror` (`ENOTFOUND`, `EAI_*`). */
export class NameResolutionError extends OSError {
  override name = 'NameResolutionError';
}

/** A path does not exist, such as a UNIX socket nobody created (`ENOENT`). */
export class FileNotFoundError extends OSError {
  override name = 'FileNotFoundError';
}

/** The operating system refused the operation (`EACCES`, `EPERM`). */
export class PermissionError extends OSError {
  override name = 'PermissionError';
}

/** A TLS failure (handshake, protocol), as Python's `ssl.SSLError`. */
export class SSLError extends OSError {
  override name = 'SSLError';
}

/**
 * The peer's certificate failed verification: untrusted, expired, or not for the host name
 * asked for, as Python's `ssl.SSLCertVerificationError`.
 */
export class SSLCertVerificationError extends SSLError {
  override name = 'SSLCertVerificationError';
}
