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
 * An argument has the wrong type or value. A subclass of `TypeError` so that code written
 * against plain JavaScript conventions still catches it.
 */
export class InvalidArgumentError extends TypeError {
  override name = 'InvalidArgumentError';
}
