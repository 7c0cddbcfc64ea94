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

/**
 * The stream ended before a read was satisfied (Python's `asyncio.IncompleteReadError`):
 * `readexactly(n)` at EOF, or `readuntil(sep)` at EOF without the separator. `partial` holds the
 * bytes read before the end, which are no longer in the reader's buffer.
 */
export class IncompleteReadError extends Error {
  override name = 'IncompleteReadError';
  /** The bytes read before the end of the stream. */
  readonly partial: Buffer;
  /** How many bytes were expected, or `null` when reading up to a separator. */
  readonly expected: number | null;
  constructor(partial: Buffer, expected: number | null) {
    super(
      `${partial.length} bytes read on a total of ${expected === null ? 'undefined' : expected} expected bytes: ` +
        'the stream ended first (the bytes read are in .partial)',
    );
    this.partial = partial;
    this.expected = expected;
  }
}

/**
 * A read would have gone past the reader's limit looking for a separator (Python's
 * `asyncio.LimitOverrunError`). `consumed` is how many bytes would have to be consumed; the data
 * stays in the buffer after `readuntil()`, so it can still be read with `read()`.
 */
export class LimitOverrunError extends Error {
  override name = 'LimitOverrunError';
  /** How many bytes to consume to get past the data that overran the limit. */
  readonly consumed: number;
  constructor(message: string, consumed: number) {
    super(message);
    this.consumed = consumed;
  }
}

/**
 * The operation exists in asyncio but this loop cannot do it (Python's `NotImplementedError`):
 * the core's class itself, so one `instanceof` catches it whichever package raised it.
 */
export { NotImplementedError } from '@async/loop';
