/**
 * `StopIteration`: the sentinel that ends iteration over a gevent queue. In gevent a producer
 * puts the `StopIteration` class itself and `for item in queue:` ends when it is got; here the
 * producer puts this value, and `queue.next()`, `for await` and `queue.each()` end on it.
 */

/** Put this in a queue to end its iteration (gevent: `queue.put(StopIteration)`). */
export const StopIteration: unique symbol = Symbol('StopIteration');

/** The type of `StopIteration`: add it to a queue's item type, `Queue<string | StopIteration>`. */
export type StopIteration = typeof StopIteration;
