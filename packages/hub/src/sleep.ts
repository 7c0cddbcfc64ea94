/**
 * `sleep` and `idle`: the simplest blocking calls. `sleep(0)` gives every other ready greenlet
 * and callback a turn, as in gevent.
 */
import { InvalidArgumentError, describeValue } from '@async/loop';
import { currentHub } from './hub.js';
import { Op } from './operation.js';

/**
 * Blocks the current greenlet for `seconds` (default 0: one turn of the loop) and evaluates to
 * `value`. A negative delay counts as 0, as in gevent.
 * @throws InvalidArgumentError if `seconds` is not a number.
 */
export function sleep<T = undefined>(seconds = 0, value?: T): Op<T> {
  if (typeof seconds !== 'number' || Number.isNaN(seconds)) {
    throw new InvalidArgumentError(`sleep(seconds) takes a number of seconds, got ${describeValue(seconds)}`);
  }
  const hub = currentHub();
  return Op.primitive(hub, (wake) => {
    const handle = seconds <= 0 ? hub.loop.callSoon(wake, false, value) : hub.loop.callLater(seconds, wake, false, value);
    return () => handle.cancel();
  });
}

/**
 * Blocks until the loop has run what was ready when it was called and what that scheduled in
 * turn: an approximation of gevent's `idle()`, since the `EventLoop` interface has no idle
 * watcher.
 */
export function idle(): Op<void> {
  const hub = currentHub();
  return Op.primitive(hub, (wake) => {
    let handle = hub.loop.callSoon(() => {
      handle = hub.loop.callSoon(wake, false, undefined);
    });
    return () => handle.cancel();
  });
}
