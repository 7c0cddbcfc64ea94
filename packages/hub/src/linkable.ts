/**
 * What `wait`, `iwait` and `joinall` can wait on: an object that becomes ready once and calls
 * raw links when it does (gevent's `rawlink`/`unlink` protocol), such as a `Greenlet`, an
 * `AsyncResult` or an `Event`.
 */

/** A callback given the object that became ready; it runs in the hub and must not block. */
export type RawLink<T> = (source: T) => void;

/** An object `wait`/`iwait` can wait on. */
export interface Linkable {
  /** True once the object is ready (done, set). */
  ready(): boolean;
  /** Calls `callback(this)` from the hub once ready (soon, if it is already). */
  rawlink(callback: RawLink<this>): void;
  /** Removes a callback added with `rawlink`. */
  unlink(callback: RawLink<this>): void;
}

/** True for an object that implements `Linkable`. */
export function isLinkable(value: unknown): value is Linkable {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Linkable).ready === 'function' &&
    typeof (value as Linkable).rawlink === 'function' &&
    typeof (value as Linkable).unlink === 'function'
  );
}
