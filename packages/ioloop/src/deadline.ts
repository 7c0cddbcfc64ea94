/**
 * Deadlines as Tornado's `add_timeout` and `with_timeout` take them: an absolute loop time in
 * seconds (a number compared with `IOLoop.time()`), or a relative delay written
 * `{ seconds: n }`, this port's spelling of a `datetime.timedelta`.
 */
import { type EventLoop, InvalidArgumentError, describeValue } from '@async/loop';

/** An absolute loop time in seconds, or `{ seconds }` from now (Tornado's `timedelta`). */
export type Deadline = number | { readonly seconds: number };

/** @internal The absolute loop time for `deadline`. */
export function toDeadline(deadline: unknown, loop: EventLoop, what: string): number {
  if (typeof deadline === 'number' && !Number.isNaN(deadline)) return deadline;
  if (typeof deadline === 'object' && deadline !== null) {
    const seconds = (deadline as { seconds?: unknown }).seconds;
    if (typeof seconds === 'number' && !Number.isNaN(seconds)) return loop.time() + seconds;
  }
  throw new InvalidArgumentError(
    `${what} must be a loop time in seconds (a number, as returned by IOLoop.time()) or { seconds } from now, got ${describeValue(deadline)}`,
  );
}
