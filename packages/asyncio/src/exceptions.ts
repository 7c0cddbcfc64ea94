/**
 * The errors of asyncio's own classes: the queue errors and `BrokenBarrierError`. The errors the
 * whole project shares (`CancelledError`, `TimeoutError`, `InvalidStateError`, …) come from
 * `@async/loop` and are re-exported as they are; `ExceptionGroup` has its own file.
 */

/** `getNowait()` on an empty queue (Python's `asyncio.QueueEmpty`). */
export class QueueEmpty extends Error {
  override name = 'QueueEmpty';
  constructor(message = 'the queue is empty: use get() to wait for an item') {
    super(message);
  }
}

/** `putNowait()` on a full queue (Python's `asyncio.QueueFull`). */
export class QueueFull extends Error {
  override name = 'QueueFull';
  constructor(message = 'the queue is full: use put() to wait for a free slot') {
    super(message);
  }
}

/** Putting on, or getting from, a queue that was shut down (Python's `asyncio.QueueShutDown`). */
export class QueueShutDown extends Error {
  override name = 'QueueShutDown';
  constructor(message = 'the queue was shut down') {
    super(message);
  }
}

/** A `Barrier` was aborted or reset while a task was waiting on it, or before it started to. */
export class BrokenBarrierError extends Error {
  override name = 'BrokenBarrierError';
}
