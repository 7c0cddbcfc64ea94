/**
 * `withTimeout()`: Tornado's `gen.with_timeout`. The returned future fails with `TimeoutError`
 * at the deadline, but the wrapped future is *not* cancelled: it keeps running, and if it fails
 * later its error is reported to the loop's exception handler unless it is one of
 * `quietExceptions` (Tornado logs it).
 */
import { type Future, TimeoutError, getEventLoop } from '@async/loop';
import { convertYielded } from './convert-yielded.js';
import { type Deadline, toDeadline } from './deadline.js';
import { type QuietExceptions, isQuiet, quietList } from './quiet-exceptions.js';
import type { YieldedResult } from './multi.js';

/** Options of `withTimeout()`. */
export interface WithTimeoutOptions {
  /** Error classes of the wrapped future not reported when it fails after the timeout. */
  quietExceptions?: QuietExceptions;
}

/**
 * A future with the result of `future` (anything `convertYielded` accepts), or a
 * `TimeoutError` once `timeout` (an absolute loop time, or `{ seconds }` from now) has passed.
 * @throws InvalidArgumentError for a bad deadline; BadYieldError for a bad `future`.
 */
export function withTimeout<W>(timeout: Deadline, future: W, options: WithTimeoutOptions = {}): Future<YieldedResult<W>> {
  const loop = getEventLoop();
  const when = toDeadline(timeout, loop, 'withTimeout(timeout)');
  const quiet = quietList(options.quietExceptions, 'withTimeout()');
  const inner = convertYielded(future, loop) as Future<YieldedResult<W>>;
  const result = loop.createFuture<YieldedResult<W>>();
  const handle = loop.callAt(when, () => {
    if (!result.done()) result.setException(new TimeoutError('Timeout'));
    inner.addDoneCallback((f) => {
      if (f.cancelled()) return;
      const error = f.exception();
      if (error !== null && !isQuiet(error, quiet)) {
        loop.callExceptionHandler({ message: 'Exception in Future after timeout', exception: error, future: f });
      }
    });
  });
  inner.addDoneCallback((f) => {
    handle.cancel();
    if (result.done()) return;
    if (f.cancelled()) result.cancel();
    else {
      const error = f.exception();
      if (error !== null) result.setException(error);
      else result.setResult(f.result());
    }
  });
  return result;
}
