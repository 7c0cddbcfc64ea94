/**
 * `QueueEmpty` and `QueueFull`: what Tornado's `get_nowait()` and `put_nowait()` raise when
 * they cannot proceed at once. They are Tornado's own classes, as in Python, not asyncio's.
 */

/** Raised by `Queue.getNowait()` when there is no item. */
export class QueueEmpty extends Error {
  override name = 'QueueEmpty';
}

/** Raised by `Queue.putNowait()` when the queue is at its `maxsize`. */
export class QueueFull extends Error {
  override name = 'QueueFull';
}
